// Finds the statement of migration.sql that failed, so the summary and the annotation can
// point at its line. Pure.

export interface StatementLocation {
  /** 1-based line where the statement starts. */
  line: number;
  statement: string;
}

interface Span {
  start: number;
  end: number;
}

/** Statement spans, aware of quotes, dollar quotes and comments, so a `;` inside them does not split. */
export function statementSpans(sql: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const char = sql[i];
    const next = sql[i + 1];
    if (char === "-" && next === "-") {
      i = sql.indexOf("\n", i);
      if (i < 0) break;
    } else if (char === "/" && next === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? sql.length : close + 2;
      continue;
    } else if (char === "'" || char === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === char && sql[j + 1] === char) j += 2;
        else if (sql[j] === char) break;
        else j++;
      }
      i = j + 1;
      continue;
    } else if (char === "$") {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? sql.length : close + tag[0].length;
        continue;
      }
    } else if (char === ";") {
      spans.push({ start, end: i + 1 });
      start = i + 1;
    }
    i++;
  }
  if (sql.slice(start).trim().length > 0) spans.push({ start, end: sql.length });
  return spans
    .map((span) => trimSpan(sql, span))
    .filter((span): span is Span => span !== undefined);
}

/** Drops leading blank lines and comments so a span starts at its first keyword. */
function trimSpan(sql: string, span: Span): Span | undefined {
  let start = span.start;
  for (;;) {
    const rest = sql.slice(start, span.end);
    const skip = /^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)/.exec(rest);
    if (!skip) break;
    start += skip[0].length;
  }
  return start < span.end && sql.slice(start, span.end).trim() !== ";" ? { start, end: span.end } : undefined;
}

function lineAt(sql: string, offset: number): number {
  return sql.slice(0, offset).split("\n").length;
}

function locationOf(sql: string, span: Span): StatementLocation {
  return { line: lineAt(sql, span.start), statement: sql.slice(span.start, span.end).trim() };
}

/** The statement that contains a character offset reported by PostgreSQL (1-based, as Prisma prints it). */
export function statementAtPosition(sql: string, position: number): StatementLocation | undefined {
  const offset = Math.max(0, position - 1);
  const span = statementSpans(sql).find((candidate) => offset >= candidate.start && offset < candidate.end);
  return span && locationOf(sql, span);
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
  const spans = statementSpans(sql);
  for (const name of names) {
    const pattern = new RegExp(`(^|[^\\w])"?${escapeRegExp(name)}"?([^\\w]|$)`, "i");
    const span = spans.find((candidate) => pattern.test(sql.slice(candidate.start, candidate.end)));
    if (span) return locationOf(sql, span);
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
