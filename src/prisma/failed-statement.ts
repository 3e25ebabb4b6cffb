// Finds the statement of migration.sql that failed, so the summary and the annotation can
// point at its line. Pure.
import { statementsOf, type SqlStatement } from "../sql/lexer.js";

export interface StatementLocation {
  /** 1-based line where the statement starts. */
  line: number;
  /** The statement as written, without its terminating semicolon. */
  statement: string;
}

function locationOf(statement: SqlStatement): StatementLocation {
  return { line: statement.line, statement: statement.text };
}

function endOf(statement: SqlStatement): number {
  return statement.tokens[statement.tokens.length - 1]?.end ?? 0;
}

/** The statement that contains a character offset reported by PostgreSQL (1-based, as Prisma prints it). */
export function statementAtPosition(sql: string, position: number): StatementLocation | undefined {
  const offset = Math.max(0, position - 1);
  // The first statement not yet over at that offset: a position in the blank lines or
  // comments before a statement belongs to it. Read one statement at a time, up to it.
  for (const candidate of statementsOf(sql)) {
    if (offset < endOf(candidate)) return locationOf(candidate);
  }
  return undefined;
}

/**
 * When only the database's message is known ("type \"bogus\" does not exist"), the failing
 * statement is the first one that names the object the message names.
 */
export function statementNamedByError(sql: string, databaseError: string): StatementLocation | undefined {
  const quoted = [...databaseError.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
  const bare = /(?:table|relation|type|column|index|constraint):?\s+([A-Za-z_][\w.]*)/i.exec(databaseError)?.[1];
  const names = [...quoted, ...(bare ? [bare] : [])].map((name) => name.split(".").pop() as string);
  if (names.length === 0) return undefined;
  const patterns = names.map((name) => new RegExp(`(^|[^\\w])"?${escapeRegExp(name)}"?([^\\w]|$)`, "i"));
  // One pass over the statements, keeping for each name the first statement that names it;
  // the first name (in the message's order) that some statement names wins.
  const firstNaming: (StatementLocation | undefined)[] = patterns.map(() => undefined);
  for (const candidate of statementsOf(sql)) {
    patterns.forEach((pattern, index) => {
      if (!firstNaming[index] && pattern.test(candidate.text)) firstNaming[index] = locationOf(candidate);
    });
    if (firstNaming[0]) break;
  }
  return firstNaming.find((location) => location !== undefined);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
