// Column types as migrations write them, and which type changes PostgreSQL makes without
// rewriting the table (ALTER TABLE docs: a binary-coercible change with no new check, such
// as raising a varchar limit or a numeric precision). Pure.
import type { SqlToken } from "../sql/lexer.js";
import { firstGroup, isPunct, isWordToken, splitTopLevel } from "./sql-cursor.js";

export interface ColumnType {
  /** Canonical base name: `varchar`, `text`, `numeric`, `int4`, a user type's folded name... */
  base: string;
  /** Type modifiers, e.g. [255] for varchar(255), [10, 2] for numeric(10,2); empty when none. */
  modifiers: number[];
  array: boolean;
}

const ALIASES: Record<string, string> = {
  "character varying": "varchar",
  character: "bpchar",
  char: "bpchar",
  int: "int4",
  integer: "int4",
  int4: "int4",
  bigint: "int8",
  smallint: "int2",
  decimal: "numeric",
  "double precision": "float8",
  real: "float4",
  boolean: "bool",
  "timestamp without time zone": "timestamp",
  "timestamp with time zone": "timestamptz",
  "time without time zone": "time",
  "time with time zone": "timetz",
  "bit varying": "varbit",
};

/** Words that end a column's type in a column definition. */
const TYPE_END = new Set(["NOT", "NULL", "DEFAULT", "CONSTRAINT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "GENERATED", "COLLATE", "USING", "STORAGE", "COMPRESSION"]);

/** Reads the type at the start of `tokens` (after the column name); undefined for an expression it cannot read. */
export function readColumnType(tokens: readonly SqlToken[]): ColumnType | undefined {
  const words: string[] = [];
  let k = 0;
  // A schema-qualified type: keep the last part.
  while (k < tokens.length && (tokens[k].kind === "word" || tokens[k].kind === "quoted") && !(tokens[k].kind === "word" && TYPE_END.has(tokens[k].text.toUpperCase()))) {
    const token = tokens[k];
    words.push(token.kind === "quoted" ? token.text : token.text.toLowerCase());
    k++;
    if (isPunct(tokens[k], ".")) {
      words.length = 0;
      k++;
    }
  }
  if (words.length === 0) return undefined;
  let modifiers: number[] = [];
  if (isPunct(tokens[k], "(")) {
    const group = firstGroup(tokens.slice(k)) ?? [];
    modifiers = splitTopLevel(group).map((part) => (part.length === 1 && /^\d+$/.test(part[0].text) ? Number(part[0].text) : Number.NaN));
    if (modifiers.some(Number.isNaN)) return undefined;
    k += group.length + 2;
  }
  // `timestamp(3) with time zone`: the zone words follow the modifiers.
  while (k < tokens.length && tokens[k].kind === "word" && ["WITH", "WITHOUT", "TIME", "ZONE"].includes(tokens[k].text.toUpperCase())) {
    words.push(tokens[k].text.toLowerCase());
    k++;
  }
  let array = false;
  while (isPunct(tokens[k], "[")) {
    array = true;
    while (k < tokens.length && !isPunct(tokens[k], "]")) k++;
    k++;
  }
  if (isWordToken(tokens[k], "ARRAY")) array = true;
  const written = words.join(" ");
  return { base: ALIASES[written] ?? written, modifiers, array };
}

/** Types whose limit can grow without a rewrite, and whose limit can be dropped altogether. */
const LENGTH_LIMITED = new Set(["varchar", "varbit"]);
/** Types whose fractional-second precision can grow without a rewrite (PostgreSQL 9.2+). */
const PRECISION_LIMITED = new Set(["timestamp", "timestamptz", "interval", "time", "timetz"]);

/**
 * True when PostgreSQL changes `from` into `to` in the catalog only, without a table rewrite or
 * scan. `indexed`: an index on the column is known; citext and text sort with different
 * operator classes, so switching between them rebuilds such an index.
 */
export function isRewriteFreeChange(from: ColumnType, to: ColumnType, indexed = false): boolean {
  if (from.array !== to.array) return false;
  if ((from.base === "citext" && to.base === "text") || (from.base === "text" && to.base === "citext")) return !indexed;
  const [fromLimit] = from.modifiers;
  const [toLimit] = to.modifiers;
  if (LENGTH_LIMITED.has(from.base) && from.base === to.base) return toLimit === undefined || (fromLimit !== undefined && toLimit >= fromLimit);
  if (from.base === "varchar" && to.base === "text") return true;
  if (from.base === "text" && to.base === "varchar") return toLimit === undefined;
  if (from.base === "cidr" && to.base === "inet") return true;
  if (from.base === "numeric" && to.base === "numeric") {
    if (to.modifiers.length === 0) return true;
    if (from.modifiers.length === 0) return false;
    const fromScale = from.modifiers[1] ?? 0;
    const toScale = to.modifiers[1] ?? 0;
    return toScale === fromScale && toLimit >= fromLimit;
  }
  if (PRECISION_LIMITED.has(from.base) && from.base === to.base) return toLimit === undefined || (fromLimit !== undefined && toLimit >= fromLimit);
  return false;
}

export function describeType(type: ColumnType): string {
  return `${type.base}${type.modifiers.length > 0 ? `(${type.modifiers.join(",")})` : ""}${type.array ? "[]" : ""}`;
}
