// What the gate concludes from the texts `prisma migrate deploy` really prints.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { classifyDeployOutput, inferSqlState, parseAppliedMigrations, type DeployVerdict } from "../../src/prisma/deploy-output.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/prisma-output");
const output = (name: string): string => readFileSync(path.join(fixtures, name), "utf8");
/** A failed run: exit code 1, the fixture on stderr. */
const failed = (name: string): DeployVerdict => classifyDeployOutput(1, "", output(name));

function fatalFailure(verdict: DeployVerdict) {
  if (verdict.kind !== "fatal") throw new Error(`expected a fatal verdict, got ${JSON.stringify(verdict)}`);
  return verdict.failure;
}

describe("parseAppliedMigrations", () => {
  test("reads the migration folders from the tree Prisma prints, not the migration.sql leaves", () => {
    expect(parseAppliedMigrations(output("deploy-success.txt"))).toEqual(["20260101000000_init", "20260102000000_post"]);
  });

  test("nothing pending: no names", () => {
    expect(parseAppliedMigrations(output("deploy-nothing-pending.txt"))).toEqual([]);
  });

  test("the older one-name-per-line list", () => {
    const text = "The following migrations have been applied:\n\n20260101000000_init\n0_baseline\n\nAll migrations have been successfully applied.\n";
    expect(parseAppliedMigrations(text)).toEqual(["20260101000000_init", "0_baseline"]);
  });
});

describe("classifyDeployOutput on the real Prisma 6.19.3 texts", () => {
  test("success lists what was applied", () => {
    expect(classifyDeployOutput(0, output("deploy-success.txt"), "")).toEqual({
      kind: "success",
      applied: ["20260101000000_init", "20260102000000_post"],
    });
  });

  test("nothing pending is a success that applied nothing", () => {
    expect(classifyDeployOutput(0, output("deploy-nothing-pending.txt"), "")).toEqual({ kind: "success", applied: [] });
  });

  test("P1002 on the advisory lock is a lock timeout, to diagnose and retry", () => {
    expect(failed("p1002-lock.txt")).toEqual({ kind: "lock-timeout", code: "P1002" });
  });

  test("P3009 is fatal and names the failed migration", () => {
    const verdict = failed("p3009.txt");
    expect(verdict).toMatchObject({ kind: "fatal", code: "P3009" });
    expect(fatalFailure(verdict)).toMatchObject({ reason: "previous-migration-failed", migration: "20260102000000_broken" });
    expect(fatalFailure(verdict).headline).toMatch(/resolved/);
  });

  test("a migration failure in the JS engine (no P-code) names the migration, the error and an inferred SQLSTATE", () => {
    const verdict = failed("js-engine-failure.txt");
    expect(verdict).toMatchObject({ kind: "fatal", code: undefined });
    expect(fatalFailure(verdict)).toMatchObject({
      reason: "migration-failed",
      migration: "20260102000000_broken",
      databaseError: 'type "bogus_type" does not exist',
      sqlState: "42704",
    });
  });

  test("the JS engine's 'No such table' maps to 42P01", () => {
    expect(fatalFailure(failed("js-engine-no-such-table.txt"))).toMatchObject({
      reason: "migration-failed",
      migration: "20260101000000_nope",
      databaseError: "No such table: Nope",
      sqlState: "42P01",
    });
  });

  test("P3005 asks for a baseline", () => {
    expect(fatalFailure(failed("p3005.txt"))).toMatchObject({ reason: "baseline-required" });
    expect(fatalFailure(failed("p3005.txt")).headline).toMatch(/baseline/);
  });

  test("P3019 is a provider mismatch, never retried", () => {
    const verdict = failed("p3019.txt");
    expect(verdict).toMatchObject({ kind: "fatal", code: "P3019" });
    expect(fatalFailure(verdict).headline).toContain("migration_lock.toml");
  });

  test("P1012 printed as 'Error code: P1012' is a configuration problem", () => {
    const verdict = failed("p1012-env-missing.txt");
    expect(verdict).toMatchObject({ kind: "fatal", code: "P1012" });
    expect(fatalFailure(verdict).reason).toBe("prisma-unsupported");
    // It names the variable the schema reads and the step did not set.
    expect(fatalFailure(verdict).missingEnvironment).toEqual(["DATABASE_URL"]);
    expect(fatalFailure(verdict).headline).toContain("it reads the environment variable DATABASE_URL, which this step does not set");
  });

  test("the JS engine's unreachable-server text (no code) is transient P1001", () => {
    expect(failed("js-engine-unreachable.txt")).toMatchObject({ kind: "transient", code: "P1001" });
  });

  test("the JS engine's rejected-credentials text (no code) is db-auth", () => {
    const verdict = failed("js-engine-auth-failed.txt");
    expect(verdict).toMatchObject({ kind: "fatal", code: "P1000" });
    expect(fatalFailure(verdict).reason).toBe("db-auth");
  });

  test("the JS engine's missing-database text (no code) is P1003", () => {
    const verdict = failed("js-engine-database-missing.txt");
    expect(verdict).toMatchObject({ kind: "fatal", code: "P1003" });
    expect(fatalFailure(verdict).reason).toBe("db-unreachable");
  });
});

describe("classifyDeployOutput on the native engine's texts", () => {
  test("P3018 gives migration, SQLSTATE, the database's message and the position", () => {
    const verdict = failed("native-p3018.txt");
    expect(verdict).toMatchObject({ kind: "fatal", code: "P3018" });
    expect(fatalFailure(verdict)).toEqual({
      reason: "migration-failed",
      headline: "A migration failed to apply (P3018).",
      migration: "20260102000000_nope",
      sqlState: "42P01",
      databaseError: 'relation "Nope" does not exist',
      position: 63,
    });
  });

  test.each([6, 7])("Prisma %i through the stand-in engine: P3018 with the Position excerpt (escape codes and all) still gives the statement's offset", (major) => {
    expect(fatalFailure(failed(`native-stand-in-${major}-p3018-position.txt`))).toEqual({
      reason: "migration-failed",
      headline: "A migration failed to apply (P3018).",
      migration: "20260102000000_syntax",
      sqlState: "42601",
      databaseError: 'syntax error at or near "ADDD"',
      position: 88,
    });
  });

  test.each([6, 7])("Prisma %i through the stand-in engine: P3009 names the failed migration", (major) => {
    expect(fatalFailure(failed(`native-stand-in-${major}-p3009.txt`))).toMatchObject({ reason: "previous-migration-failed", migration: "20260102000000_syntax" });
  });

  test("the older P1002 wording with the lock context is still a lock timeout", () => {
    expect(failed("native-p1002-lock-older.txt")).toEqual({ kind: "lock-timeout", code: "P1002" });
  });

  test("P1002 without the advisory-lock context is a transient timeout, not the lock", () => {
    const verdict = failed("native-p1002-no-lock.txt");
    expect(verdict.kind).toBe("transient");
    expect(verdict).toMatchObject({ code: "P1002" });
  });

  test("P1001 is transient", () => {
    expect(failed("native-p1001.txt")).toMatchObject({ kind: "transient", code: "P1001" });
  });

  test("P1000 is db-auth and fatal", () => {
    expect(fatalFailure(failed("native-p1000.txt")).reason).toBe("db-auth");
  });

  test("an unknown failure still says what exit code it had", () => {
    expect(fatalFailure(classifyDeployOutput(3, "", "something odd\n")).headline).toContain("exit code 3");
  });
});

describe("inferSqlState", () => {
  test.each([
    ['syntax error at or near "TABLEE"', "42601"],
    ['relation "Nope" does not exist', "42P01"],
    ["No such table: Nope", "42P01"],
    ['column "age" does not exist', "42703"],
    ['type "bogus_type" does not exist', "42704"],
    ['relation "User" already exists', "42P07"],
    ['column "email" of relation "User" contains null values', "23502"],
    ['could not create unique index "User_email_key"', "23505"],
    ["CREATE INDEX CONCURRENTLY cannot run inside a transaction block", "25001"],
    ["canceling statement due to lock timeout", "55P03"],
    ["deadlock detected", "40P01"],
    ["permission denied for table User", "42501"],
  ])("%s → %s", (message, sqlState) => {
    expect(inferSqlState(message)).toBe(sqlState);
  });

  test("an unknown message has no SQLSTATE", () => {
    expect(inferSqlState("the moon is made of cheese")).toBeUndefined();
  });
});
