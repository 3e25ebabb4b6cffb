// A migration with an SQL error fails the gate; the rerun stops at once with the recovery plan.
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS, type FixtureApp } from "../support/fixture-app.js";
import { createDatabase, migrationRows, passwordOf, withClient } from "../support/database.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";

/** The first statement succeeds, the second fails: what is left of the first tells how the file was sent. */
const BROKEN_SQL = `-- AlterTable\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n\n-- AlterTable\nALTER TABLE "User" ALTER COLUMN "age" TYPE bogus_type;\n`;

function appWithBrokenMigration(app: FixtureApp): FixtureApp {
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  app.addMigration("20260102000000_broken", BROKEN_SQL);
  return app;
}

async function userColumns(url: string): Promise<string[]> {
  return await withClient(url, async (client) => {
    const result = await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'User' ORDER BY column_name`);
    return result.rows.map((row) => row.column_name as string);
  });
}

describe.each(PRISMA_MAJORS)("Prisma %i, native schema engine", (major) => {
  test("a failing migration: P3018 with its statement and SQLSTATE, nothing of it applied; the rerun stops with previous-migration-failed", async () => {
    const url = await createDatabase(`failure${major}`);
    const app = appWithBrokenMigration(createFixtureApp({ prisma: major }));
    const inputs = { command: "migrate", "database-url": url, "working-directory": app.dir };

    const run = await runAction({ inputs });
    expect(run.exitCode).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("migration-failed");
    // The migration before the failing one was committed: it is reported as applied by this run.
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
    expect(run.summary).toMatch(/Applied by this run \| `20260101000000_init`/);
    // Prisma's own output: the native code and the database's.
    expect(run.stdout).toContain("Error: P3018");
    expect(run.stdout).toContain("Database error code: 42704");
    expect(run.summary).toContain("20260102000000_broken");
    expect(run.summary).toContain("SQLSTATE 42704");
    expect(run.summary).toContain('ALTER TABLE "User" ALTER COLUMN "age" TYPE bogus_type');
    expect(run.summary).toMatch(/migration\.sql:5/);
    // An error annotation on the failing file and line.
    expect(run.stdout).toMatch(/::error title=Migration 20260102000000_broken failed,file=.*20260102000000_broken\/migration\.sql,line=5::/);
    // The native engine sent the file as one query: PostgreSQL rolled all of it back, and the summary says so.
    expect(await userColumns(url)).toEqual(["email", "id"]);
    expect(run.summary).toContain("nothing of this migration was applied");
    expect(run.summary).not.toMatch(/statement by statement/);
    expect(run.summary).toContain('npx prisma migrate resolve --rolled-back 20260102000000_broken');

    const rerun = await runAction({ inputs });
    expect(rerun.exitCode).toBe(1);
    expect(rerun.outputs["failure-reason"]).toBe("previous-migration-failed");
    expect(rerun.outputs.attempts).toBe("0");
    expect(rerun.summary).toContain('npx prisma migrate resolve --rolled-back 20260102000000_broken');
    expect(rerun.summary).toContain('npx prisma migrate resolve --applied 20260102000000_broken');
    // Read back from the failed row's logs, where the native engine recorded its P3018 text.
    expect(rerun.summary).toContain('type "bogus_type" does not exist');
    expect(rerun.summary).toMatch(/migration\.sql:5/);

    const rows = await migrationRows(url);
    expect(rows.filter((row) => row.migration_name === "20260102000000_broken")).toHaveLength(1);
    for (const each of [run, rerun]) expectSecretAbsent(each, passwordOf(url));
  });
});

test("Prisma 6 in JS-engine mode (driver adapter in prisma.config.ts): the failing migration is half applied, and the summary says so", async () => {
  const url = await createDatabase("failurejs");
  const app = appWithBrokenMigration(createFixtureApp({ prisma: 6, kind: "js-engine" }));
  const run = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(run.outputs["failure-reason"]).toBe("migration-failed");
  // adapter-pg sent the statements one by one: the first one stayed.
  expect(run.stdout).toContain("external connector error");
  expect(await userColumns(url)).toEqual(["age", "email", "id"]);
  expect(run.summary).toContain("statement by statement: the statements before the failing one were applied");
  expect(run.summary).toContain("20260102000000_broken");
  expect(run.summary).toMatch(/migration\.sql:5/);
});
