// Which migrations the gate may cancel while they wait for a lock, decided before they run.
import { cancelSafety, decideLockWait, runsFromFileStart } from "../../src/prisma/cancel-safety.js";
import { schemaChanges } from "../../src/postgres/lock-wait-guard.js";

const ADD_COLUMN = `-- AlterTable\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`;

describe("cancelSafety: the file stays inside one implicit transaction", () => {
  test.each([
    ["a Prisma-generated ALTER TABLE", ADD_COLUMN],
    ["several statements, a DO block with COMMIT in its body text", `CREATE TABLE "A" (id int);\nDO $$ BEGIN RAISE NOTICE 'COMMIT'; END $$;\nALTER TABLE "A" ADD COLUMN b int;\n`],
    ["a new enum value (allowed in a transaction since PostgreSQL 12)", `ALTER TYPE "Role" ADD VALUE 'ADMIN';\n`],
    ["a prepared statement, not two-phase commit", `PREPARE q AS SELECT 1;\n`],
    ["an empty file", "-- nothing\n"],
  ])("provable: %s", (_name, sql) => {
    expect(cancelSafety(sql)).toEqual({ provable: true });
  });

  test.each([
    ["BEGIN", `BEGIN;\n${ADD_COLUMN}COMMIT;\n`, 1, /controls the transaction itself \(BEGIN\)/],
    ["COMMIT in the middle", `${ADD_COLUMN}COMMIT;\nALTER TABLE "User" DROP COLUMN "x";\n`, 3, /\(COMMIT\)/],
    ["SAVEPOINT", `SAVEPOINT s;\n`, 1, /\(SAVEPOINT\)/],
    ["two-phase commit", `PREPARE TRANSACTION 'x';\n`, 1, /\(PREPARE\)/],
    ["CREATE INDEX CONCURRENTLY", `CREATE INDEX CONCURRENTLY "i" ON "User"("email");\n`, 1, /CONCURRENTLY operation cannot run inside a transaction/],
    ["VACUUM", `${ADD_COLUMN}VACUUM "User";\n`, 3, /VACUUM cannot run inside a transaction/],
    ["CREATE DATABASE", `CREATE DATABASE other;\n`, 1, /CREATE DATABASE cannot run/],
    ["CALL", `CALL backfill();\n`, 1, /procedure/],
    ["dblink inside a DO body", `DO $$ BEGIN PERFORM dblink_exec('dbname=x', 'CREATE TABLE t()'); END $$;\n`, 1, /dblink/],
  ])("not provable: %s", (_name, sql, line, why) => {
    const safety = cancelSafety(sql);
    expect(safety.provable).toBe(false);
    if (safety.provable) return;
    expect(safety.line).toBe(line);
    expect(safety.why).toMatch(why);
  });
});

describe("runsFromFileStart: the waiting statement is the file, sent whole, or its first statement", () => {
  test("the whole file, as the native engine sends it", () => {
    expect(runsFromFileStart(ADD_COLUMN, ADD_COLUMN)).toBe(true);
  });
  test("cut to track_activity_query_size", () => {
    const long = `${ADD_COLUMN}${"-- padding\n".repeat(200)}`;
    expect(runsFromFileStart(long.slice(0, 1023), long)).toBe(true);
  });
  test("with CRLF line ends on one side", () => {
    expect(runsFromFileStart(ADD_COLUMN.replace(/\n/g, "\r\n"), ADD_COLUMN)).toBe(true);
  });
  test("a later statement, as a driver adapter sends it: earlier ones may have committed", () => {
    const sql = `CREATE TABLE "A" (id int);\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`;
    expect(runsFromFileStart(`ALTER TABLE "User" ADD COLUMN "age" INTEGER`, sql)).toBe(false);
  });
  test("Prisma's own bookkeeping, or nothing visible", () => {
    expect(runsFromFileStart(`INSERT INTO "_prisma_migrations" (id) VALUES ($1)`, ADD_COLUMN)).toBe(false);
    expect(runsFromFileStart("", ADD_COLUMN)).toBe(false);
  });
});

describe("decideLockWait", () => {
  const wait = { onAdvisoryLock: false, waitedMs: 12_000, query: ADD_COLUMN, migration: "20260102000000_user_age" };

  test("over the limit, provable, the file's own statement: cancel", () => {
    expect(decideLockWait(wait, 10_000, ADD_COLUMN)).toEqual({ action: "cancel" });
  });
  test("under the limit, the limit off, or Prisma's own advisory lock: nothing", () => {
    expect(decideLockWait({ ...wait, waitedMs: 9_999 }, 10_000, ADD_COLUMN)).toEqual({ action: "none" });
    expect(decideLockWait(wait, 0, ADD_COLUMN)).toEqual({ action: "none" });
    expect(decideLockWait({ ...wait, onAdvisoryLock: true }, 10_000, ADD_COLUMN)).toEqual({ action: "none" });
  });
  test("not provable, unknown migration, invisible or foreign statement: keep waiting, saying why", () => {
    const unsafe = `BEGIN;\n${ADD_COLUMN}COMMIT;\n`;
    expect(decideLockWait({ ...wait, query: unsafe }, 10_000, unsafe)).toEqual({
      action: "keep-waiting",
      why: "20260102000000_user_age cannot be cancelled without leaving part of it behind: line 1, it controls the transaction itself (BEGIN)",
    });
    expect(decideLockWait({ ...wait, migration: undefined }, 10_000, undefined)).toMatchObject({ action: "keep-waiting", why: expect.stringMatching(/which migration/) });
    expect(decideLockWait({ ...wait, query: null }, 10_000, ADD_COLUMN)).toMatchObject({ action: "keep-waiting", why: expect.stringMatching(/pg_read_all_stats/) });
    expect(decideLockWait({ ...wait, query: "SELECT 1" }, 10_000, ADD_COLUMN)).toMatchObject({ action: "keep-waiting", why: expect.stringMatching(/not 20260102000000_user_age's migration.sql/) });
  });
});

test("schemaChanges names what was created, changed and dropped", () => {
  const before = new Map([
    ["relation User", "r p f f"],
    ["column User.email", "text t"],
    ["index User_email_key", "x"],
  ]);
  const after = new Map([
    ["relation User", "r p f f"],
    ["column User.email", "character varying t"],
    ["column User.age", "integer f"],
  ]);
  expect(schemaChanges(before, before)).toEqual([]);
  expect(schemaChanges(before, after)).toEqual(["column User.age: created", "column User.email: changed", "index User_email_key: dropped"]);
});
