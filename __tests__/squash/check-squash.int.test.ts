// The pull-request check recognises a squash (old folders removed, one baseline added whose
// proof passes) and does not report the removed folders as deleted migrations; a baseline that
// builds another schema is no squash, and the deletions stay errors.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { createFixtureApp, type FixtureApp } from "../support/fixture-app.js";
import { createDatabase } from "../support/database.js";
import { runAction, type ActionRun } from "../support/run-action.js";
import { runCli } from "../support/run-cli.js";
import { HISTORY, TRIGGER_SQL, writeHistory } from "./history.js";

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
}

/** The history committed on main; returns the base commit. */
function committedHistory(app: FixtureApp): string {
  writeHistory(app);
  git(app.dir, "init", "-q", "-b", "main");
  git(app.dir, "add", "-A");
  git(app.dir, "-c", "user.name=dev", "-c", "user.email=dev@example.invalid", "commit", "-q", "-m", "history");
  return git(app.dir, "rev-parse", "HEAD");
}

async function check(app: FixtureApp, baseSha: string): Promise<ActionRun> {
  const shadow = await createDatabase("shadow");
  return await runAction({
    inputs: { command: "check", "working-directory": ".", "shadow-database-url": shadow, "base-ref": baseSha },
    env: { GITHUB_WORKSPACE: app.dir, GITHUB_REPOSITORY: "", GITHUB_EVENT_PATH: "" },
  });
}

test("a squash whose proof passes is recognised: no deleted migrations reported", async () => {
  const app = createFixtureApp();
  const baseSha = committedHistory(app);
  const squashed = await runCli(["squash", "--append", "prisma/squash-extra.sql"], { cwd: app.dir, env: { SHADOW_DATABASE_URL: await createDatabase("shadow") } });
  expect(squashed.exitCode).toBe(0);

  const run = await check(app, baseSha);
  expect(run.summary).toMatch(/✅ \*\*Squash\*\*: `\d{14}_baseline` replaces 17 migration\(s\) of the base branch/);
  expect(run.summary).not.toContain("was deleted");
  expect(run.exitCode).toBe(0);
});

test("removed folders and a baseline that builds another schema: not a squash, the deletions are errors", async () => {
  const app = createFixtureApp();
  const baseSha = committedHistory(app);
  for (const [name] of HISTORY) rmSync(path.join(app.dir, "prisma", "migrations", name), { recursive: true });
  // All but the last migration's SQL: the ARCHIVED status is missing.
  app.addMigration("20260201000000_baseline", HISTORY.slice(0, -1).map(([, sql]) => sql || TRIGGER_SQL).join("\n"));

  const run = await check(app, baseSha);
  expect(run.summary).toContain("❌ **Not a squash**");
  expect(run.summary).toContain('enum value "ARCHIVED" of "PostStatus" is created by the old history, not by the baseline');
  expect(run.summary).toContain("Migration 20260101000000_init exists on the base branch but was deleted");
  expect(run.exitCode).toBe(1);
});
