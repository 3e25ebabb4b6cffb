// What a failed migration left behind, and whether a decision about it is safe. Pure: the
// resolve command reads the catalogs and the history table, this decides what they mean.
import { diffCatalogs, type CatalogDifference, type CatalogObjectKind, type CatalogSnapshot } from "../postgres/catalog-diff.js";
import type { LockHolder } from "../postgres/lock-holder.js";
import { splitStatements, type SqlStatement } from "../sql/lexer.js";

/** How the schema engine executes a migration file. */
export type SchemaEngineKind =
  /** The native engine (Prisma 6 and 7): the whole file as one simple-query message. */
  | "native"
  /** Prisma 6 with a driver adapter (`engine: "js"` in prisma.config.ts): statement by statement. */
  | "driver-adapter";

/** How the file ran, which decides whether a failure can have left anything behind. */
export type ExecutionMode =
  /** One simple query without transaction control: PostgreSQL ran it as one implicit transaction, rolled back on error. */
  | { kind: "implicit-transaction" }
  /** BEGIN/COMMIT/ROLLBACK of its own: what ran before its first COMMIT stays committed. */
  | { kind: "own-transaction-control"; line: number; statement: string }
  /** A statement that only runs outside a transaction (CREATE INDEX CONCURRENTLY can leave an invalid index behind). */
  | { kind: "outside-transaction"; line: number; statement: string }
  /** The engine committed each statement on its own. */
  | { kind: "statement-by-statement" };

const TRANSACTION_CONTROL = new Set(["BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT"]);

function words(statement: SqlStatement): string[] {
  return statement.tokens.filter((token) => token.kind === "word").map((token) => token.text.toUpperCase());
}

/** Statements PostgreSQL refuses inside a transaction block. */
function runsOutsideTransaction(statement: SqlStatement): boolean {
  const [first, second] = words(statement);
  if (first === "VACUUM" || (first === "ALTER" && second === "SYSTEM")) return true;
  if ((first === "CREATE" || first === "DROP") && (second === "DATABASE" || second === "TABLESPACE")) return true;
  const concurrently = words(statement).includes("CONCURRENTLY");
  return concurrently && (first === "REINDEX" || ((first === "CREATE" || first === "DROP") && words(statement).slice(1, 4).includes("INDEX")));
}

function firstLine(statement: SqlStatement): string {
  const text = statement.text.split("\n")[0];
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

export function executionModeOf(sql: string, engine: SchemaEngineKind): ExecutionMode {
  if (engine === "driver-adapter") return { kind: "statement-by-statement" };
  const statements = splitStatements(sql);
  const control = statements.find((statement) => TRANSACTION_CONTROL.has(words(statement)[0] ?? "") && !words(statement).includes("PREPARED"));
  if (control) return { kind: "own-transaction-control", line: control.line, statement: firstLine(control) };
  const outside = statements.find(runsOutsideTransaction);
  if (outside) return { kind: "outside-transaction", line: outside.line, statement: firstLine(outside) };
  return { kind: "implicit-transaction" };
}

/** One effect of the migration on the schema, and whether the database shows it. */
export interface MigrationEffect {
  change: "creates" | "drops" | "changes";
  object: CatalogObjectKind;
  name: string;
  parent: string | null;
  /** True when the database is, for this object, as the migration leaves it. */
  inDatabase: boolean;
}

function keyOf(difference: Pick<CatalogDifference, "object" | "name" | "parent">): string {
  return `${difference.object}\u0000${difference.parent ?? ""}\u0000${difference.name}`;
}

const CHANGE_OF_KIND = { extra: "creates", missing: "drops", changed: "changes" } as const;

/**
 * The migration's effects (what the history up to it produces beyond the history before it),
 * each checked against the live database: an effect is in place when the live database and
 * the history up to the migration agree on that object. What a table or enum it creates holds
 * (columns, indexes, constraints, values) is listed on its own where the database lacks it.
 */
export function effectsOfMigration(before: CatalogSnapshot, after: CatalogSnapshot, live: CatalogSnapshot): MigrationEffect[] {
  const outstanding = diffCatalogs(after, live);
  const outstandingKeys = new Set(outstanding.map(keyOf));
  const effects = diffCatalogs(before, after).map((difference): MigrationEffect => ({
    change: CHANGE_OF_KIND[difference.kind],
    object: difference.object,
    name: difference.name,
    parent: difference.parent,
    inDatabase: !outstandingKeys.has(keyOf(difference)),
  }));
  const created = new Set(effects.filter((effect) => effect.change === "creates" && effect.inDatabase && effect.parent === null).map((effect) => effect.name));
  const unfinishedInside = outstanding
    .filter((difference) => difference.parent !== null && created.has(difference.parent) && difference.kind !== "extra")
    .map((difference): MigrationEffect => ({
      change: difference.kind === "missing" ? "creates" : "changes",
      object: difference.object,
      name: difference.name,
      parent: difference.parent,
      inDatabase: false,
    }));
  return [...effects, ...unfinishedInside];
}

export function describeEffect(effect: MigrationEffect): string {
  const owner = effect.parent === null ? "" : ` of "${effect.parent}"`;
  return `${effect.change} ${effect.object} "${effect.name}"${owner}`;
}

/** Whether the migration is still being applied, or failed. */
export type RunState =
  /** Lock 72707369 is held by a live session (running a statement or inside a transaction). */
  | "running"
  /** Nobody holds the lock: the run that applied it is gone. */
  | "failed"
  /** The lock is held by an idle session (a leftover), or one whose state this user may not see. */
  | "lock-held";

export function runStateOf(lockHolder: LockHolder | undefined): RunState {
  if (!lockHolder) return "failed";
  return lockHolder.kind === "live" ? "running" : "lock-held";
}

/** How much of the migration the database holds. */
export type Committed = "nothing" | "part" | "all" | "unknown";

export function committedOf(mode: ExecutionMode, effects: readonly MigrationEffect[] | undefined): Committed {
  if (effects !== undefined && effects.length > 0) {
    const present = effects.filter((effect) => effect.inDatabase).length;
    if (present === effects.length) return "all";
    if (present > 0) return "part";
    return "nothing";
  }
  return mode.kind === "implicit-transaction" ? "nothing" : "unknown";
}

/** One sentence on what the failed run can have committed, from how the file ran. */
export function explainExecution(mode: ExecutionMode): string {
  switch (mode.kind) {
    case "implicit-transaction":
      return "The file ran as one implicit transaction (one simple query, no transaction control of its own), which PostgreSQL rolled back when a statement failed: nothing of it was committed.";
    case "own-transaction-control":
      return `The file has transaction control of its own (line ${mode.line}: ${mode.statement}): what ran before it failed may be committed.`;
    case "outside-transaction":
      return `The file runs a statement that cannot run inside a transaction (line ${mode.line}: ${mode.statement}): a failure can leave part of it behind (an invalid index, say).`;
    case "statement-by-statement":
      return "The schema engine (a driver adapter in prisma.config.ts) commits each statement on its own: the statements before the failing one are committed.";
  }
}

/** SQL that takes `live` back to `before`: drops first, innermost objects first; then what must be recreated. */
export function downSqlFromCatalogs(before: CatalogSnapshot, live: CatalogSnapshot): string[] {
  const differences = diffCatalogs(live, before);
  const drops = differences.filter((difference) => difference.kind === "missing").reverse();
  const rest = differences.filter((difference) => difference.kind !== "missing");
  return [...drops, ...rest].map((difference) => difference.sql ?? `-- No SQL can be derived for: ${difference.description}. Write it by hand.`);
}
