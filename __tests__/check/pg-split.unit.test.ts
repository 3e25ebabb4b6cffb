// The lexer splits a migration into statements the way PostgreSQL's own parser does
// (libpg-query is PostgreSQL 17's parser compiled to WebAssembly): same number of statements,
// each of ours inside PostgreSQL's statement span. Checked on every corpus case, on tricky
// quoting, and on generated files.
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { parse } from "libpg-query";
import { splitStatements } from "../../src/sql/lexer.js";
import { readCorpus } from "../../scripts/lint-corpus-score.js";

interface PgStatement {
  stmt_location?: number;
  stmt_len?: number;
}

/** PostgreSQL's statement spans, as character offsets (it reports UTF-8 byte offsets). */
async function postgresSpans(sql: string): Promise<Array<{ start: number; end: number }>> {
  const tree = (await parse(sql)) as { stmts?: PgStatement[] };
  const bytes = Buffer.from(sql, "utf8");
  const toChars = (byteOffset: number) => bytes.subarray(0, byteOffset).toString("utf8").length;
  return (tree.stmts ?? []).map((statement) => {
    const start = statement.stmt_location ?? 0;
    const end = statement.stmt_len ? start + statement.stmt_len : bytes.length;
    return { start: toChars(start), end: toChars(end) };
  });
}

async function expectSameSplit(sql: string): Promise<void> {
  const spans = await postgresSpans(sql);
  const ours = splitStatements(sql).map((statement) => {
    const first = statement.tokens[0];
    const last = statement.tokens[statement.tokens.length - 1];
    return { start: first.offset, end: last.end };
  });
  expect({ sql, count: ours.length }).toEqual({ sql, count: spans.length });
  ours.forEach((statement, k) => {
    const inside = statement.start >= spans[k].start && statement.end <= spans[k].end;
    expect({ sql, statement: k, text: sql.slice(statement.start, statement.end), inside }).toEqual({ sql, statement: k, text: sql.slice(statement.start, statement.end), inside: true });
    // Nothing but comments and blanks between PostgreSQL's span and ours.
    const around = sql.slice(spans[k].start, statement.start) + sql.slice(statement.end, spans[k].end);
    expect(around.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|\s/g, "")).toBe("");
  });
}

const TRICKY = [
  `INSERT INTO t VALUES ('a;b', 'it''s; fine');`,
  `SELECT E'\\';still a string', "we;ird""name" FROM x;`,
  `DO $body$ BEGIN PERFORM 1; RAISE NOTICE $$;$$; END $body$;`,
  `SELECT 1 /* outer /* nested; */ still comment; */ + 2;`,
  `SELECT '--not a comment;' -- a comment; with a semicolon\n;`,
  `;;SELECT 1;;`,
  `CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $f$ SELECT 1; $f$;\nSELECT f()`,
  `SELECT U&'d\\0061t\\+000061;' AS x; SELECT 'é;ü' AS "naïve;";`,
  `SELECT $1a$ FROM t;`.replace("$1a$", "a$b"),
  `-- header only\nALTER TABLE "User" ADD COLUMN "x" TEXT; /* trailing */`,
  `CREATE TABLE "Ünïcode" ("naïve" TEXT); DROP TABLE "Ünïcode";`,
];

describe("statement split against PostgreSQL's parser", () => {
  it("agrees on every corpus case", async () => {
    for (const each of readCorpus()) {
      await expectSameSplit(each.sql);
      if (each.deployed) await expectSameSplit(each.deployed);
    }
  });

  it.each(TRICKY)("agrees on %s", async (sql) => {
    await expectSameSplit(sql);
  });

  it("agrees on generated files of quoted, dollar-quoted and commented statements", async () => {
    const atom = fc.constantFrom(
      "1",
      "'a;b'",
      "'it''s;'",
      "E'x\\';y'",
      '"semi;colon"',
      '"quo""te"',
      "$$a;b$$",
      "$tag$ ; $$ ; $tag$",
      "/* c; /* nested; */ */ 2",
      "'é;'",
      "ARRAY[1, 2]",
    );
    const statement = fc.array(atom, { minLength: 1, maxLength: 4 }).map((atoms) => `SELECT ${atoms.join(", ")}`);
    const separator = fc.constantFrom(";", ";\n", "; -- note; here\n", ";/* x; */", ";\n\n;", " ;\r\n");
    const file = fc.array(fc.tuple(statement, separator), { minLength: 1, maxLength: 5 }).map((parts) => parts.map(([text, end]) => text + end).join(""));
    await fc.assert(fc.asyncProperty(file, expectSameSplit), { numRuns: 200 });
  });
});
