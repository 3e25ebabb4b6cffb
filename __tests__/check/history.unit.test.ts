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

  describe("an out-of-order migration, classified by what it touches", () => {
    const base = snapshot({
      "20240101000000_init": `CREATE TYPE "Role" AS ENUM ('USER');\nCREATE TABLE "User" ("id" SERIAL NOT NULL, "role" "Role");\nCREATE TABLE "Team" ("id" SERIAL NOT NULL);`,
      "20240301000000_owner": `ALTER TYPE "Role" ADD VALUE 'OWNER';\nALTER TABLE "User" ADD COLUMN "nickname" TEXT;`,
    });
    const withNew = (sql: string) => snapshot({ ...Object.fromEntries(base.migrations), "20240201000000_feature": sql });

    it("is a warning when it commutes with every migration it jumped, with a rename that works as printed", () => {
      const [finding] = compareHistories(base, withNew(`ALTER TABLE "Team" ADD COLUMN "name" TEXT;\nALTER TABLE "User" ADD COLUMN "bio" TEXT;`), "prisma/migrations");
      expect(finding).toMatchObject({ kind: "out-of-order", severity: "warning" });
      expect(finding.message).toContain("touches nothing the 1 newer migration(s) touch");
      expect(finding.fix).toContain("`git mv prisma/migrations/20240201000000_feature prisma/migrations/20240301000001_feature`");
    });

    it("is an error naming the shared objects when it touches what a jumped migration touches, enum values above all", () => {
      const [finding] = compareHistories(base, withNew(`ALTER TYPE "Role" ADD VALUE 'GUEST';`));
      expect(finding).toMatchObject({ kind: "out-of-order", severity: "error" });
      expect(finding.message).toContain("20240301000000_owner (type Role)");
      expect(finding.message).toContain("Enum values added in another order");
      expect(finding.fix).toContain("-- gate:ignore out-of-order <why the order does not matter>");
    });

    it("is an error when a column it changes is one a jumped migration added, or its effect cannot be read", () => {
      expect(compareHistories(base, withNew(`UPDATE "User" SET "nickname" = 'x' WHERE "id" = 1;`))[0]).toMatchObject({ severity: "error" });
      const opaque = compareHistories(base, withNew(`DO $$ BEGIN PERFORM 1; END $$;`))[0];
      expect(opaque).toMatchObject({ severity: "error" });
      expect(opaque.message).toContain("cannot be read from its SQL");
    });

    it("is accepted, with its reason, by a gate:ignore out-of-order line in the migration", () => {
      const [finding] = compareHistories(base, withNew(`-- gate:ignore out-of-order GUEST sorts last everywhere, nothing orders by role\nALTER TYPE "Role" ADD VALUE 'GUEST';`));
      expect(finding).toMatchObject({ severity: "error", acknowledged: "GUEST sorts last everywhere, nothing orders by role" });
      expect(compareHistories(base, withNew(`-- gate:ignore out-of-order\nALTER TYPE "Role" ADD VALUE 'GUEST';`))[0].acknowledged).toBeUndefined();
    });
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
