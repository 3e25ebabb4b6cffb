// Expand or contract: what a pending migration does to the version of the application that is
// still running while it applies, and to the new version that is about to start.
// - expand: it only adds what a new version may start using (tables, columns, enum types and
//   values, views); the running version does not notice. Safe before the deploy.
// - contract: it removes or restricts what the running version may still use (the check's
//   rules below). Safe only once no running version needs it: after the deploy.
// - mixed: both at once (a rename, a column added and made required in one file); no moment
//   is safe for both versions.
// - neutral: neither (indexes, data changes, comments); safe either side of the deploy.
// A contract finding acknowledged with `-- gate:ignore <rule-id> <reason>` does not count:
// whoever wrote the reason has said the running version no longer uses what it removes
// (the usual second half of an expand → code → contract sequence). Pure.
import { splitStatements, type SqlStatement } from "../sql/lexer.js";
import { RULE_IDS, RULES, type RuleId } from "./rules.js";
import { lintMigrations, type Finding } from "./sql-lint.js";
import { Cursor, isWordToken, splitTopLevel, type Name } from "./sql-cursor.js";
import type { MigrationSql } from "../prisma/project.js";

/** The rules whose findings break a version that still uses what the migration removes or restricts. */
const CONTRACT_RULES: ReadonlySet<RuleId> = new Set(RULE_IDS.filter((id) => RULES[id].contract));

export type MigrationPhase = "expand" | "contract" | "mixed" | "neutral";

export interface ContractStep {
  ruleId: RuleId;
  line: number;
  /** The reason of the `gate:ignore` that acknowledges it; such a step does not make the migration a contract. */
  acknowledged?: string;
}

export interface ClassifiedMigration {
  name: string;
  phase: MigrationPhase;
  /** Every contract step found, acknowledged ones included (marked). */
  contractSteps: ContractStep[];
  /** What it adds that a new version may start using: `column "User"."nickname"`, `table "Order"`. */
  additions: string[];
}

/** A schema object as the additions name it: the folded key that identifies it (kind included), and how it is shown. */
interface ObjectName {
  key: string;
  display: string;
}

const table = (name: Name): ObjectName => ({ key: `table:${name.key}`, display: `table ${name.display}` });
// Views and tables share one namespace in PostgreSQL, so one key; shown for what they are.
const view = (name: Name): ObjectName => ({ key: `table:${name.key}`, display: `view ${name.display}` });
const column = (of: Name, name: Name): ObjectName => ({ key: `column:${of.key}.${name.key}`, display: `column ${of.display}.${name.display}` });
const type = (name: Name): ObjectName => ({ key: `type:${name.key}`, display: `type ${name.display}` });
const value = (of: Name, label: string): ObjectName => ({ key: `value:${of.key}.${label}`, display: `value ${label} of ${of.display}` });

/**
 * The objects a file leaves behind that did not exist before it, in order. Creating and
 * renaming count; an object the same file drops again, or that takes the place of one it
 * removed (Prisma recreates an enum as `Role_new`, renames it to `Role`, drops the old one),
 * is no addition.
 */
class Additions {
  private readonly added = new Map<string, string>();
  private readonly removed = new Set<string>();

  create(object: ObjectName): void {
    if (!this.removed.has(object.key)) this.added.set(object.key, object.display);
  }

  drop(object: ObjectName): void {
    this.added.delete(object.key);
    this.removed.add(object.key);
  }

  rename(from: ObjectName, to: ObjectName): void {
    if (!this.added.delete(from.key)) this.removed.add(from.key);
    this.create(to);
  }

  list(): string[] {
    return [...this.added.values()];
  }
}

function readCreate(cursor: Cursor, additions: Additions): void {
  cursor.accept("OR", "REPLACE");
  cursor.accept("UNLOGGED");
  cursor.accept("MATERIALIZED");
  const kind = cursor.accept("TABLE") ? table : cursor.accept("VIEW") ? view : cursor.accept("TYPE") ? type : undefined;
  cursor.accept("IF", "NOT", "EXISTS");
  const name = kind && cursor.name();
  if (kind && name) additions.create(kind(name));
}

function readDrop(cursor: Cursor, additions: Additions): void {
  cursor.accept("MATERIALIZED");
  const kind = cursor.accept("TABLE") ? table : cursor.accept("VIEW") ? view : cursor.accept("TYPE") ? type : undefined;
  cursor.accept("IF", "EXISTS");
  if (!kind) return;
  for (const part of splitTopLevel(cursor.rest())) {
    const name = new Cursor(part).name();
    if (name) additions.drop(kind(name));
  }
}

function readAlterType(cursor: Cursor, additions: Additions): void {
  const name = cursor.name();
  if (!name) return;
  if (cursor.accept("RENAME", "TO")) {
    const to = cursor.name();
    if (to) additions.rename(type(name), type(to));
  } else if (cursor.accept("ADD", "VALUE")) {
    cursor.accept("IF", "NOT", "EXISTS");
    const label = cursor.peek();
    if (label?.kind === "string") additions.create(value(name, label.text));
  } else if (cursor.accept("RENAME", "VALUE")) {
    const from = cursor.peek();
    const to = cursor.peek(2);
    if (from?.kind === "string" && isWordToken(cursor.peek(1), "TO") && to?.kind === "string") additions.rename(value(name, from.text), value(name, to.text));
  }
}

/** ALTER TABLE or ALTER VIEW, the keywords read: a rename of the relation, or its columns' actions. */
function readAlterRelation(cursor: Cursor, relation: (name: Name) => ObjectName, additions: Additions): void {
  cursor.accept("IF", "EXISTS");
  cursor.accept("ONLY");
  const name = cursor.name();
  if (!name) return;
  if (cursor.accept("RENAME", "TO")) {
    const to = cursor.name();
    if (to) additions.rename(relation(name), relation(to));
    return;
  }
  for (const action of splitTopLevel(cursor.rest())) {
    const act = new Cursor(action);
    if (act.accept("RENAME")) {
      if (act.isWord("CONSTRAINT")) continue;
      act.accept("COLUMN");
      const from = act.name();
      act.accept("TO");
      const to = act.name();
      if (from && to) additions.rename(column(name, from), column(name, to));
    } else if (act.accept("ADD")) {
      if (act.isWord("CONSTRAINT") || act.isTableConstraint()) continue;
      act.accept("COLUMN");
      act.accept("IF", "NOT", "EXISTS");
      const added = act.name();
      if (added) additions.create(column(name, added));
    } else if (act.accept("DROP")) {
      if (act.isWord("CONSTRAINT")) continue;
      act.accept("COLUMN");
      act.accept("IF", "EXISTS");
      const dropped = act.name();
      if (dropped) additions.drop(column(name, dropped));
    }
  }
}

function additionsOf(statements: readonly SqlStatement[]): string[] {
  const additions = new Additions();
  for (const statement of statements) {
    const cursor = new Cursor(statement.tokens);
    if (cursor.accept("CREATE")) readCreate(cursor, additions);
    else if (cursor.accept("DROP")) readDrop(cursor, additions);
    else if (cursor.accept("ALTER", "TYPE")) readAlterType(cursor, additions);
    else if (cursor.accept("ALTER", "TABLE")) readAlterRelation(cursor, table, additions);
    else if (cursor.accept("ALTER", "VIEW") || cursor.accept("ALTER", "MATERIALIZED", "VIEW")) readAlterRelation(cursor, view, additions);
  }
  return additions.list();
}

function phaseOf(counted: readonly ContractStep[], additions: readonly string[]): MigrationPhase {
  if (counted.length > 0) return additions.length > 0 ? "mixed" : "contract";
  return additions.length > 0 ? "expand" : "neutral";
}

function contractStep(finding: Finding): ContractStep {
  return { ruleId: finding.ruleId, line: finding.line, ...(finding.suppressed ? { acknowledged: finding.suppressionReason } : {}) };
}

/**
 * Classifies the pending migrations, in the order Prisma applies them. `applied` are the
 * migrations the database already has: the linter reads them to know which tables exist and
 * what their columns' types are (a table an earlier pending migration creates is new, so
 * restricting it breaks nobody).
 */
export function classifyMigrations(pending: readonly MigrationSql[], applied: readonly MigrationSql[]): ClassifiedMigration[] {
  const findings = lintMigrations(
    pending.map((migration) => ({ path: migration.name, sql: migration.sql })),
    { deployed: applied.map((migration) => ({ path: migration.name, sql: migration.sql })) },
  );
  return pending.map((migration) => {
    const contractSteps = findings.filter((finding) => finding.file === migration.name && CONTRACT_RULES.has(finding.ruleId)).map(contractStep);
    const additions = additionsOf(splitStatements(migration.sql));
    const counted = contractSteps.filter((step) => step.acknowledged === undefined);
    return { name: migration.name, phase: phaseOf(counted, additions), contractSteps, additions };
  });
}

/** Whether the running version may break once it is applied. */
export function breaksRunningVersion(migration: ClassifiedMigration): boolean {
  return migration.phase === "contract" || migration.phase === "mixed";
}
