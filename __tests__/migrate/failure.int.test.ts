// A migration with an SQL error fails the gate; the rerun stops at once with the recovery plan.
import { createFixtureApp, INIT_USER_SQL } from "../support/fixture-app.js";
import { createDatabase, migrationRows, passwordOf } from "../support/database.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";

test("a failing migration reports its statement and SQLSTATE; the rerun stops with previous-migration-failed", async () => {
  const url = await createDatabase("failure");
  const app = createFixtureApp();
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  app.addMigration(
    "20260102000000_broken",
    `-- AlterTable\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n\n-- AlterTable\nALTER TABLE "User" ALTER COLUMN "age" TYPE bogus_type;\n`,
  );
  const inputs = { command: "migrate", "database-url": url, "working-directory": app.dir };

  const run = await runAction({ inputs });
  expect(run.exitCode).toBe(1);
  expect(run.outputs["failure-reason"]).toBe("migration-failed");
  expect(JSON.parse(run.outputs["migrations-applied"])).toEqual([]);
  expect(run.summary).toContain("20260102000000_broken");
  expect(run.summary).toContain("42704");
  expect(run.summary).toContain('ALTER TABLE "User" ALTER COLUMN "age" TYPE bogus_type');
  expect(run.summary).toMatch(/migration\.sql:5/);
  // An error annotation on the failing file and line.
  expect(run.stdout).toMatch(/::error title=Migration 20260102000000_broken failed,file=.*20260102000000_broken\/migration\.sql,line=5::/);
  expect(run.summary).toContain('npx prisma migrate resolve --rolled-back "20260102000000_broken"');

  const rerun = await runAction({ inputs });
  expect(rerun.exitCode).toBe(1);
  expect(rerun.outputs["failure-reason"]).toBe("previous-migration-failed");
  expect(rerun.outputs.attempts).toBe("0");
  expect(rerun.summary).toContain('npx prisma migrate resolve --rolled-back "20260102000000_broken"');
  expect(rerun.summary).toContain('npx prisma migrate resolve --applied "20260102000000_broken"');
  expect(rerun.summary).toContain("bogus_type");

  const rows = await migrationRows(url);
  expect(rows.filter((row) => row.migration_name === "20260102000000_broken")).toHaveLength(1);
  for (const each of [run, rerun]) expectSecretAbsent(each, passwordOf(url));
});
