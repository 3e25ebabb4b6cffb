// Pointing at the statement of migration.sql that failed, and at its line.
import { statementAtPosition, statementNamedByError, statementSpans } from "../../src/prisma/failed-statement.js";

const statementsOf = (sql: string): string[] => statementSpans(sql).map((span) => sql.slice(span.start, span.end).trim());

describe("statementSpans", () => {
  test("splits on semicolons and starts each statement at its keyword, past comments and blank lines", () => {
    const sql = `-- CreateTable\nCREATE TABLE "A" ("id" INTEGER);\n\n-- AddColumn\nALTER TABLE "A" ADD COLUMN "b" TEXT;\n`;
    expect(statementsOf(sql)).toEqual(['CREATE TABLE "A" ("id" INTEGER);', 'ALTER TABLE "A" ADD COLUMN "b" TEXT;']);
  });

  test("a semicolon inside a string, a quoted identifier or a doubled quote does not split", () => {
    const sql = `INSERT INTO "A" ("note") VALUES ('one; two', 'it''s; fine');\nCREATE TABLE "semi;colon" ("id" INTEGER);\n`;
    expect(statementsOf(sql)).toEqual([
      `INSERT INTO "A" ("note") VALUES ('one; two', 'it''s; fine');`,
      'CREATE TABLE "semi;colon" ("id" INTEGER);',
    ]);
  });

  test("a semicolon inside a dollar-quoted body does not split", () => {
    const sql = [
      "CREATE FUNCTION touch() RETURNS trigger AS $$",
      "BEGIN",
      "  NEW.updated_at = now();",
      "  RETURN NEW;",
      "END;",
      "$$ LANGUAGE plpgsql;",
      "DO $body1$ BEGIN PERFORM 1; END $body1$;",
      "SELECT 2;",
    ].join("\n");
    const statements = statementsOf(sql);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatch(/^CREATE FUNCTION[\s\S]*LANGUAGE plpgsql;$/);
    expect(statements[1]).toBe("DO $body1$ BEGIN PERFORM 1; END $body1$;");
    expect(statements[2]).toBe("SELECT 2;");
  });

  test("semicolons in line and block comments do not split, and a comment-only tail is no statement", () => {
    const sql = `/* setup; not a statement */\nSELECT 1; -- trailing; comment\nSELECT /* a; b */ 2;\n-- the end; really`;
    expect(statementsOf(sql)).toEqual(["SELECT 1;", "SELECT /* a; b */ 2;"]);
  });

  test("a last statement without a semicolon counts", () => {
    expect(statementsOf("SELECT 1;\nSELECT 2")).toEqual(["SELECT 1;", "SELECT 2"]);
  });
});

describe("statementAtPosition", () => {
  const sql = `-- CreateTable\nCREATE TABLE "A" ("id" INTEGER);\n\n-- Insert\nINSERT INTO "Nope" ("id") VALUES (1);\n`;

  test("finds the statement holding PostgreSQL's 1-based position, with its line", () => {
    const position = sql.indexOf('"Nope"') + 1;
    expect(statementAtPosition(sql, position)).toEqual({ line: 5, statement: 'INSERT INTO "Nope" ("id") VALUES (1);' });
  });

  test("a position in the first statement gives the first statement and its line", () => {
    expect(statementAtPosition(sql, sql.indexOf("CREATE") + 1)).toEqual({ line: 2, statement: 'CREATE TABLE "A" ("id" INTEGER);' });
  });

  test("a position beyond the file finds nothing", () => {
    expect(statementAtPosition(sql, sql.length + 50)).toBeUndefined();
  });
});

describe("statementNamedByError", () => {
  const sql = [
    "-- AlterTable",
    'ALTER TABLE "User" ADD COLUMN "age" INTEGER;',
    "",
    "-- AlterTable",
    'ALTER TABLE "User" ALTER COLUMN "age" TYPE bogus_type;',
    "",
  ].join("\n");

  test("the first statement naming the quoted object in the message, with its line", () => {
    expect(statementNamedByError(sql, 'type "bogus_type" does not exist')).toEqual({
      line: 5,
      statement: 'ALTER TABLE "User" ALTER COLUMN "age" TYPE bogus_type;',
    });
  });

  test("an unquoted name after 'table' (the JS engine's 'No such table: X')", () => {
    const withInsert = `CREATE TABLE "A" ("id" INTEGER);\nINSERT INTO "Nope" ("id") VALUES (1);\n`;
    expect(statementNamedByError(withInsert, "No such table: Nope")).toEqual({ line: 2, statement: 'INSERT INTO "Nope" ("id") VALUES (1);' });
  });

  test("a schema-qualified name matches on its last part", () => {
    expect(statementNamedByError(sql, 'type "public.bogus_type" does not exist')?.line).toBe(5);
  });

  test("a message that names nothing in the file finds nothing", () => {
    expect(statementNamedByError(sql, 'relation "Elsewhere" does not exist')).toBeUndefined();
    expect(statementNamedByError(sql, "deadlock detected")).toBeUndefined();
  });
});
