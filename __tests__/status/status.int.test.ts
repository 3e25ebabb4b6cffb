// `command: status` reads the database without touching it, and agrees with Prisma's own
// `prisma migrate status` about what is pending and what failed.
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS, runPrismaCli } from "../support/fixture-app.js";
import { createDatabase, holdPrismaLock, migrationRows, passwordOf } from "../support/database.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";

describe.each(PRISMA_MAJORS)("Prisma %i", (major) => {
  test("status lists what Prisma would apply, then the failed migration with both ways out, and the lock holder; it changes nothing", async () => {
    const url = await createDatabase(`status${major}`);
    const app = createFixtureApp({ prisma: major });
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    const migrated = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
    expect(migrated.exitCode).toBe(0);
    app.addMigration("20260102000000_user_age", `ALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`);
    app.addMigration("20260103000000_broken", `ALTER TABLE "Missing" ADD COLUMN "x" INTEGER;\n`);
    const inputs = { command: "status", "database-url": url, "working-directory": app.dir };

    const pending = await runAction({ inputs });
    expect(pending.exitCode).toBe(0);
    expect(JSON.parse(pending.outputs.pending)).toEqual(["20260102000000_user_age", "20260103000000_broken"]);
    const prismaPending = await runPrismaCli(app, ["migrate", "status"], { DATABASE_URL: url });
    expect(prismaPending.exitCode).toBe(1);
    expect(prismaPending.stdout).toMatch(/have not yet been applied:\n20260102000000_user_age\n20260103000000_broken\n/);
    expect(await migrationRows(url)).toHaveLength(1);

    const failed = await runAction({ inputs: { ...inputs, command: "migrate" } });
    expect(failed.outputs["failure-reason"]).toBe("migration-failed");
    const holder = await holdPrismaLock(url, "stuck-worker");
    try {
      const afterFailure = await runAction({ inputs });
      expect(afterFailure.exitCode).toBe(1);
      expect(afterFailure.outputs["failure-reason"]).toBe("previous-migration-failed");
      expect(afterFailure.summary).toContain('npx prisma migrate resolve --rolled-back 20260103000000_broken');
      expect(afterFailure.summary).toContain('npx prisma migrate resolve --applied 20260103000000_broken');
      expect(JSON.parse(afterFailure.outputs["lock-holder"])).toMatchObject({ applicationName: "stuck-worker" });
      const prismaFailed = await runPrismaCli(app, ["migrate", "status"], { DATABASE_URL: url });
      expect(prismaFailed.exitCode).toBe(1);
      expect(prismaFailed.stderr).toMatch(/Following migrations? have failed:\n20260103000000_broken\n/);
      expectSecretAbsent(afterFailure, passwordOf(url));
    } finally {
      await holder.end();
    }
  });
});
