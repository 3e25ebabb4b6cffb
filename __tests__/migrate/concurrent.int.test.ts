// Two pushes in quick succession: two runs start at the same moment against one database.
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS } from "../support/fixture-app.js";
import { createDatabase, migrationRows } from "../support/database.js";
import { runAction } from "../support/run-action.js";

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
