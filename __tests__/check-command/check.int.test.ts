// `command: check` through the bundle, on a pull request in a real git repository, with the
// real Prisma CLI, a real shadow database and a local fake of GitHub's API.
import { execFileSync } from "node:child_process";
import { createDatabase, passwordOf, withClient } from "../support/database.js";
import { runAction, type ActionRun } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";
import { useStandIns } from "../support/stand-ins.js";
import { PRISMA_MAJORS } from "../support/fixture-app.js";
import { checkPullRequest, pullRequestRepo, type PullRequestRepo } from "./harness.js";

const TOKEN = "ghs_checkTokenForTests0123456789";
const standIns = useStandIns({ github: { token: TOKEN, repository: "acme/shop", pullRequests: [7] } });

async function check(repo: PullRequestRepo, extra: Record<string, string> = {}, token = TOKEN): Promise<ActionRun> {
  return await checkPullRequest(repo, { github: standIns.github, token, extra });
}

const POST_MODEL = `\nmodel Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n`;

test.each(PRISMA_MAJORS)("Prisma %i: a schema change without a migration is drift; with the migration, no drift; one comment, updated in place", async (major) => {
  const repo = pullRequestRepo(false, major);
  repo.app.appendSchema(POST_MODEL);

  const drifted = await check(repo);
  expect(drifted.exitCode).toBe(1);
  expect(drifted.outputs["failure-reason"]).toBe("drift");
  expect(drifted.outputs.drift).toBe("true");
  expect(drifted.summary).toContain('CREATE TABLE "Post"');
  // The command to write the missing migration, in this major's flags.
  expect(drifted.summary).toContain(major === 6 ? "migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma" : "migrate diff --from-migrations prisma/migrations --to-schema prisma/schema.prisma");
  expect(standIns.github.comments("acme/shop", 7)).toHaveLength(1);
  expect(standIns.github.comments("acme/shop", 7)[0].body).toContain('CREATE TABLE "Post"');

  repo.app.addMigration(
    "20260201000000_post",
    `-- CreateTable\nCREATE TABLE "Post" (\n    "id" SERIAL NOT NULL,\n    "title" TEXT NOT NULL,\n\n    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")\n);\n`,
  );
  const fixed = await check(repo);
  expect(fixed.outputs.drift).toBe("false");
  expect(fixed.outputs["failure-reason"]).toBe("");
  expect(fixed.exitCode).toBe(0);
  expect(fixed.summary).toContain("20260201000000_post");
  // The same comment, updated: still exactly one.
  const comments = standIns.github.comments("acme/shop", 7);
  expect(comments).toHaveLength(1);
  expect(comments[0].body).not.toContain('CREATE TABLE "Post" (');
  expect(comments[0].body).toContain("no drift");
});

test("unsafe SQL is reported with rule, file and line; suppression needs a reason; fail-on decides", async () => {
  const repo = pullRequestRepo();
  repo.app.appendSchema("");
  const file = repo.app.addMigration("20260201000000_drop_email", `-- AlterTable\nALTER TABLE "User" DROP COLUMN "email";\n`);
  repo.app.writeFile("prisma/schema.prisma", (await import("node:fs")).readFileSync(`${repo.app.dir}/prisma/schema.prisma`, "utf8").replace(/\n\s*email String @unique/, ""));
  expect(file).toContain("20260201000000_drop_email");

  const failing = await check(repo);
  expect(failing.outputs["failure-reason"]).toBe("unsafe-migration");
  expect(Number(failing.outputs.findings)).toBeGreaterThan(0);
  expect(failing.summary).toContain("drop-column");
  expect(failing.stdout).toMatch(/::error title=drop-column[^,]*,file=prisma\/migrations\/20260201000000_drop_email\/migration\.sql,line=2::/);

  const relaxed = await check(repo, { "fail-on": "never" });
  expect(relaxed.exitCode).toBe(0);
  expect(relaxed.summary).toContain("drop-column");
});

test("the deploy's contract-migrations and ddl-lock-wait, as the check shows them on the pull request", async () => {
  const repo = pullRequestRepo();
  const fs = await import("node:fs");
  repo.app.writeFile("prisma/schema.prisma", fs.readFileSync(`${repo.app.dir}/prisma/schema.prisma`, "utf8").replace(/email String @unique/, "nickname String?"));
  repo.app.addMigration("20260201000000_nickname", `-- AlterTable\nALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n`);
  repo.app.addMigration("20260202000000_drop_email", `-- AlterTable\nALTER TABLE "User" DROP COLUMN "email";\n`);

  const allowed = await check(repo, { "fail-on": "never" });
  expect(allowed.exitCode).toBe(0);
  expect(allowed.summary).toContain("#### Expand and contract (`contract-migrations: allow`)");
  expect(allowed.summary).toContain('| `20260201000000_nickname` | expand | adds column "User"."nickname" | before the deploy |');
  expect(allowed.summary).toContain("| `20260202000000_drop_email` | contract | drop-column (line 2) | before the deploy |");
  expect(allowed.summary).toContain("⚠️ The deploy applies `20260202000000_drop_email` before the new version starts");
  // The gate cancels the lock wait of a file that runs as one implicit transaction: no warning for it.
  expect(allowed.stdout).not.toContain("::warning title=missing-lock-timeout");
  expect(allowed.summary).toContain("the gate cancels a lock wait longer than ddl-lock-wait (10 s) and retries the migration");

  const unbounded = await check(repo, { "fail-on": "never", "ddl-lock-wait": "0" });
  expect(unbounded.stdout).toMatch(/::warning title=missing-lock-timeout[^,]*,file=prisma\/migrations\/20260201000000_nickname\/migration\.sql/);

  const split = await check(repo, { "fail-on": "never", "contract-migrations": "after-deploy" });
  expect(split.summary).toContain("| `20260202000000_drop_email` | contract | drop-column (line 2) | after the new deployment is healthy |");
  expect(split.summary).toContain("The deploy applies `20260201000000_nickname` first, and `20260202000000_drop_email` once the new deployment is healthy.");

  const blocked = await check(repo, { "contract-migrations": "block" });
  expect(blocked.exitCode).toBe(1);
  expect(blocked.outputs["failure-reason"]).toBe("contract-blocked");
  expect(blocked.summary).toContain("❌ The deploy would stop with `contract-blocked`: 1 pending migration(s) remove or restrict what the running version may still use, and contract-migrations is block: 20260202000000_drop_email");
  expect(standIns.github.comments("acme/shop", 7)[0].body).toContain("The deploy would stop with `contract-blocked`");
});

test("an edited applied migration and an out-of-order migration are reported against the base branch", async () => {
  const repo = pullRequestRepo();
  repo.app.writeFile("prisma/migrations/20260101000000_init/migration.sql", "-- edited after it was applied\nSELECT 1;\n");
  repo.app.addMigration("20250101000000_older", `SELECT 1;\n`);
  const run = await check(repo, { "fail-on": "error" });
  expect(run.outputs["failure-reason"]).not.toBe("");
  expect(run.summary).toMatch(/20260101000000_init[\s\S]*edited|edited[\s\S]*20260101000000_init/);
  expect(run.summary).toMatch(/20250101000000_older[\s\S]*(order|before)/);
});

test.each(PRISMA_MAJORS)("Prisma %i with database-url: the plan, and a hotfix index on the live database, with the recipe", async (major) => {
  const repo = pullRequestRepo(false, major);
  const live = await createDatabase("live");
  const migrated = await runAction({ inputs: { command: "migrate", "database-url": live, "working-directory": repo.app.dir } });
  expect(migrated.exitCode).toBe(0);
  await withClient(live, (client) => client.query(`CREATE INDEX "User_email_lower_idx" ON "User" (lower("email"))`));
  repo.app.addMigration("20260201000000_user_name", `-- AlterTable\nALTER TABLE "User" ADD COLUMN "name" TEXT;\n`);
  repo.app.appendSchema("");
  repo.app.writeFile(
    "prisma/schema.prisma",
    (await import("node:fs")).readFileSync(`${repo.app.dir}/prisma/schema.prisma`, "utf8").replace("email String @unique", "email String @unique\n  name  String?"),
  );

  const run = await check(repo, { "database-url": live });
  expect(JSON.parse(run.outputs.plan)).toEqual(["20260201000000_user_name"]);
  expect(run.outputs.drift).toBe("true");
  expect(run.outputs["failure-reason"]).toBe("drift");
  expect(run.summary).toContain("User_email_lower_idx");
  expect(run.summary).toContain("migrate resolve --applied");
  expectSecretAbsent(run, passwordOf(live));
});

test("outside a pull request, the deploy plan is linted with database-url, and a warning says lint was skipped without it", async () => {
  const repo = pullRequestRepo();
  const live = await createDatabase("live");
  const migrated = await runAction({ inputs: { command: "migrate", "database-url": live, "working-directory": repo.app.dir } });
  expect(migrated.exitCode).toBe(0);
  repo.app.addMigration("20260201000000_optional_email", `-- DropIndex\nDROP INDEX "User_email_key";\n`);
  repo.app.writeFile("prisma/schema.prisma", (await import("node:fs")).readFileSync(`${repo.app.dir}/prisma/schema.prisma`, "utf8").replace("email String @unique", "email String"));
  const onPush = async (extra: Record<string, string>) =>
    await runAction({
      inputs: { command: "check", "working-directory": ".", "shadow-database-url": await createDatabase("shadow"), ...extra },
      eventName: "push",
      env: { GITHUB_WORKSPACE: repo.app.dir },
    });

  const withDatabase = await onPush({ "database-url": live, "fail-on": "warning" });
  expect(JSON.parse(withDatabase.outputs.plan)).toEqual(["20260201000000_optional_email"]);
  expect(withDatabase.summary).toContain("Linted the deploy plan (1 migration(s) the database has not applied)");
  expect(withDatabase.summary).toContain("drop-index-without-concurrently");
  expect(withDatabase.summary).not.toContain("20260101000000_init/migration.sql");
  expect(withDatabase.outputs["failure-reason"]).toBe("unsafe-migration");

  const without = await onPush({});
  expect(without.exitCode).toBe(0);
  expect(without.summary).toContain("Migration SQL was not linted");
  expect(without.stdout).toMatch(/::warning::Migration SQL was not linted: there is no base branch/);
});

test("base-ref given as a branch name resolves through origin/<branch>, which is all a shallow clone's fetch creates", async () => {
  const repo = pullRequestRepo();
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo.app.dir, encoding: "utf8" });
  // As after actions/checkout of a pull request plus `git fetch origin main:refs/remotes/origin/main`: no local main.
  git("update-ref", "refs/remotes/origin/main", "HEAD");
  git("checkout", "-q", "--detach");
  git("branch", "-D", "main");
  repo.app.addMigration("20250101000000_older", `SELECT 1;\n`);
  const run = await runAction({
    inputs: { command: "check", "working-directory": ".", "shadow-database-url": await createDatabase("shadow"), "base-ref": "main" },
    eventName: "push",
    env: { GITHUB_WORKSPACE: repo.app.dir },
  });
  expect(run.summary).toMatch(/out-of-order[\s\S]*20250101000000_older/);
  expect(run.outputs["failure-reason"]).toBe("unsafe-migration");
});

test("a fork's read-only token: the comment is skipped with a notice and the check does not fail because of it", async () => {
  const repo = pullRequestRepo(true);
  standIns.github.allowToken("ghs_forkReadOnly000000000000000", "read-only");
  const before = standIns.github.comments("acme/shop", 7).length;
  const run = await check(repo, {}, "ghs_forkReadOnly000000000000000");
  expect(run.exitCode).toBe(0);
  expect(run.outputs["failure-reason"]).toBe("");
  expect(standIns.github.comments("acme/shop", 7)).toHaveLength(before);
  expect(run.stdout).toMatch(/::notice::.*fork/i);
  expect(run.summary).toContain("no drift");
});

test("a migrate diff error is reported as an error, never as 'no drift'", async () => {
  const repo = pullRequestRepo();
  repo.app.addMigration("20260201000000_typo", `ALTER TABLE "User" ADD COLUM "name" TEXT;\n`);
  const run = await check(repo);
  expect(run.exitCode).toBe(1);
  expect(run.outputs["failure-reason"]).toBe("migration-failed");
  expect(run.outputs.drift).not.toBe("false");
  expect(run.summary).toContain("drift between the schema and the migrations is unknown");
  expect(run.summary).not.toContain("no drift");
});

test("outside a GitHub run (no repository, no event), the check still runs and reports, without a comment", async () => {
  const repo = pullRequestRepo();
  repo.app.appendSchema(POST_MODEL);
  const shadow = await createDatabase("shadow");
  const run = await runAction({
    inputs: { command: "check", "working-directory": ".", "shadow-database-url": shadow, "github-token": TOKEN, "base-ref": repo.baseSha },
    env: { GITHUB_WORKSPACE: repo.app.dir, GITHUB_API_URL: standIns.github.url, GITHUB_REPOSITORY: "", GITHUB_EVENT_PATH: "" },
  });
  expect(run.outputs["failure-reason"]).toBe("drift");
  expect(run.everything).not.toContain("Unexpected error");
  expect(run.summary).toContain('CREATE TABLE "Post"');
});

test("SET NOT NULL after a validated CHECK passes, as the rule's safe sequence promises, except on a PostgreSQL that scans anyway; the database's version wins over postgres-version", async () => {
  const repo = pullRequestRepo();
  const fs = await import("node:fs");
  const schema = () => fs.readFileSync(`${repo.app.dir}/prisma/schema.prisma`, "utf8");
  repo.app.writeFile("prisma/schema.prisma", schema().replace("email String @unique", "email String @unique\n  nickname String?"));
  repo.app.addMigration("20260201000000_nickname", `-- AlterTable\nALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n`);
  repo.app.addMigration("20260202000000_nickname_check", `SET lock_timeout = '5s';\nALTER TABLE "User" ADD CONSTRAINT "User_nickname_not_null" CHECK ("nickname" IS NOT NULL) NOT VALID;\n`);
  repo.app.addMigration("20260203000000_nickname_validate", `ALTER TABLE "User" VALIDATE CONSTRAINT "User_nickname_not_null";\n`);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo.app.dir, encoding: "utf8" });
  git("add", "-A");
  git("-c", "user.name=dev", "-c", "user.email=dev@example.invalid", "commit", "-q", "-m", "nickname checked");
  (repo.event as { pull_request: { base: { sha: string } } }).pull_request.base.sha = git("rev-parse", "HEAD").trim();
  const live = await createDatabase("live");
  expect((await runAction({ inputs: { command: "migrate", "database-url": live, "working-directory": repo.app.dir } })).exitCode).toBe(0);
  // The pull request: the field becomes required.
  repo.app.writeFile("prisma/schema.prisma", schema().replace("nickname String?", "nickname String"));
  repo.app.addMigration("20260204000000_nickname_required", `SET lock_timeout = '5s';\n-- AlterTable\nALTER TABLE "User" ALTER COLUMN "nickname" SET NOT NULL;\n`);

  const current = await check(repo);
  expect({ exitCode: current.exitCode, reason: current.outputs["failure-reason"], findings: current.outputs.findings }).toEqual({ exitCode: 0, reason: "", findings: "0" });
  expect(current.summary).not.toContain("set-not-null");

  const old = await check(repo, { "postgres-version": "11" });
  expect(old.outputs["failure-reason"]).toBe("unsafe-migration");
  expect(old.summary).toContain("set-not-null");
  expect(old.stdout).toMatch(/::error title=set-not-null[^:]*PostgreSQL 11 scans every row/);

  // The live database (PostgreSQL 17 here) says what the deploy will run on.
  const liveVersion = await check(repo, { "postgres-version": "11", "database-url": live });
  expect({ exitCode: liveVersion.exitCode, reason: liveVersion.outputs["failure-reason"] }).toEqual({ exitCode: 0, reason: "" });
  expect(liveVersion.summary).not.toContain("set-not-null");
  expectSecretAbsent(liveVersion, passwordOf(live));

  const bad = await check(repo, { "postgres-version": "eleven" });
  expect(bad.outputs["failure-reason"]).toBe("invalid-input");
  expect(bad.stdout + bad.stderr).toContain("Invalid postgres-version 'eleven'. Expected a PostgreSQL major version such as 16 or 9.6");
});
