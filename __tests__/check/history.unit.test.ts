import { describe, expect, it } from "@jest/globals";
import { changedMigrationFiles, compareHistories, type MigrationSnapshot } from "../../src/check/history.js";

function snapshot(migrations: Record<string, string>, lockProvider = "postgresql"): MigrationSnapshot {
  return { migrations: new Map(Object.entries(migrations)), lockProvider };
}

function withoutLockFile(migrations: Record<string, string>): MigrationSnapshot {
  return { migrations: new Map(Object.entries(migrations)) };
}

const INIT = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
const SECOND = "ALTER TABLE a ADD COLUMN c text;\n";

describe("compareHistories", () => {
  it("finds nothing when the head only adds newer migrations", () => {
    const base = snapshot({ "20240101000000_init": INIT });
    const head = snapshot({ "20240101000000_init": INIT, "20240301000000_second": SECOND });
    expect(compareHistories(base, head)).toEqual([]);
  });

  it("reports an edited migration with the first line that differs", () => {
    const base = snapshot({ "20240101000000_init": INIT });
    const head = snapshot({ "20240101000000_init": INIT.replace("b (id int)", "b (id bigint)") });
    expect(compareHistories(base, head)).toEqual([
      expect.objectContaining({ kind: "edited", severity: "error", file: "20240101000000_init/migration.sql", line: 2 }),
    ]);
  });

  it("does not count a change of line endings as an edit", () => {
    const base = snapshot({ "20240101000000_init": INIT });
    const head = snapshot({ "20240101000000_init": INIT.replace(/\n/g, "\r\n") });
    expect(compareHistories(base, head)).toEqual([]);
  });

  it("reports a deleted migration", () => {
    const base = snapshot({ "20240101000000_init": INIT, "20240201000000_second": SECOND });
    const head = snapshot({ "20240101000000_init": INIT });
    const [finding] = compareHistories(base, head);
    expect(finding).toMatchObject({ kind: "deleted", file: "20240201000000_second/migration.sql" });
    expect(finding.fix).toContain("Restore");
  });

  it("reports a new migration that sorts before the newest one on the base branch", () => {
    const base = snapshot({ "20240101000000_init": INIT, "20240301000000_second": SECOND });
    const head = snapshot({ ...Object.fromEntries(base.migrations), "20240201000000_feature": "SELECT 1;" });
    const findings = compareHistories(base, head);
    expect(findings).toEqual([expect.objectContaining({ kind: "out-of-order", file: "20240201000000_feature/migration.sql" })]);
    expect(findings[0].message).toContain("20240301000000_second");
  });

  it("compares names by code unit, the way Prisma orders folders", () => {
    const base = snapshot({ "20240101000000_init": INIT, "20240101000000_Zeta": SECOND });
    const head = snapshot({ ...Object.fromEntries(base.migrations), "20240101000000_jobs": "SELECT 1;" });
    expect(compareHistories(base, head)).toEqual([]);
  });

  it("reports a changed or removed provider in migration_lock.toml", () => {
    const migrations = { "20240101000000_init": INIT };
    expect(compareHistories(snapshot(migrations), snapshot(migrations, "mysql"))).toEqual([
      expect.objectContaining({ kind: "provider-changed", file: "migration_lock.toml", message: expect.stringContaining('from "postgresql" to "mysql"') }),
    ]);
    expect(compareHistories(snapshot(migrations), withoutLockFile(migrations))).toEqual([
      expect.objectContaining({ kind: "provider-changed", message: expect.stringContaining("was removed") }),
    ]);
    expect(compareHistories(withoutLockFile({}), snapshot(migrations))).toEqual([]);
  });
});

describe("changedMigrationFiles", () => {
  it("returns new and edited migrations in apply order, with paths under the migrations folder", () => {
    const base = snapshot({ "20240101000000_init": INIT, "20240201000000_second": SECOND });
    const head = snapshot({
      "20240401000000_later": "SELECT 2;",
      "20240101000000_init": INIT.replace(/\n/g, "\r\n"),
      "20240201000000_second": `${SECOND}-- edited\n`,
      "20240301000000_new": "SELECT 1;",
    });
    expect(changedMigrationFiles(base, head, "prisma/migrations")).toEqual([
      { path: "prisma/migrations/20240201000000_second/migration.sql", sql: `${SECOND}-- edited\n` },
      { path: "prisma/migrations/20240301000000_new/migration.sql", sql: "SELECT 1;" },
      { path: "prisma/migrations/20240401000000_later/migration.sql", sql: "SELECT 2;" },
    ]);
  });
});
