// Whether cancelling a migration while it waits for a lock provably leaves nothing of it
// behind, decided from its migration.sql before it runs. Pure.
//
// Prisma's native schema engine sends the whole file as one simple-query message, which
// PostgreSQL runs as one implicit transaction (see failed-migration-effects.ts for where that
// is read from). A cancelled statement then rolls back every statement of the file, unless
// the file steps outside that transaction itself:
// - transaction control (BEGIN, COMMIT, SAVEPOINT, …) commits part of it or changes its shape;
// - statements that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM,
//   …) make the file run differently, and a cancelled CREATE INDEX CONCURRENTLY leaves an
//   INVALID index behind;
// - CALL runs a procedure, whose own transaction control is the procedure's business;
// - dblink works through another session, whose effects no rollback of this one reaches.
// Functions the file calls are trusted to do their work inside the caller's transaction.
//
// Through a driver adapter (Prisma 6's `engine: "js"`), the file is sent statement by
// statement; the gate then cancels only a statement whose text begins the file (nothing of the
// file ran before it), which the runtime check in the lock-wait guard establishes.
import { hasWords, isWordToken } from "../check/sql-cursor.js";
import type { BoundedLockWait } from "../check/sql-lint.js";
import { splitStatements, type SqlStatement } from "../sql/lexer.js";

export type CancelSafety = { provable: true } | { provable: false; why: string; line: number };

const TRANSACTION_CONTROL = ["BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE"];

/** Statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001), by their leading words. */
const OUTSIDE_TRANSACTION: readonly (readonly string[])[] = [
  ["VACUUM"],
  ["CREATE", "DATABASE"],
  ["DROP", "DATABASE"],
  ["CREATE", "TABLESPACE"],
  ["DROP", "TABLESPACE"],
  ["ALTER", "SYSTEM"],
  ["CREATE", "SUBSCRIPTION"],
  ["ALTER", "SUBSCRIPTION"],
  ["DROP", "SUBSCRIPTION"],
  ["REINDEX", "SYSTEM"],
  ["REINDEX", "DATABASE"],
  ["DISCARD", "ALL"],
];

function startsWith(statement: SqlStatement, words: readonly string[]): boolean {
  return words.every((word, k) => isWordToken(statement.tokens[k], word));
}

function leadingWord(statement: SqlStatement): string {
  return statement.tokens[0]?.kind === "word" ? statement.tokens[0].text.toUpperCase() : "";
}

function whyNotProvable(statement: SqlStatement): string | undefined {
  const first = leadingWord(statement);
  // `PREPARE name AS …` is a prepared statement, `PREPARE TRANSACTION` is two-phase commit.
  if (TRANSACTION_CONTROL.includes(first) && (first !== "PREPARE" || isWordToken(statement.tokens[1], "TRANSACTION"))) {
    return `it controls the transaction itself (${first})`;
  }
  if (first === "CALL") return "it calls a procedure (CALL), which may commit on its own";
  const outside = OUTSIDE_TRANSACTION.find((words) => startsWith(statement, words));
  if (outside) return `${outside.join(" ")} cannot run inside a transaction`;
  if (hasWords(statement.tokens, "CONCURRENTLY")) return "a CONCURRENTLY operation cannot run inside a transaction";
  if (first === "CLUSTER" && statement.tokens.length === 1) return "CLUSTER without a table cannot run inside a transaction";
  // Inside a DO body or a function too: the text is searched, not only the words.
  if (/\bdblink/i.test(statement.text)) return "it uses dblink, whose work no rollback of this session undoes";
  return undefined;
}

/** Provable when every statement of the file stays inside the one implicit transaction. */
export function cancelSafety(sql: string): CancelSafety {
  for (const statement of splitStatements(sql)) {
    const why = whyNotProvable(statement);
    if (why) return { provable: false, why, line: statement.line };
  }
  return { provable: true };
}

/**
 * Whether the statement a backend is running (`pg_stat_activity.query`, cut to
 * track_activity_query_size) is this migration file, sent whole, or its first statement: in
 * either case nothing of the file ran before it in another transaction.
 */
export function runsFromFileStart(runningQuery: string, fileSql: string): boolean {
  const query = runningQuery.replace(/\r\n/g, "\n");
  const sql = fileSql.replace(/\r\n/g, "\n");
  return query.trim().length > 0 && (sql.startsWith(query) || sql.trimStart().startsWith(query.trimStart()));
}

export interface WaitToJudge {
  onAdvisoryLock: boolean;
  waitedMs: number;
  query: string | null;
  migration?: string;
}

export type LockWaitDecision =
  /** Nothing to do: under the limit, the limit is off, or Prisma waits for its own advisory lock. */
  | { action: "none" }
  | { action: "cancel" }
  /** Over the limit, but cancelling is not provably safe: keep waiting and say why. */
  | { action: "keep-waiting"; why: string };

/**
 * What to do about a Prisma backend waiting for a lock. `migrationSql` is the file of the
 * migration being applied, when there is one locally.
 */
export function decideLockWait(wait: WaitToJudge, limitMs: number, migrationSql: string | undefined): LockWaitDecision {
  if (limitMs <= 0 || wait.onAdvisoryLock || wait.waitedMs < limitMs) return { action: "none" };
  if (!wait.migration || migrationSql === undefined) return { action: "keep-waiting", why: "which migration is being applied is not known" };
  const safety = cancelSafety(migrationSql);
  if (!safety.provable) return { action: "keep-waiting", why: `${wait.migration} cannot be cancelled without leaving part of it behind: line ${safety.line}, ${safety.why}` };
  if (wait.query === null) return { action: "keep-waiting", why: "the waiting statement is not visible to this database user (grant it pg_read_all_stats)" };
  if (!runsFromFileStart(wait.query, migrationSql)) return { action: "keep-waiting", why: `the waiting statement is not ${wait.migration}'s migration.sql from its start` };
  return { action: "cancel" };
}

/**
 * The pull-request check's view of ddl-lock-wait: the gate cuts short the lock waits of the
 * migrations it can cancel, and only reports those of the others.
 */
export function gateLockWaitBound(option: string, limit: string): BoundedLockWait {
  return {
    reason: `the gate cancels a lock wait longer than ${option} (${limit}) and retries the migration`,
    uncovered(sql) {
      const safety = cancelSafety(sql);
      if (safety.provable) return undefined;
      return `The gate's ${option} does not bound this file's lock waits: it cannot be cancelled without leaving part of it behind (line ${safety.line}, ${safety.why}), so the gate only reports the wait`;
    },
  };
}
