// Whether the role in database-url may do what the pending migrations and the gate itself will
// do, judged read-only before the first change. Pure: what the SQL needs, read statement by
// statement, against what the catalog says the role holds (src/postgres/privileges.ts).
//
// Error or warning: a privilege a migration needs is an error, because Prisma would stop at
// that statement after the migrations before it were applied, leaving the half-migrated state
// this gate exists to prevent. A privilege only the gate's own diagnosis needs is a warning:
// without pg_read_all_stats the lock holder is named less fully, and without
// pg_signal_backend a stale holder of another role is waited for instead of ended; the
// migrations themselves are as safe either way.
import { touchedObjects } from "../check/touched-objects.js";
import { GateError } from "../errors.js";
import { quoteIdentifier } from "../postgres/identifiers.js";
import type { MigrationSql } from "../prisma/project.js";
import { shellQuote } from "../report/shell.js";
import { lex } from "../sql/lexer.js";
import { failedCheck, type Judged, type PreflightOutcome } from "./checks.js";

export type TablePrivilege = "INSERT" | "UPDATE" | "DELETE" | "TRUNCATE" | "REFERENCES";

/** What the pending migrations need from the role, each with the first migration that needs it. */
export interface PrivilegeNeeds {
  /** A migration creates something in the schema (a table, a type, an index). */
  createInSchema?: string;
  /** Relations (tables, views, indexes, sequences) it alters or drops: only their owner may. */
  ownedRelations: Map<string, string>;
  /** Types it alters or drops (ALTER TYPE … ADD VALUE). */
  ownedTypes: Map<string, string>;
  /** Rows it writes, or tables its foreign keys reference: `table` → privilege → migration. */
  tablePrivileges: Map<string, Map<TablePrivilege, string>>;
  /** Statements whose needs cannot be read from their text (DO blocks, functions). */
  unreadable: Array<{ migration: string; statement: string }>;
}

const WRITES: Record<string, TablePrivilege> = { INSERT: "INSERT", UPDATE: "UPDATE", DELETE: "DELETE", TRUNCATE: "TRUNCATE" };

/** `column:user.email`, `constraint:user.x`, `table:user`, `index:i`, `sequence:s` → the relation; `type:t` → the type. */
function ownedObject(object: string): { kind: "relation" | "type"; name: string } | undefined {
  const colon = object.indexOf(":");
  const rest = object.slice(colon + 1);
  switch (object.slice(0, colon)) {
    case "table":
    case "index":
    case "sequence":
      return { kind: "relation", name: rest };
    case "column":
    case "constraint":
      return { kind: "relation", name: rest.slice(0, rest.lastIndexOf(".")) };
    case "type":
      return { kind: "type", name: rest };
    default:
      return undefined;
  }
}

export function privilegeNeeds(migrations: readonly MigrationSql[]): PrivilegeNeeds {
  const needs: PrivilegeNeeds = { ownedRelations: new Map(), ownedTypes: new Map(), tablePrivileges: new Map(), unreadable: [] };
  const needPrivilege = (table: string, privilege: TablePrivilege, migration: string) => {
    const privileges = needs.tablePrivileges.get(table) ?? new Map<TablePrivilege, string>();
    if (!privileges.has(privilege)) privileges.set(privilege, migration);
    needs.tablePrivileges.set(table, privileges);
  };
  for (const migration of migrations) {
    for (const statement of lex(migration.sql).statements) {
      const verb = statement.tokens[0]?.text.toUpperCase() ?? "";
      const touched = touchedObjects(statement.text);
      if (touched.opaque.length > 0) {
        needs.unreadable.push({ migration: migration.name, statement: touched.opaque[0] });
        continue;
      }
      if (verb === "CREATE") needs.createInSchema ??= migration.name;
      for (const read of touched.reads) {
        const table = ownedObject(read);
        if (table?.kind === "relation") needPrivilege(table.name, "REFERENCES", migration.name);
      }
      for (const object of touched.objects) {
        const owned = ownedObject(object);
        if (!owned) continue;
        if (WRITES[verb]) {
          needPrivilege(owned.name, WRITES[verb], migration.name);
          continue;
        }
        // A CREATE TABLE's own table and a CREATE INDEX's own index do not exist yet; the
        // catalog tells, since only existing objects are checked.
        const target = owned.kind === "type" ? needs.ownedTypes : needs.ownedRelations;
        if (!target.has(owned.name)) target.set(owned.name, migration.name);
      }
    }
  }
  return needs;
}

/** What the catalog says about the role, read by src/postgres/privileges.ts. */
export interface RoleFacts {
  readonly role: string;
  readonly superuser: boolean;
  readonly database: string;
  readonly schema: string;
  /** Undefined when the schema does not exist yet (Prisma creates it, which needs CREATE on the database). */
  readonly schemaCreate?: boolean;
  readonly databaseCreate: boolean;
  readonly readAllStats: boolean;
  readonly signalBackend: boolean;
  /** Undefined when _prisma_migrations does not exist yet. */
  readonly history?: { readonly select: boolean; readonly insert: boolean; readonly update: boolean };
  /** Existing relations among those asked about, by name. */
  readonly relations: ReadonlyMap<string, { readonly owner: string; readonly owned: boolean; readonly privileges: ReadonlySet<TablePrivilege> }>;
  readonly types: ReadonlyMap<string, { readonly owner: string; readonly owned: boolean }>;
}

export interface GateNeeds {
  /** terminate-stale-lock-after is set: the gate may end another session. */
  readonly terminatesStaleLocks: boolean;
  /** How messages name an option. */
  readonly name: (option: string) => string;
}

function databaseCheck(subject: string, outcome: PreflightOutcome, detail: string): Judged {
  return { area: "Database", subject, outcome, detail };
}

interface Missing {
  readonly subject: string;
  readonly why: string;
  readonly grant: string;
}

export function judgeDatabasePrivileges(needs: PrivilegeNeeds, facts: RoleFacts, gate: GateNeeds): Judged[] {
  const role = quoteIdentifier(facts.role);
  const qualified = (name: string) => `${quoteIdentifier(facts.schema)}.${quoteIdentifier(name)}`;
  if (facts.superuser) {
    return [databaseCheck(`role ${facts.role}`, "passed", "a superuser: it may do everything the migrations and the gate need")];
  }
  const checks: Judged[] = [];
  const missing: Missing[] = [];

  const createsSomething = needs.createInSchema ?? (facts.history ? undefined : "Prisma's own _prisma_migrations table");
  if (createsSomething) {
    const what = needs.createInSchema ? `migration ${needs.createInSchema} creates objects in it` : "Prisma creates _prisma_migrations in it";
    if (facts.schemaCreate === undefined) {
      if (facts.databaseCreate) checks.push(databaseCheck("CREATE on the database", "passed", `schema ${facts.schema} does not exist yet; Prisma may create it`));
      else missing.push({ subject: "CREATE on the database", why: `schema ${facts.schema} does not exist and role ${facts.role} may not create it`, grant: `GRANT CREATE ON DATABASE ${quoteIdentifier(facts.database)} TO ${role};` });
    } else if (facts.schemaCreate) {
      checks.push(databaseCheck(`CREATE on schema ${facts.schema}`, "passed", `granted (${what})`));
    } else {
      missing.push({ subject: `CREATE on schema ${facts.schema}`, why: `${what}, and role ${facts.role} may not create objects there`, grant: `GRANT USAGE, CREATE ON SCHEMA ${quoteIdentifier(facts.schema)} TO ${role};` });
    }
  }
  if (facts.history) {
    const lacking = (["select", "insert", "update"] as const).filter((privilege) => !facts.history?.[privilege]).map((privilege) => privilege.toUpperCase());
    if (lacking.length > 0) {
      missing.push({
        subject: "_prisma_migrations",
        why: `Prisma records every migration there and role ${facts.role} lacks ${lacking.join(", ")} on it`,
        grant: `GRANT ${lacking.join(", ")} ON TABLE ${qualified("_prisma_migrations")} TO ${role};`,
      });
    }
  }

  const owned: string[] = [];
  for (const [name, migration] of needs.ownedRelations) {
    const relation = facts.relations.get(name);
    if (!relation) continue;
    if (relation.owned) owned.push(name);
    else missing.push(notOwner("table", name, relation.owner, migration, facts.role));
  }
  for (const [name, migration] of needs.ownedTypes) {
    const type = facts.types.get(name);
    if (!type) continue;
    if (type.owned) owned.push(name);
    else missing.push(notOwner("type", name, type.owner, migration, facts.role));
  }
  if (owned.length > 0) checks.push(databaseCheck("ownership", "passed", `role ${facts.role} owns what the pending migrations alter: ${owned.join(", ")}`));

  const granted: string[] = [];
  for (const [name, privileges] of needs.tablePrivileges) {
    const relation = facts.relations.get(name);
    if (!relation) continue;
    for (const [privilege, migration] of privileges) {
      if (relation.owned || relation.privileges.has(privilege)) {
        granted.push(`${privilege} on ${name}`);
        continue;
      }
      missing.push({
        subject: `${privilege} on table ${name}`,
        why: `migration ${migration} needs ${privilege} on ${name}, which role ${facts.role} lacks`,
        grant: `GRANT ${privilege} ON TABLE ${qualified(name)} TO ${role};`,
      });
    }
  }
  if (granted.length > 0) checks.push({ area: "Database", subject: "table privileges", outcome: "passed", detail: granted.join(", ") });

  for (const { migration, statement } of needs.unreadable) {
    checks.push(databaseCheck(`migration ${migration}`, "unverifiable", `what \`${statement}\` needs cannot be read from its text; its privileges are found when it runs`));
  }

  checks.push(
    facts.readAllStats
      ? databaseCheck("pg_read_all_stats", "passed", "every session in pg_stat_activity is visible to name a lock holder")
      : {
          area: "Database",
          subject: "pg_read_all_stats",
          outcome: "warning",
          detail: `role ${facts.role} sees other roles' sessions in pg_stat_activity without their query or client: a lock holder of another role is named by pid only. To see it in full: \`GRANT pg_read_all_stats TO ${role};\``,
        },
  );
  if (gate.terminatesStaleLocks) {
    checks.push(
      facts.signalBackend
        ? databaseCheck("pg_signal_backend", "passed", `${gate.name("terminate-stale-lock-after")} may end a stale lock holder of any role`)
        : {
            area: "Database",
            subject: "pg_signal_backend",
            outcome: "warning",
            detail: `${gate.name("terminate-stale-lock-after")} can end only sessions of role ${facts.role}: a stale lock holder of another role is waited for until the timeout. To end those too: \`GRANT pg_signal_backend TO ${role};\``,
          },
    );
  }

  if (missing.length > 0) {
    const error = new GateError(
      "db-permission-denied",
      `Role ${facts.role} lacks what the pending migrations need: ${missing.map((item) => `${item.subject} (${item.why})`).join("; ")}. Prisma would have stopped there with "permission denied" or "must be owner", after applying the migrations before it, so nothing was migrated.`,
      [
        `As the tables' owner or a superuser (not with ${gate.name("database-url")}), run: \`psql "$OWNER_DATABASE_URL" -c ${shellQuote(missing.map((item) => item.grant).join(" "))}\``,
        "Or migrate with the role that owns the tables, then re-run the workflow.",
      ],
    );
    for (const item of missing) checks.push(failedCheck("Database", item.subject, error, `${item.why}; fix: \`${item.grant}\``));
  }
  return checks;
}

/** Membership in the owning role gives its rights: the one GRANT that lets the migration alter it. */
function notOwner(kind: "table" | "type", name: string, owner: string, migration: string, role: string): Missing {
  return {
    subject: `ownership of ${kind} ${name}`,
    why: `migration ${migration} alters ${kind} ${name}, owned by ${owner}: PostgreSQL lets only its owner (or a member of the owner's role) do that ("must be owner of ${kind} ${name}")`,
    grant: `GRANT ${quoteIdentifier(owner)} TO ${quoteIdentifier(role)};`,
  };
}
