// Reading helpers over the tokens of one statement: words, names as PostgreSQL folds them,
// comma-separated parts outside parentheses. Pure.
import type { SqlToken } from "../sql/lexer.js";

/** A table, column, type or index name, compared the way PostgreSQL folds identifiers. */
export interface Name {
  key: string;
  display: string;
}

export function nameOf(token: SqlToken): Name {
  return token.kind === "quoted" ? { key: token.text, display: `"${token.text}"` } : { key: token.text.toLowerCase(), display: token.text };
}

export function isWordToken(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === "word" && token.text.toUpperCase() === word;
}

export function isPunct(token: SqlToken | undefined, text: string): boolean {
  return token?.kind === "punct" && token.text === text;
}

/** Reads words and names left to right over a run of tokens. */
export class Cursor {
  index = 0;
  constructor(readonly tokens: readonly SqlToken[]) {}

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(offset = 0): SqlToken | undefined {
    return this.tokens[this.index + offset];
  }

  isWord(word: string, offset = 0): boolean {
    return isWordToken(this.peek(offset), word);
  }

  /**
   * Whether a table constraint comes next (PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK, EXCLUDE), in
   * a CREATE TABLE body or after ALTER TABLE … ADD; named ones start with CONSTRAINT, which
   * callers that treat both alike accept first.
   */
  isTableConstraint(): boolean {
    return ["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE"].some((word) => this.isWord(word));
  }

  /** Consumes the words if they come next, in order. */
  accept(...words: string[]): boolean {
    if (!words.every((word, k) => this.isWord(word, k))) return false;
    this.index += words.length;
    return true;
  }

  /** A possibly schema-qualified name; schemas are ignored, as migrations rarely mix them. */
  name(): Name | undefined {
    let token = this.peek();
    if (token?.kind !== "word" && token?.kind !== "quoted") return undefined;
    this.index++;
    while (isPunct(this.peek(), ".")) {
      const part = this.peek(1);
      if (part?.kind !== "word" && part?.kind !== "quoted") break;
      token = part;
      this.index += 2;
    }
    return nameOf(token);
  }

  rest(): SqlToken[] {
    return this.tokens.slice(this.index);
  }
}

export function hasWords(tokens: readonly SqlToken[], ...words: string[]): boolean {
  return tokens.some((_, k) => words.every((word, w) => isWordToken(tokens[k + w], word)));
}

/** Splits tokens on a separator outside parentheses, e.g. the actions of one ALTER TABLE. */
export function splitTopLevel(tokens: readonly SqlToken[], isSeparator: (token: SqlToken) => boolean = (token) => isPunct(token, ",")): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, "(") || isPunct(token, "[")) depth++;
    if (isPunct(token, ")") || isPunct(token, "]")) depth--;
    if (depth === 0 && isSeparator(token)) parts.push([]);
    else parts[parts.length - 1].push(token);
  }
  return parts.filter((part) => part.length > 0);
}

/** The tokens outside any parentheses. */
export function topLevel(tokens: readonly SqlToken[]): SqlToken[] {
  let depth = 0;
  const outside: SqlToken[] = [];
  for (const token of tokens) {
    if (isPunct(token, "(")) depth++;
    else if (isPunct(token, ")")) depth--;
    else if (depth === 0) outside.push(token);
  }
  return outside;
}

export function topLevelWords(tokens: readonly SqlToken[]): SqlToken[] {
  return topLevel(tokens).filter((token) => token.kind === "word");
}

/** The tokens inside the first parenthesized group, without the parentheses. */
export function firstGroup(tokens: readonly SqlToken[]): SqlToken[] | undefined {
  const open = tokens.findIndex((token) => isPunct(token, "("));
  if (open === -1) return undefined;
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (isPunct(tokens[k], "(")) depth++;
    if (isPunct(tokens[k], ")") && --depth === 0) return tokens.slice(open + 1, k);
  }
  return tokens.slice(open + 1);
}

/** The plain column names inside the first parenthesized list; undefined if any is an expression. */
export function columnList(tokens: readonly SqlToken[]): string[] | undefined {
  const group = firstGroup(tokens);
  if (!group) return undefined;
  const names: string[] = [];
  for (const part of splitTopLevel(group)) {
    const [column, ...modifiers] = part;
    if (column.kind !== "word" && column.kind !== "quoted") return undefined;
    if (modifiers.some((token) => token.kind !== "word")) return undefined;
    names.push(nameOf(column).key);
  }
  return names;
}
