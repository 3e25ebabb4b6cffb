// Decides whether an UPDATE's WHERE clause still touches every row of the table: none at
// all, one that is always true (`true`, `1 = 1`), only the join condition of UPDATE ... FROM,
// or `IS NULL` on a column the same deploy just added (all its rows are NULL). Pure.
import type { SqlToken } from "../sql/lexer.js";
import { isPunct, isWordToken, splitTopLevel, topLevel } from "./sql-cursor.js";

export interface WhereContext {
  /** UPDATE ... FROM: column-to-column equalities are join conditions, not filters. */
  hasFrom: boolean;
  /** Columns (folded names) of the updated table that hold only NULLs so far. */
  isNullsOnlyColumn: (column: string) => boolean;
}

/** The top-level clause starting at `keyword`, up to the next of `enders` (or the end). */
export function clauseAt(tokens: readonly SqlToken[], keyword: string, enders: readonly string[]): SqlToken[] | undefined {
  const outside = new Set(topLevel(tokens));
  const start = tokens.findIndex((token) => outside.has(token) && isWordToken(token, keyword));
  if (start === -1) return undefined;
  const end = tokens.findIndex((token, k) => k > start && outside.has(token) && enders.some((word) => isWordToken(token, word)));
  return tokens.slice(start + 1, end === -1 ? undefined : end);
}

/** `((a = b))` → `a = b`, but `(a) = (b)` stays as it is. */
function withoutOuterParentheses(tokens: SqlToken[]): SqlToken[] {
  while (tokens.length >= 2 && isPunct(tokens[0], "(")) {
    let depth = 0;
    const closing = tokens.findIndex((token) => (isPunct(token, "(") ? ++depth : isPunct(token, ")") ? --depth : depth) === 0);
    if (closing !== tokens.length - 1) break;
    tokens = tokens.slice(1, -1);
  }
  return tokens;
}

function isColumnReference(tokens: readonly SqlToken[]): boolean {
  if (tokens.length === 0 || tokens.length % 2 === 0) return false;
  return tokens.every((token, k) => (k % 2 === 0 ? token.kind === "quoted" || (token.kind === "word" && !/^\d/.test(token.text)) : isPunct(token, ".")));
}

function lastName(tokens: readonly SqlToken[]): string {
  const token = tokens[tokens.length - 1];
  return token.kind === "quoted" ? token.text : token.text.toLowerCase();
}

function sameTokens(a: readonly SqlToken[], b: readonly SqlToken[]): boolean {
  return a.length === b.length && a.every((token, k) => token.kind === b[k].kind && token.text.toLowerCase() === b[k].text.toLowerCase());
}

function coversEveryRow(condition: SqlToken[], context: WhereContext): boolean {
  const tokens = withoutOuterParentheses(condition);
  if (tokens.length === 1 && isWordToken(tokens[0], "TRUE")) return true;
  const equals = tokens.findIndex((token) => isPunct(token, "="));
  if (equals > 0 && topLevel(tokens).includes(tokens[equals])) {
    const left = tokens.slice(0, equals);
    const right = tokens.slice(equals + 1);
    if (!left.some((token) => token.kind === "word" && !/^\d/.test(token.text)) && sameTokens(left, right)) return true;
    if (context.hasFrom && isColumnReference(left) && isColumnReference(right)) return true;
  }
  const isNull = tokens.length >= 3 && isWordToken(tokens[tokens.length - 2], "IS") && isWordToken(tokens[tokens.length - 1], "NULL");
  if (isNull) {
    const column = tokens.slice(0, -2);
    return isColumnReference(column) && context.isNullsOnlyColumn(lastName(column));
  }
  return false;
}

/** True when `where` (the tokens after WHERE, or undefined for no WHERE) selects every row. */
export function whereCoversEveryRow(where: SqlToken[] | undefined, context: WhereContext): boolean {
  if (where === undefined) return true;
  const conjuncts = splitTopLevel(where, (token) => isWordToken(token, "AND"));
  return conjuncts.length > 0 && conjuncts.every((conjunct) => coversEveryRow(conjunct, context));
}
