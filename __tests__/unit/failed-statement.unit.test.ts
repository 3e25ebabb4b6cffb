// Pointing at the statement of migration.sql that failed, and at its line.
import { statementAtPosition, statementNamedByError } from "../../src/prisma/failed-statement.js";

describe("statementAtPosition", () => {
  const sql = `-- CreateTable\nCREATE TABLE "A" ("id" INTEGER);\n\n-- Insert\nINSERT INTO "Nope" ("id") VALUES (1);\n`;

  test("finds the statement holding PostgreSQL's 1-based position, with its line", () => {
    const position = sql.indexOf('"Nope"') + 1;
    expect(statementAtPosition(sql, position)).toEqual({ line: 5, statement: 'INSERT INTO "Nope" ("id") VALUES (1)' });
  });

  test("a semicolon inside a string or a dollar-quoted body does not end the statement", () => {
    const body = `CREATE FUNCTION f() RETURNS int AS $body1$ BEGIN PERFORM 1; RETURN 'a;b'; END $body1$ LANGUAGE plpgsql;\nSELECT "Nope";\n`;
    expect(statementAtPosition(body, body.indexOf("RETURN") + 1)?.line).toBe(1);
    expect(statementAtPosition(body, body.indexOf('"Nope"') + 1)).toEqual({ line: 2, statement: 'SELECT "Nope"' });
  });

  test("a position in the first statement gives the first statement and its line", () => {
    expect(statementAtPosition(sql, sql.indexOf("CREATE") + 1)).toEqual({ line: 2, statement: 'CREATE TABLE "A" ("id" INTEGER)' });
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
      statement: 'ALTER TABLE "User" ALTER COLUMN "age" TYPE bogus_type',
    });
  });

  test("an unquoted name after 'table' (the JS engine's 'No such table: X')", () => {
    const withInsert = `CREATE TABLE "A" ("id" INTEGER);\nINSERT INTO "Nope" ("id") VALUES (1);\n`;
    expect(statementNamedByError(withInsert, "No such table: Nope")).toEqual({ line: 2, statement: 'INSERT INTO "Nope" ("id") VALUES (1)' });
  });

  test("a schema-qualified name matches on its last part", () => {
    expect(statementNamedByError(sql, 'type "public.bogus_type" does not exist')?.line).toBe(5);
  });

  test("a message that names nothing in the file finds nothing", () => {
    expect(statementNamedByError(sql, 'relation "Elsewhere" does not exist')).toBeUndefined();
    expect(statementNamedByError(sql, "deadlock detected")).toBeUndefined();
  });
});
