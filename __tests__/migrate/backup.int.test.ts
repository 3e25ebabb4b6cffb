// backup: what a migration destroys is kept, verified and restorable before it runs; a backup
// that cannot be taken stops the run with nothing applied; the full dump restores the database.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { formatBytes } from "../../src/report/archive-section.js";
import { createFixtureApp, INIT_USER_SQL, type FixtureApp } from "../support/fixture-app.js";
import { createDatabase, migrationRows, passwordOf, withClient } from "../support/database.js";
import { startEmbeddedPostgres, type RunningPostgres } from "../support/global-setup.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";

const run = promisify(execFile);
const DROP_NAME = `-- AlterTable\nALTER TABLE "User" DROP COLUMN "name";\n`;

/** The major of a PostgreSQL client program on PATH; undefined when there is none. */
function clientMajor(program: "pg_dump" | "pg_restore"): number | undefined {
  try {
    return Number(/(\d+)/.exec(execFileSync(program, ["--version"], { encoding: "utf8" }))?.[1]);
  } catch {
    return undefined;
  }
}

/** "User" with a name column and rows, applied; a migration dropping the column is pending. */
async function usersWithNames(prefix: string, server?: string): Promise<{ url: string; app: FixtureApp }> {
  const url = await createDatabase(prefix, server);
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
  const pgDumpMajor = clientMajor("pg_dump");
  if (pgDumpMajor !== undefined && pgDumpMajor < 17) expect(result.stdout).toMatch(/pg_dump on PATH is version \d+, older than the server/);

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
  const pgDumpMajor = clientMajor("pg_dump");
  const { url, app } = await usersWithNames("backupalways");
  const serverMajor = Math.floor(Number((await withClient(url, (client) => client.query("SHOW server_version_num"))).rows[0].server_version_num) / 10_000);
  const result = await runAction({
    inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, backup: "always", "backup-path": path.join(app.dir, "backups") },
  });
  if (pgDumpMajor !== undefined && pgDumpMajor >= serverMajor) {
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain("database.dump");
    return;
  }
  expect(result.outputs["failure-reason"]).toBe("backup-failed");
  if (pgDumpMajor === undefined) {
    expect(result.summary).toContain("no pg_dump on PATH");
  } else {
    expect(result.summary).toContain(`version ${pgDumpMajor}, older than the server (PostgreSQL ${serverMajor})`);
    expect(result.summary).toContain(`postgresql-client-${serverMajor}`);
  }
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

/** The full-dump tests' server is as old as the pg_dump on the project's machines (Debian's 15), which refuses any newer one. */
const DUMP_SERVER_MAJOR = 15;
const DUMP_SERVER_PASSWORD = "Dump#15 p@ss/word!";

/** Why the full-dump tests cannot run here; undefined when they can. */
function missingDumpClients(): string | undefined {
  const found = (["pg_dump", "pg_restore"] as const).map((program) => ({ program, major: clientMajor(program) }));
  const unfit = found.filter(({ major }) => major === undefined || major < DUMP_SERVER_MAJOR);
  if (unfit.length === 0) return undefined;
  const programs = unfit.map(({ program }) => program).join(" and ");
  const seen = unfit.map(({ program, major }) => `${program} ${major ?? "none"}`).join(", ");
  return `they need ${programs} ${DUMP_SERVER_MAJOR} or newer on PATH (Debian: apt-get install postgresql-client-${DUMP_SERVER_MAJOR}); found ${seen}`;
}

/** Every row of the fixture's tables and where its id sequence stands, to compare a restored copy with. */
async function contents(url: string): Promise<unknown> {
  return await withClient(url, async (client) => ({
    users: (await client.query(`SELECT * FROM "User" ORDER BY id`)).rows,
    migrations: (await client.query(`SELECT * FROM _prisma_migrations ORDER BY migration_name`)).rows,
    nextUserId: (await client.query(`SELECT last_value, is_called FROM "User_id_seq"`)).rows,
  }));
}

const dumpClientsMissing = missingDumpClients();
const describeWithDumpClients = dumpClientsMissing ? describe.skip : describe;
if (dumpClientsMissing) console.warn(`Full-dump tests skipped: ${dumpClientsMissing}.`);

describeWithDumpClients(`backup with a full dump, on a PostgreSQL ${DUMP_SERVER_MAJOR} server${dumpClientsMissing ? ` (skipped: ${dumpClientsMissing})` : ""}`, () => {
  let server: RunningPostgres;
  beforeAll(async () => {
    server = await startEmbeddedPostgres({ password: DUMP_SERVER_PASSWORD, prefix: "pgd-dump-", major: DUMP_SERVER_MAJOR });
    const version = await withClient(server.adminUrl, (client) => client.query<{ server_version_num: string }>("SHOW server_version_num"));
    expect(Math.floor(Number(version.rows[0].server_version_num) / 10_000)).toBe(DUMP_SERVER_MAJOR);
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("backup: always takes a full dump that pg_restore lists, and it restores the database as it was", async () => {
    const { url, app } = await usersWithNames("dumpalways", server.adminUrl);
    const before = await contents(url);
    const backupRoot = path.join(app.dir, "backups");
    const result = await runAction({
      inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, backup: "always", "backup-path": backupRoot },
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.outputs["migrations-applied"])).toEqual(["20260103000000_drop_user_name"]);
    const [stamp] = readdirSync(backupRoot);
    const folder = path.join(backupRoot, stamp);
    expect(readdirSync(folder).sort()).toEqual(["01-User.copy.gz", "database.dump", "restore.sh", "restore.sql"]);

    const dump = path.join(folder, "database.dump");
    const listed = (await run("pg_restore", ["--list", dump])).stdout;
    expect(listed).toMatch(/TABLE DATA public User /);
    expect(listed).toMatch(/TABLE DATA public _prisma_migrations /);
    const entries = listed.split("\n").filter((line) => line.trim() && !line.startsWith(";")).length;
    const size = formatBytes(statSync(dump).size);
    expect(result.stdout).toContain(`/database.dump: full dump, ${entries} entries, ${size}`);
    const summaryRow = result.summary.split("\n").find((line) => line.includes("`database.dump`"));
    expect(summaryRow).toContain(`full dump, ${entries} entries (verified with pg_restore --list)`);
    expect(summaryRow).toContain(size);
    expect(result.summary).not.toContain("No full dump");

    // Taken before the migration: restored into a fresh database, it is the database as it was.
    const restored = await createDatabase("dumprestored", server.adminUrl);
    const restoreTarget = new URL(restored);
    restoreTarget.password = "";
    await run("pg_restore", ["--exit-on-error", "--no-owner", `--dbname=${restoreTarget}`, dump], { env: { ...process.env, PGPASSWORD: DUMP_SERVER_PASSWORD } });
    expect(await contents(restored)).toEqual(before);
    expect((await migrationRows(url)).map((row) => row.migration_name)).toContain("20260103000000_drop_user_name");
    expectSecretAbsent(result, passwordOf(url));
  });

  test("backup: destructive adds the full dump beside the destroyed data's backup when the pg_dump on PATH can take it", async () => {
    const { url, app } = await usersWithNames("dumpdestructive", server.adminUrl);
    const backupRoot = path.join(app.dir, "backups");
    const result = await runAction({
      inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, backup: "destructive", "backup-path": backupRoot },
    });
    expect(result.exitCode).toBe(0);
    const [stamp] = readdirSync(backupRoot);
    expect(readdirSync(path.join(backupRoot, stamp)).sort()).toEqual(["01-User.copy.gz", "database.dump", "restore.sh", "restore.sql"]);
    expect(result.summary).toContain("`database.dump`");
    expect(result.stdout).not.toContain("No full dump");
    expectSecretAbsent(result, passwordOf(url));
  });
});
