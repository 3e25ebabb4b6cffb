// The incident: a session left over from a crashed container holds Prisma's advisory lock.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS, type PrismaMajor } from "../support/fixture-app.js";
import { createDatabase, holdPrismaLock, migrationRows, passwordOf, PRISMA_LOCK_KEY, withClient } from "../support/database.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent, visibleText } from "../support/secrets.js";

function appWithOneMigration(major: PrismaMajor = 6) {
  const app = createFixtureApp({ prisma: major });
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  return app;
}

test.each(PRISMA_MAJORS)("Prisma %i: names an idle lock holder at once and fails with lock-busy when it never lets go", async (major) => {
  const url = await createDatabase("lockbusy");
  const holder = await holdPrismaLock(url, "api-crashed-7f9c");
  try {
    const holderPid = (await holder.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
    const run = await runAction({
      inputs: { command: "migrate", "database-url": url, "working-directory": appWithOneMigration(major).dir, timeout: "3s" },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("lock-busy");
    // Named by polling the lock, not after burning Prisma's 10 s timeout: Prisma never ran.
    expect(run.outputs.attempts).toBe("0");
    const lockHolder = JSON.parse(run.outputs["lock-holder"]);
    expect(lockHolder).toMatchObject({ pid: holderPid, applicationName: "api-crashed-7f9c", kind: "idle-leftover" });
    for (const text of [run.stdout, run.summary]) {
      expect(text).toContain(`pid ${holderPid}`);
      expect(text).toContain("api-crashed-7f9c");
    }
    expect(run.summary).toContain(`pg_terminate_backend(${holderPid})`);
    expect(run.summary).toContain("terminate-stale-lock-after");
    expect(await migrationRows(url)).toEqual([]);
    expectSecretAbsent(run, passwordOf(url));
  } finally {
    await holder.end();
  }
});

test("terminates an idle holder older than terminate-stale-lock-after, then migrates", async () => {
  const url = await createDatabase("terminate");
  const holder = await holdPrismaLock(url, "api-crashed-1a2b");
  holder.on("error", () => undefined);
  const holderPid = (await holder.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
  await sleep(1500);
  const run = await runAction({
    inputs: { command: "migrate", "database-url": url, "working-directory": appWithOneMigration().dir, "terminate-stale-lock-after": "1s" },
  });
  expect(run.exitCode).toBe(0);
  expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
  expect(run.summary).toContain("Terminated");
  expect(run.summary).toContain(`pid ${holderPid}`);
  expect(run.summary).toContain("api-crashed-1a2b");
  const stillThere = await withClient(url, (client) => client.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [holderPid]));
  expect(stillThere.rowCount).toBe(0);
  await holder.end().catch(() => undefined);
});

test("never terminates a holder that is inside a transaction, even with terminate-stale-lock-after", async () => {
  const url = await createDatabase("busyholder");
  const holder = await holdPrismaLock(url, "other-migration");
  await holder.query("BEGIN");
  await holder.query("SELECT 1");
  await sleep(1500);
  try {
    const run = await runAction({
      inputs: {
        command: "migrate",
        "database-url": url,
        "working-directory": appWithOneMigration().dir,
        "terminate-stale-lock-after": "1s",
        timeout: "4s",
      },
    });
    expect(run.outputs["failure-reason"]).toBe("lock-busy");
    expect(JSON.parse(run.outputs["lock-holder"]).kind).toBe("live");
    expect(visibleText(run)).not.toContain("Terminated the stale lock holder");
    await expect(holder.query("SELECT 1")).resolves.toBeDefined();
  } finally {
    await holder.query("ROLLBACK").catch(() => undefined);
    await holder.end();
  }
});

test("migrates as soon as the holder releases the lock while the run waits", async () => {
  const url = await createDatabase("release");
  const holder = await holdPrismaLock(url, "slow-release");
  const release = sleep(3000).then(() => holder.end());
  const run = await runAction({
    inputs: { command: "migrate", "database-url": url, "working-directory": appWithOneMigration().dir, timeout: "2m" },
  });
  await release;
  expect(run.exitCode).toBe(0);
  expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
  expect(run.outputs.attempts).toBe("1");
  expect(run.summary).toContain("slow-release");
  expect(run.summary).toContain("released");
});

test("while Prisma waits on a table lock, the run records who blocks it and on which migration", async () => {
  const url = await createDatabase("blocked");
  const app = appWithOneMigration();
  const first = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(first.exitCode).toBe(0);
  app.addMigration("20260102000000_user_age", `ALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`);
  const reader = new pg.Client({ connectionString: url, application_name: "report-job" });
  await reader.connect();
  await reader.query("BEGIN");
  await reader.query(`SELECT count(*) FROM "User"`);
  // Keep the reader's lock until Prisma has been seen waiting on it for a while (the gate's
  // watcher looks every half second), however long the bundle and Prisma take to start.
  const finishReader = (async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const waiting = await withClient(url, (client) =>
        client.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`),
      );
      if (waiting.rowCount) break;
      await sleep(100);
    }
    await sleep(2_000);
    await reader.query("COMMIT");
    await reader.end();
  })();
  const run = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  await finishReader;
  expect(run.exitCode).toBe(0);
  expect(run.summary).toContain("report-job");
  expect(run.summary).toMatch(/while applying `?20260102000000_user_age/);
});

test.each(PRISMA_MAJORS)(
  "Prisma %i: a lock taken after the gate looked is Prisma's P1002; the gate names the holder and retries once it is free",
  async (major) => {
    const url = await createDatabase("p1002");
    const holder = new pg.Client({ connectionString: url, application_name: "cron-job-4d2e" });
    await holder.connect();
    let taken = false;
    let released: Promise<unknown> | undefined;
    const run = await runAction({
      inputs: { command: "migrate", "database-url": url, "working-directory": appWithOneMigration(major).dir, timeout: "2m" },
      onStdout: (soFar) => {
        // The gate found the lock free and starts Prisma: take the lock before Prisma asks for it.
        if (!taken && soFar.includes("::group::prisma migrate deploy (attempt 1")) {
          taken = true;
          void holder.query(`SELECT pg_advisory_lock(${PRISMA_LOCK_KEY})`);
        }
        // Prisma gave up after its 10 s; let the retry through.
        if (!released && soFar.includes("(P1002)")) released = holder.end();
      },
    });
    await (released ?? holder.end());
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Timed out trying to acquire a postgres advisory lock (SELECT pg_advisory_lock(72707369))");
    expect(run.outputs.attempts).toBe("2");
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
    expect(run.summary).toMatch(/Attempt 1: Prisma timed out waiting for its advisory lock \(P1002\), held by pid \d+/);
    expect(run.summary).toContain("cron-job-4d2e");
    expectSecretAbsent(run, passwordOf(url));
  },
);
