// What a failed migration left in the database, by the way Prisma sent it to PostgreSQL.
import { failedMigrationEffects } from "../../src/prisma/failed-migration-effects.js";

const TWO_STATEMENTS = `ALTER TABLE "User" ADD COLUMN "age" INTEGER;\nALTER TABLE "User" ALTER COLUMN "age" TYPE bogus;\n`;

test("the native engine's one query: nothing of the file was applied", () => {
  const effects = failedMigrationEffects("one-simple-query", TWO_STATEMENTS, 2);
  expect(effects.partlyApplied).toBe(false);
  expect(effects.explanation).toContain("nothing of this migration was applied");
});

test("a driver adapter's statement-by-statement delivery: the statements before the failing one stay", () => {
  const effects = failedMigrationEffects("statement-by-statement", TWO_STATEMENTS, 2);
  expect(effects.partlyApplied).toBe(true);
  expect(effects.explanation).toContain("statements before the failing one were applied");
});

test("a file that commits before the failing statement: applied up to that COMMIT, with its line", () => {
  const sql = `BEGIN;\nCREATE TABLE "A" ("id" INT);\nCOMMIT;\n\nALTER TABLE "Missing" ADD COLUMN "x" INT;\n`;
  const effects = failedMigrationEffects("one-simple-query", sql, 5);
  expect(effects.partlyApplied).toBe(true);
  expect(effects.explanation).toContain("line 3");
});

test("a COMMIT after the failing statement does not count, nor a 'commit' inside a string", () => {
  const sql = `INSERT INTO "Log" VALUES ('commit;');\nALTER TABLE "Missing" ADD COLUMN "x" INT;\nCOMMIT;\n`;
  expect(failedMigrationEffects("one-simple-query", sql, 2).partlyApplied).toBe(false);
});

test("a lone CREATE INDEX CONCURRENTLY leaves an invalid index to drop", () => {
  const effects = failedMigrationEffects("one-simple-query", `CREATE UNIQUE INDEX CONCURRENTLY "u" ON "User"("email");\n`, 1);
  expect(effects.partlyApplied).toBe(true);
  expect(effects.explanation).toContain("INVALID index");
});

test("CREATE INDEX CONCURRENTLY beside other statements cannot run at all (25001): nothing applied", () => {
  const sql = `ALTER TABLE "User" ADD COLUMN "x" INT;\nCREATE INDEX CONCURRENTLY "i" ON "User"("x");\n`;
  expect(failedMigrationEffects("one-simple-query", sql, 2).partlyApplied).toBe(false);
});
