// `prisma-gated-deploy squash` as a person types it, on a history of 17 migrations, against
// real PostgreSQL and the real Prisma CLI: the proof of equivalence passes, catches a wrong
// baseline, a database behind is refused, and after squashing a deploy applies nothing.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createFixtureApp, type FixtureApp } from "../support/fixture-app.js";
import { createDatabase, migrationRows, passwordOf } from "../support/database.js";
import { runCli, type CliRun } from "../support/run-cli.js";
import { HISTORY, schemaText, writeHistory } from "./history.js";

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
}

function migrationFolders(app: FixtureApp): string[] {
  return readdirSync(path.join(app.dir, "prisma", "migrations")).filter((name) => name !== "migration_lock.toml").sort();
}

async function deployedDatabase(app: FixtureApp): Promise<string> {
  const url = await createDatabase("squash");
  const run = await runCli(["migrate"], { cwd: app.dir, env: { DATABASE_URL: url } });
  expect(run.exitCode).toBe(0);
  return url;
}

function expectNoSecret(run: CliRun, ...urls: string[]): void {
  for (const url of urls) expect(run.stdout + run.stderr).not.toContain(passwordOf(url));
}

test("the proof passes on a 17-migration history; squash moves the old folders with git mv, records the baseline, and a deploy then applies nothing", async () => {
  const app = createFixtureApp();
  const names = writeHistory(app);
  expect(names.length).toBeGreaterThanOrEqual(15);
  const production = await deployedDatabase(app);
  const staging = await deployedDatabase(app);
  git(app.dir, "init", "-q", "-b", "main");
  git(app.dir, "add", "-A");
  git(app.dir, "-c", "user.name=dev", "-c", "user.email=dev@example.invalid", "commit", "-q", "-m", "history");
  const shadow = await createDatabase("shadow");
  const args = ["squash", "--database-url", production, "--database-url", staging, "--append", "prisma/squash-extra.sql"];

  const dryRun = await runCli([...args, "--dry-run", "true"], { cwd: app.dir, env: { SHADOW_DATABASE_URL: shadow } });
  expect(dryRun.stdout).toContain("Proof passed");
  expect(dryRun.exitCode).toBe(0);
  expect(dryRun.stdout).toContain("Dry run: nothing was changed.");
  expect(migrationFolders(app)).toEqual(names);
  expect((await migrationRows(production)).map((row) => row.migration_name)).toEqual(names);

  const squashed = await runCli(args, { cwd: app.dir, env: { SHADOW_DATABASE_URL: shadow } });
  expect(squashed.exitCode).toBe(0);
  const folders = migrationFolders(app);
  expect(folders).toHaveLength(1);
  const [baseline] = folders;
  expect(baseline).toMatch(/^\d{14}_baseline$/);
  const sql = readFileSync(path.join(app.dir, "prisma", "migrations", baseline, "migration.sql"), "utf8");
  expect(sql).toContain('CREATE TYPE "Role" AS ENUM (\'MEMBER\', \'EDITOR\', \'ADMIN\');');
  expect(sql).toContain('CREATE TRIGGER "Post_touch"');
  // The old folders are kept beside the migrations folder, moved as renames git follows.
  expect(readdirSync(path.join(app.dir, "prisma", "squashed", baseline)).sort()).toEqual(names);
  const status = git(app.dir, "status", "--porcelain");
  expect(status).toMatch(/^R {2}prisma\/migrations\/20260101000000_init\/migration\.sql -> prisma\/squashed\/\d{14}_baseline\/20260101000000_init\/migration\.sql$/m);
  for (const url of [production, staging]) {
    expect((await migrationRows(url)).map((row) => row.migration_name)).toEqual([...names, baseline]);
    const deploy = await runCli(["migrate", "--json"], { cwd: app.dir, env: { DATABASE_URL: url } });
    expect(deploy.exitCode).toBe(0);
    expect(deploy.json<{ migration: { applied: string[] } }>().migration.applied).toEqual([]);
  }
  // A new environment is built from the baseline alone.
  const fresh = await createDatabase("fresh");
  const built = await runCli(["migrate", "--json"], { cwd: app.dir, env: { DATABASE_URL: fresh } });
  expect(built.json<{ migration: { applied: string[] } }>().migration.applied).toEqual([baseline]);
  expectNoSecret(squashed, production, staging, shadow);
});

test("a wrong baseline is caught and the differences named; the folder stays untouched", async () => {
  const app = createFixtureApp();
  // The schema lists EDITOR after ADMIN, and the trigger's SQL is not appended.
  const names = writeHistory(app, HISTORY.length, schemaText("MEMBER\n  ADMIN\n  EDITOR"));
  const shadow = await createDatabase("shadow");

  const run = await runCli(["squash", "--json"], { cwd: app.dir, env: { SHADOW_DATABASE_URL: shadow } });
  expect(run.exitCode).toBe(1);
  const result = run.json<{ failureReason: string; squash: { proof: { equivalent: boolean; differences: Array<{ object: string; name: string; side: string }> } } }>();
  expect(result.failureReason).toBe("squash-refused");
  expect(result.squash.proof.equivalent).toBe(false);
  expect(result.squash.proof.differences).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ object: "enum", name: "Role", side: "different" }),
      expect.objectContaining({ object: "function", name: "touch_updated_at()", side: "history only" }),
      expect.objectContaining({ object: "trigger", name: "Post_touch", side: "history only" }),
    ]),
  );
  const text = await runCli(["squash"], { cwd: app.dir, env: { SHADOW_DATABASE_URL: shadow } });
  expect(text.stdout).toContain('enum "Role" orders its values differently: (MEMBER, EDITOR, ADMIN) in the old history, (MEMBER, ADMIN, EDITOR) in the baseline');
  expect(migrationFolders(app)).toEqual(names);
  expect(existsSync(path.join(app.dir, "prisma", "squashed"))).toBe(false);
});

test("a database with pending migrations is refused before anything changes", async () => {
  const behind = createFixtureApp();
  writeHistory(behind, HISTORY.length - 2);
  const lagging = await deployedDatabase(behind);
  const app = createFixtureApp();
  const names = writeHistory(app);
  const current = await deployedDatabase(app);
  const shadow = await createDatabase("shadow");

  const run = await runCli(["squash", "--database-url", current, "--database-url", lagging, "--append", "prisma/squash-extra.sql"], { cwd: app.dir, env: { SHADOW_DATABASE_URL: shadow } });
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain("squash failed (squash-refused)");
  expect(run.stdout).toContain(`2 migration(s) are pending there: ${names.slice(-2).join(", ")}`);
  expect(migrationFolders(app)).toEqual(names);
  // Not even the database that was ready got the baseline.
  expect((await migrationRows(current)).map((row) => row.migration_name)).toEqual(names);
  expectNoSecret(run, current, lagging, shadow);
});
