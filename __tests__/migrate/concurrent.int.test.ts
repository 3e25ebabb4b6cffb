// Two pushes in quick succession: two runs against one database, each reporting only what it applied.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS, repositoryRoot, type FixtureApp } from "../support/fixture-app.js";
import { createDatabase, migrationRows } from "../support/database.js";
import { waitFor } from "../support/processes.js";
import { runAction, startAction } from "../support/run-action.js";

test.each(PRISMA_MAJORS)("Prisma %i: two simultaneous runs both succeed, exactly one applies, the other says whom it waited for", async (major) => {
  const url = await createDatabase("concurrent");
  const app = createFixtureApp({ prisma: major });
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  // A migration that takes a while, so the two runs overlap however fast the engine is.
  app.addMigration("20260102000000_post", `CREATE TABLE "Post" ("id" SERIAL NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\nSELECT pg_sleep(3);\n`);
  // The project names its connections; the native engine passes that on to PostgreSQL.
  const inputs = { command: "migrate", "database-url": `${url}?application_name=billing-api`, "working-directory": app.dir, timeout: "3m" };

  const runs = await Promise.all([runAction({ inputs }), runAction({ inputs })]);

  for (const run of runs) expect(run.exitCode).toBe(0);
  const applied = runs.map((run) => JSON.parse(run.outputs["migrations-applied"]) as string[]);
  const appliers = applied.filter((names) => names.length > 0);
  expect(appliers).toEqual([["20260101000000_init", "20260102000000_post"]]);
  const rows = await migrationRows(url);
  expect(rows.map((row) => row.migration_name).sort()).toEqual(["20260101000000_init", "20260102000000_post"]);

  const waiter = runs[applied.findIndex((names) => names.length === 0)];
  // It saw the other run's Prisma holding the lock: the project's application_name, tagged by the action.
  expect(waiter.summary).toMatch(/billing-api\/prisma-gated-deploy:migrate:\d+/);
  expect(waiter.summary).toMatch(/held by|blocked by/);
});

/**
 * Run B reads the history and starts Prisma, whose start is held back (a cold runner) until run
 * A has applied everything; B never waits for the lock, so only what B saw while A held the lock
 * tells A's work from its own.
 */
describe.each(PRISMA_MAJORS)("Prisma %i: a run whose Prisma starts after another run migrated", (major) => {
  const holdBack = path.join(repositoryRoot, "__tests__", "support", "held-prisma-start.cjs");

  test.each([
    ["finds nothing pending and reports nothing", []],
    ["fails on its own migration and reports none of the other run's", ["20260103000000_broken"]],
  ])("%s", async (_title, extra) => {
    const url = await createDatabase("late_start");
    const shared = (app: FixtureApp) => {
      app.addMigration("20260101000000_init", INIT_USER_SQL);
      // Long enough for the other run to see this one hold the lock.
      app.addMigration("20260102000000_post", `CREATE TABLE "Post" ("id" SERIAL NOT NULL);\nSELECT pg_sleep(2);\n`);
    };
    const first = createFixtureApp({ prisma: major });
    shared(first);
    const late = createFixtureApp({ prisma: major });
    shared(late);
    for (const name of extra) late.addMigration(name, `ALTER TABLE "Nope" ADD COLUMN "x" TEXT;\n`);
    const go = path.join(mkdtempSync(path.join(tmpdir(), "pgd-go-")), "go");

    const lateRun = startAction({
      inputs: { command: "migrate", "database-url": url, "working-directory": late.dir, timeout: "3m" },
      env: { NODE_OPTIONS: `--require ${holdBack}`, PGD_TEST_PRISMA_GO: go },
    });
    await waitFor("the late run to start Prisma", () => (lateRun.output().includes("prisma migrate deploy (attempt 1") ? true : undefined));
    const firstRun = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": first.dir, timeout: "3m" } });
    writeFileSync(go, "");
    const lateResult = await lateRun.finished;

    expect(firstRun.exitCode).toBe(0);
    expect(JSON.parse(firstRun.outputs["migrations-applied"])).toEqual(["20260101000000_init", "20260102000000_post"]);
    expect(JSON.parse(lateResult.outputs["migrations-applied"])).toEqual([]);
    expect(lateResult.summary).toMatch(/Applied by this run \| none \|/);
    if (extra.length === 0) {
      expect(lateResult.exitCode).toBe(0);
    } else {
      expect(lateResult.outputs["failure-reason"]).toBe("migration-failed");
    }
  });
});
