// backup: what a migration destroys is kept, verified and restorable before it runs; a backup
// that cannot be taken stops the run with nothing applied.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createFixtureApp, INIT_USER_SQL, type FixtureApp } from "../support/fixture-app.js";
import { createDatabase, migrationRows, passwordOf, withClient } from "../support/database.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";

const run = promisify(execFile);
const DROP_NAME = `-- AlterTable\nALTER TABLE "User" DROP COLUMN "name";\n`;

/** "User" with a name column and rows, applied; a migration dropping the column is pending. */
async function usersWithNames(prefix: string): Promise<{ url: string; app: FixtureApp }> {
  const url = await createDatabase(prefix);
  const app = createFixtureApp();
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  app.addMigration("20260102000000_user_name", `-- AlterTable\nALTER TABLE "User" ADD COLUMN "name" TEXT;\n`);
  const first = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(first.exitCode).toBe(0);
  await withClient(url, (client) =>
    client.query(`INSERT INTO "User" (email, name) SELECT 'u' || g || '@example.com', CASE WHEN g % 7 = 0 THEN NULL ELSE E'Name\\t' || g || E'\\nline two' END FROM generate_series(1, 500) g`),
  );
  app.addMigration("20260103000000_drop_user_name", DROP_NAME);
  return { url, app };
}

async function names(url: string): Promise<Array<{ id: number; name: string | null }>> {
  return (await withClient(url, (client) => client.query(`SELECT id, name FROM "User" ORDER BY id`))).rows;
}

test("backup: destructive keeps the dropped column's data, and its restore script brings it back", async () => {
  const { url, app } = await usersWithNames("backupcol");
  const before = await names(url);
  const backupRoot = path.join(app.dir, "backups");
  const result = await runAction({
    inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, backup: "destructive", "backup-path": backupRoot },
  });
  expect(result.exitCode).toBe(0);
  expect(JSON.parse(result.outputs["migrations-applied"])).toEqual(["20260103000000_drop_user_name"]);
  const [stamp] = readdirSync(backupRoot);
  const folder = path.join(backupRoot, stamp);
  const files = readdirSync(folder).sort();
  expect(files).toEqual(["01-User.copy.gz", "restore.sh", "restore.sql"]);
  // The summary names the file, the rows and how to restore.
  expect(result.summary).toContain("01-User.copy.gz");
  expect(result.summary).toMatch(/\| 500 \|/);
  expect(result.summary).toContain("restore.sh");
  // pg_dump 15 on PATH against a newer server: said clearly, the COPY backup still taken.
  const pgDumpMajor = Number(/(\d+)/.exec((await run("pg_dump", ["--version"])).stdout)?.[1]);
  if (pgDumpMajor < 17) expect(result.stdout).toMatch(/pg_dump on PATH is version \d+, older than the server/);

  const restore = await run(path.join(folder, "restore.sh"), [], { env: { ...process.env, DATABASE_URL: url } });
  expect(restore.stderr).not.toMatch(/ERROR/);
  expect(await names(url)).toEqual(before);
  expect(readFileSync(path.join(folder, "restore.sql"), "utf8")).toContain('ALTER TABLE "public"."User" ADD COLUMN IF NOT EXISTS "name" text;');
  expectSecretAbsent(result, passwordOf(url));
});

test("backup: a backup that cannot be written stops the run with nothing applied", async () => {
  const { url, app } = await usersWithNames("backupfail");
  const notAFolder = path.join(app.dir, "backups-file");
  writeFileSync(notAFolder, "a file where the backup folder should be\n");
  const result = await runAction({
    inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, backup: "destructive", "backup-path": notAFolder },
  });
  expect(result.exitCode).toBe(1);
  expect(result.outputs["failure-reason"]).toBe("backup-failed");
  expect(result.outputs.attempts).toBe("0");
  expect(result.summary).toContain("nothing was migrated");
  const rows = await migrationRows(url);
  expect(rows.map((row) => row.migration_name)).not.toContain("20260103000000_drop_user_name");
  expect((await names(url)).filter((row) => row.name !== null)).toHaveLength(500 - Math.floor(500 / 7));
});

test("backup: always refuses to migrate without a full dump when the pg_dump on PATH is older than the server", async () => {
  const pgDumpMajor = Number(/(\d+)/.exec((await run("pg_dump", ["--version"])).stdout)?.[1]);
  const { url, app } = await usersWithNames("backupalways");
  const serverMajor = Math.floor(Number((await withClient(url, (client) => client.query("SHOW server_version_num"))).rows[0].server_version_num) / 10_000);
  const result = await runAction({
    inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, backup: "always", "backup-path": path.join(app.dir, "backups") },
  });
  if (pgDumpMajor >= serverMajor) {
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain("database.dump");
    return;
  }
  expect(result.outputs["failure-reason"]).toBe("backup-failed");
  expect(result.summary).toContain(`version ${pgDumpMajor}, older than the server (PostgreSQL ${serverMajor})`);
  expect(result.summary).toContain(`postgresql-client-${serverMajor}`);
  expect((await migrationRows(url)).map((row) => row.migration_name)).not.toContain("20260103000000_drop_user_name");
  expect(existsSync(path.join(app.dir, "backups"))).toBe(false);
});

test("backup: destructive takes nothing when no pending migration destroys data", async () => {
  const url = await createDatabase("backupnone");
  const app = createFixtureApp();
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  const result = await runAction({
    inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, backup: "destructive", "backup-path": path.join(app.dir, "backups") },
  });
  expect(result.exitCode).toBe(0);
  expect(existsSync(path.join(app.dir, "backups"))).toBe(false);
  expect(result.summary).not.toContain("Backup before migrating");
});
