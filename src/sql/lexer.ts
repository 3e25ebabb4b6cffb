// Reads SQL the way PostgreSQL tokenizes it (quotes, dollar quotes, nested comments) and
// splits it into statements with their positions. Shared by the pull-request linter and the
// locator of a failed migration's statement. Pure.

type TokenKind = "word" | "quoted" | "string" | "punct";

export interface SqlToken {
  kind: TokenKind;
  /** Words as written, quoted identifiers unescaped, strings with their quotes. */
  text: string;
  offset: number;
  end: number;
  line: number;
  column: number;
}

export interface SqlComment {
  text: string;
  line: number;
  endLine: number;
}

export interface SqlStatement {
  /** Source text from the first token to the last, without the terminating semicolon. */
  text: string;
  line: number;
  column: number;
  endLine: number;
  tokens: SqlToken[];
}

export interface Lexed {
  statements: SqlStatement[];
  comments: SqlComment[];
  /** Lines holding at least one token, so comment-only lines can be told apart. */
  codeLines: Set<number>;
  commentLines: Set<number>;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;

/** What the scan reports besides statements: comments, and the lines that hold code. */
interface ScanSink {
  comment(comment: SqlComment): void;
  codeLine(line: number): void;
}

/**
 * Statements one at a time, each with its tokens: a caller that reads them in one pass holds
 * one statement's tokens at a time, not a whole 50 MB file's.
 */
function* scan(sql: string, sink: ScanSink): Generator<SqlStatement> {
  let current: SqlToken[] = [];
  let closed: SqlStatement | undefined;
  let line = 1;
  let lineStart = 0;
  let i = 0;

  const advanceTo = (target: number) => {
    for (; i < target; i++) {
      if (sql[i] === "\n") {
        line++;
        lineStart = i + 1;
      }
    }
  };
  const closeStatement = (endLine: number) => {
    if (current.length === 0) return;
    const first = current[0];
    const last = current[current.length - 1];
    closed = {
      text: sql.slice(first.offset, last.end),
      line: first.line,
      column: first.column,
      endLine,
      tokens: current,
    };
    current = [];
  };
  const push = (kind: TokenKind, start: number, end: number, text: string) => {
    const token: SqlToken = { kind, text, offset: start, end, line, column: start - lineStart + 1 };
    sink.codeLine(line);
    advanceTo(end);
    return token;
  };

  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "\n" || c === " " || c === "\t" || c === "\r" || c === "\f") {
      advanceTo(i + 1);
    } else if (c === "-" && next === "-") {
      const newline = sql.indexOf("\n", i);
      const end = newline === -1 ? sql.length : newline;
      sink.comment({ text: sql.slice(i, end).replace(/\r$/, ""), line, endLine: line });
      advanceTo(end);
    } else if (c === "/" && next === "*") {
      const startLine = line;
      const start = i;
      let depth = 0;
      let j = i;
      while (j < sql.length) {
        if (sql[j] === "/" && sql[j + 1] === "*") {
          depth++;
          j += 2;
        } else if (sql[j] === "*" && sql[j + 1] === "/") {
          depth--;
          j += 2;
          if (depth === 0) break;
        } else j++;
      }
      advanceTo(j);
      sink.comment({ text: sql.slice(start, j), line: startLine, endLine: line });
    } else if (c === ";") {
      sink.codeLine(line);
      closeStatement(line);
      advanceTo(i + 1);
    } else if (c === "'" || ((c === "E" || c === "e") && next === "'" && !isWordBefore(sql, i))) {
      const backslashEscapes = c !== "'";
      const start = i;
      let j = backslashEscapes ? i + 2 : i + 1;
      while (j < sql.length) {
        if (backslashEscapes && sql[j] === "\\") j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      const end = Math.min(j + 1, sql.length);
      current.push(push("string", start, end, sql.slice(start, end)));
    } else if (c === '"') {
      let j = i + 1;
      let value = "";
      while (j < sql.length) {
        if (sql[j] === '"' && sql[j + 1] === '"') {
          value += '"';
          j += 2;
        } else if (sql[j] === '"') break;
        else value += sql[j++];
      }
      current.push(push("quoted", i, Math.min(j + 1, sql.length), value));
    } else if (c === "$" && !isWordBefore(sql, i) && !DIGIT.test(next ?? "")) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close === -1 ? sql.length : close + tag[0].length;
        current.push(push("string", i, end, sql.slice(i, end)));
      } else current.push(push("punct", i, i + 1, c));
    } else if (WORD_START.test(c) || DIGIT.test(c)) {
      let j = i + 1;
      while (j < sql.length && WORD_PART.test(sql[j])) j++;
      current.push(push("word", i, j, sql.slice(i, j)));
    } else {
      current.push(push("punct", i, i + 1, c));
    }
    if (closed) {
      yield closed;
      closed = undefined;
    }
  }
  closeStatement(line);
  if (closed) yield closed;
}

export function lex(sql: string): Lexed {
  const comments: SqlComment[] = [];
  const codeLines = new Set<number>();
  const statements = [...scan(sql, { comment: (comment) => comments.push(comment), codeLine: (line) => codeLines.add(line) })];
  const commentLines = new Set(comments.flatMap((comment) => range(comment.line, comment.endLine)));
  return { statements, comments, codeLines, commentLines };
}

function isWordBefore(sql: string, index: number): boolean {
  return index > 0 && WORD_PART.test(sql[index - 1]);
}

/** Splits a migration file into statements, each with the line and column where it starts. */
export function splitStatements(sql: string): SqlStatement[] {
  return [...statementsOf(sql)];
}

const IGNORE_COMMENTS: ScanSink = { comment: () => undefined, codeLine: () => undefined };

/** The statements one at a time, for a reader that needs one pass and may stop early. */
export function statementsOf(sql: string): Iterable<SqlStatement> {
  return scan(sql, IGNORE_COMMENTS);
}


function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}
