// `command: resolve` through the bundle, against real PostgreSQL and the real Prisma CLI:
// a failed migration that committed nothing, one left half applied, and one still running
// are told apart; only an explicit decision changes the history table.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS, type FixtureApp } from "../support/fixture-app.js";
import { createDatabase, migrationRows, passwordOf, withClient } from "../support/database.js";
import { runAction, type ActionRun } from "../support/run-action.js";
import { runCli } from "../support/run-cli.js";
import { expectSecretAbsent } from "../support/secrets.js";

const INIT = "20260101000000_init";
const ADD_NAME = "20260102000000_add_name";

/** Creates a table, then adds a required column to a table that has rows: PostgreSQL refuses that (23502), an empty shadow does not. */
const ADD_NAME_SQL = `-- CreateTable
CREATE TABLE "Profile" (
    "id" SERIAL NOT NULL,
    "bio" TEXT,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "User" ADD COLUMN "name" TEXT NOT NULL;
`;

async function deployed(app: FixtureApp): Promise<{ url: string; inputs: Record<string, string> }> {
  const url = await createDatabase("resolve");
  app.addMigration(INIT, INIT_USER_SQL);
  const first = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(first.exitCode).toBe(0);
  await withClient(url, (client) => client.query(`INSERT INTO "User" (email) VALUES ('ada@example.com')`));
  return { url, inputs: { "database-url": url, "working-directory": app.dir } };
}

async function migrateFails(inputs: Record<string, string>): Promise<void> {
  const run = await runAction({ inputs: { ...inputs, command: "migrate" } });
  expect(run.outputs["failure-reason"]).toBe("migration-failed");
}

function rowOf(rows: Awaited<ReturnType<typeof migrationRows>>, name: string) {
  return rows.filter((row) => row.migration_name === name);
}

function expectClean(run: ActionRun, ...urls: string[]): void {
  for (const url of urls) expectSecretAbsent(run, passwordOf(url));
}

test.each(PRISMA_MAJORS)("Prisma %i: a failed migration that committed nothing is reported as such; rolled back after fixing the file, the next deploy applies it", async (prisma) => {
  const app = createFixtureApp({ prisma });
  const { url, inputs } = await deployed(app);
  const file = app.addMigration(ADD_NAME, ADD_NAME_SQL);
  await migrateFails(inputs);
  const shadow = await createDatabase("shadow");

  const report = await runAction({ inputs: { ...inputs, command: "resolve", "shadow-database-url": shadow } });
  expect(report.exitCode).toBe(0);
  expect(report.summary).toContain(ADD_NAME);
  expect(report.summary).toContain("**failed**: nobody holds Prisma's lock");
  expect(report.summary).toContain("Nothing of it was committed.");
  expect(report.summary).toContain("Prisma sent migration.sql to PostgreSQL as one query, which ran as one transaction");
  expect(report.summary).toMatch(/❌ absent \| creates column "name" of "User"/);
  expect(report.summary).toMatch(/❌ absent \| creates table "Profile"/);
  expect(report.summary).toContain("23502");
  expect(rowOf(await migrationRows(url), ADD_NAME)).toEqual([expect.objectContaining({ finished_at: null, rolled_back_at: null })]);

  // The decision from a terminal, as a person types it: the same core behind the command line.
  writeFileSync(file, ADD_NAME_SQL.replace('"name" TEXT NOT NULL', '"name" TEXT'));
  const decided = await runCli(["resolve", "--rolled-back", ADD_NAME], { cwd: app.dir, env: { DATABASE_URL: url } });
  expect(decided.exitCode).toBe(0);
  expect(decided.stdout).toContain("Recorded as rolled-back and verified in _prisma_migrations");
  expect(decided.stdout).toContain(`The next deploy applies: ${ADD_NAME}`);
  expect(decided.stdout + decided.stderr).not.toContain(passwordOf(url));
  expect(rowOf(await migrationRows(url), ADD_NAME)).toEqual([expect.objectContaining({ rolled_back_at: expect.any(Date) })]);

  const deploy = await runAction({ inputs: { ...inputs, command: "migrate" } });
  expect(deploy.exitCode).toBe(0);
  expect(JSON.parse(deploy.outputs["migrations-applied"])).toEqual([ADD_NAME]);
  expectClean(report, url, shadow);
});

test("a half-applied migration (its own COMMIT in the middle): the objects that exist are listed, applied is refused, and forced only with a reason", async () => {
  const app = createFixtureApp();
  const { url, inputs } = await deployed(app);
  const half = "20260102000000_orders_then_name";
  app.addMigration(
    half,
    `-- CreateTable
CREATE TABLE "Order" ("id" SERIAL NOT NULL, "total" INTEGER NOT NULL, CONSTRAINT "Order_pkey" PRIMARY KEY ("id"));
COMMIT;
-- AlterTable
ALTER TABLE "User" ADD COLUMN "name" TEXT NOT NULL;
-- CreateIndex
CREATE INDEX "Order_total_idx" ON "Order"("total");
`,
  );
  await migrateFails(inputs);
  const shadow = await createDatabase("shadow");
  const downSql = path.join(app.dir, "down.sql");

  const report = await runAction({ inputs: { ...inputs, command: "resolve", "shadow-database-url": shadow, "down-sql": "down.sql" } });
  expect(report.exitCode).toBe(0);
  expect(report.summary).toContain("**Part of it was committed** (half applied).");
  expect(report.summary).toContain("the file commits it itself (line 3)");
  expect(report.summary).toMatch(/✅ present \| creates table "Order"/);
  expect(report.summary).toMatch(/❌ absent \| creates column "name" of "User"/);
  expect(report.summary).toMatch(/❌ absent \| creates index "Order_total_idx" of "Order"/);
  expect(report.summary).not.toContain("Nothing of it was committed");
  // The way back, for review, is written and not run.
  expect(readFileSync(downSql, "utf8")).toMatch(/^DROP TABLE "Order";$/m);
  await withClient(url, async (client) => expect((await client.query(`SELECT to_regclass('"Order"')::text AS t`)).rows[0].t).toBe('"Order"'));

  const withoutShadow = await runCli(["resolve", "--applied", half], { cwd: app.dir, env: { DATABASE_URL: url } });
  expect(withoutShadow.exitCode).toBe(2);
  expect(withoutShadow.stdout).toContain("--applied needs --shadow-database-url");

  const refused = await runAction({ inputs: { ...inputs, command: "resolve", "shadow-database-url": shadow, applied: half } });
  expect(refused.exitCode).toBe(1);
  expect(refused.outputs["failure-reason"]).toBe("resolve-refused");
  expect(refused.summary).toContain('creates column "name" of "User"');
  expect(refused.summary).toContain('creates index "Order_total_idx" of "Order"');
  expect(rowOf(await migrationRows(url), half)).toEqual([expect.objectContaining({ finished_at: null, rolled_back_at: null })]);

  const reason = "name is added by the backfill job of ticket 4711";
  const forced = await runAction({ inputs: { ...inputs, command: "resolve", "shadow-database-url": shadow, applied: half, force: reason } });
  expect(forced.exitCode).toBe(0);
  expect(forced.stdout).toContain(reason);
  expect(forced.summary).toContain(`Forced, with the reason: ${reason}`);
  expect(forced.summary).toContain("The next deploy applies: nothing.");
  // Prisma keeps the failed row (now rolled back) and adds a finished one.
  expect(rowOf(await migrationRows(url), half).filter((row) => row.rolled_back_at === null)).toEqual([expect.objectContaining({ finished_at: expect.any(Date) })]);
  expectClean(report, url, shadow);
  expectClean(refused, url, shadow);
});

test("a migration still being applied is reported as running and never touched", async () => {
  const app = createFixtureApp();
  const { url, inputs } = await deployed(app);
  await withClient(url, (client) => client.query(`CREATE TABLE "Blocker" (id int)`));
  const waiting = "20260102000000_waits_for_a_lock";
  app.addMigration(waiting, `INSERT INTO "Blocker" VALUES (1);\n`);
  // A session holds the table, so the migration waits inside Prisma's lock until it lets go.
  await withClient(url, async (blocker) => {
    await blocker.query(`BEGIN; LOCK TABLE "Blocker" IN ACCESS EXCLUSIVE MODE`);
    const deploy = runAction({ inputs: { ...inputs, command: "migrate" } });
    await waitFor(async () => rowOf(await migrationRows(url), waiting).length === 1, "Prisma to start applying the migration");

    const report = await runAction({ inputs: { ...inputs, command: "resolve" } });
    expect(report.exitCode).toBe(0);
    expect(report.summary).toContain("**still running**");
    expect(report.summary).not.toContain("Nothing of it was committed");
    const refused = await runAction({ inputs: { ...inputs, command: "resolve", "rolled-back": waiting } });
    expect(refused.outputs["failure-reason"]).toBe("resolve-refused");
    expect(refused.summary).toContain("resolve never touches a running migration");

    await blocker.query("COMMIT");
    const finished = await deploy;
    expect(finished.exitCode).toBe(0);
    expect(JSON.parse(finished.outputs["migrations-applied"])).toEqual([waiting]);
  });
});

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
