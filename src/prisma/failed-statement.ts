// Finds the statement of migration.sql that failed, so the summary and the annotation can
// point at its line. Pure.
import { splitStatements, type SqlStatement } from "../sql/lexer.js";

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
  // comments before a statement belongs to it.
  const statement = splitStatements(sql).find((candidate) => offset < endOf(candidate));
  return statement && locationOf(statement);
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
  const statements = splitStatements(sql);
  for (const name of names) {
    const pattern = new RegExp(`(^|[^\\w])"?${escapeRegExp(name)}"?([^\\w]|$)`, "i");
    const statement = statements.find((candidate) => pattern.test(candidate.text));
    if (statement) return locationOf(statement);
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
