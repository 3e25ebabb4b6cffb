// A migration waiting for a table lock stalls every later query on that table. With
// ddl-lock-wait the gate cancels such a wait when that provably leaves nothing behind, and
// retries; otherwise it keeps waiting and names the session it waits for.
import pg from "pg";
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS, type FixtureApp, type PrismaMajor } from "../support/fixture-app.js";
import { createDatabase, migrationRows, passwordOf, withClient } from "../support/database.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";

const ADD_AGE = `-- AlterTable\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`;

/** A database where the first migration is applied and a second one, altering "User", is pending. */
async function appWithPendingAlter(major: PrismaMajor, prefix: string, alterSql = ADD_AGE): Promise<{ url: string; app: FixtureApp }> {
  const url = await createDatabase(prefix);
  const app = createFixtureApp({ prisma: major });
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  const first = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(first.exitCode).toBe(0);
  app.addMigration("20260102000000_user_age", alterSql);
  return { url, app };
}

/** A report job: a transaction that has read "User" and stays open until ended. */
async function openReader(url: string, applicationName: string): Promise<{ pid: number; end: () => Promise<void> }> {
  const reader = new pg.Client({ connectionString: url, application_name: applicationName });
  await reader.connect();
  await reader.query("BEGIN");
  await reader.query(`SELECT count(*) FROM "User"`);
  const pid = (await reader.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
  let ended: Promise<void> | undefined;
  return {
    pid,
    end: () => (ended ??= reader.query("COMMIT").then(() => reader.end())),
  };
}

async function hasAgeColumn(url: string): Promise<boolean> {
  const { rows } = await withClient(url, (client) =>
    client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'age'`),
  );
  return rows.length > 0;
}

/** Resolves once one of the gate's Prisma sessions waits for a table lock. */
async function migrationWaitingForTableLock(url: string): Promise<void> {
  for (;;) {
    const { rows } = await withClient(url, (client) =>
      client.query(
        `SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'prisma-gated-deploy%' AND wait_event_type = 'Lock' AND wait_event <> 'advisory'`,
      ),
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test.each(PRISMA_MAJORS)(
  "Prisma %i: a wait behind a long reader is cancelled, the application's queries flow again, and the migration succeeds after the reader ends",
  async (major) => {
    const { url, app } = await appWithPendingAlter(major, "ddlcancel");
    const reader = await openReader(url, "nightly-report");
    let readerEnded = false;
    let appQueryDoneWhileReaderOpen: boolean | undefined;
    const application = (async () => {
      await migrationWaitingForTableLock(url);
      // Queued behind the migration's ACCESS EXCLUSIVE request: it returns only once that wait ends.
      await withClient(url, (client) => client.query(`SELECT count(*) FROM "User"`));
      appQueryDoneWhileReaderOpen = !readerEnded;
    })();
    let endReader: Promise<void> | undefined;
    const run = await runAction({
      inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, "ddl-lock-wait": "2s" },
      onStdout: (soFar) => {
        // Once the application's query went through and the gate retried once, the report ends.
        if (!endReader && appQueryDoneWhileReaderOpen !== undefined && soFar.includes("Retrying in")) {
          readerEnded = true;
          endReader = reader.end();
        }
      },
    });
    await application;
    await (endReader ?? reader.end());
    expect(appQueryDoneWhileReaderOpen).toBe(true);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260102000000_user_age"]);
    expect(Number(run.outputs.attempts)).toBeGreaterThanOrEqual(2);
    expect(await hasAgeColumn(url)).toBe(true);
    // The blocker is named, with what the migration waited for.
    for (const text of [run.stdout, run.summary]) {
      expect(text).toContain(`pid ${reader.pid}`);
      expect(text).toContain("nightly-report");
    }
    expect(run.summary).toContain("Lock waits cancelled");
    expect(run.summary).toMatch(/in a transaction for \d/);
    // Prisma's history: the cancelled attempts rolled back, then one applied row, as resolve --rolled-back leaves it.
    const rows = (await migrationRows(url)).filter((row) => row.migration_name === "20260102000000_user_age");
    expect(rows.at(-1)).toMatchObject({ rolled_back_at: null });
    expect(rows.at(-1)?.finished_at).not.toBeNull();
    expect(rows.slice(0, -1).length).toBeGreaterThanOrEqual(1);
    for (const row of rows.slice(0, -1)) expect(row.rolled_back_at).not.toBeNull();
    expectSecretAbsent(run, passwordOf(url));
  },
);

test("a migration with its own transaction control is never cancelled: the gate waits and names the blocker", async () => {
  const { url, app } = await appWithPendingAlter(6, "ddlunsafe", `BEGIN;\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\nCOMMIT;\n`);
  const reader = await openReader(url, "nightly-report");
  let endReader: Promise<void> | undefined;
  const run = await runAction({
    inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, "ddl-lock-wait": "1s" },
    onStdout: (soFar) => {
      if (!endReader && soFar.includes("It is not cancelled")) endReader = reader.end();
    },
  });
  await (endReader ?? reader.end());
  expect(run.exitCode).toBe(0);
  expect(run.outputs.attempts).toBe("1");
  expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260102000000_user_age"]);
  expect(run.stdout).toMatch(/It is not cancelled: 20260102000000_user_age cannot be cancelled without leaving part of it behind: line 1, it controls the transaction itself \(BEGIN\)/);
  expect(run.stdout).toContain(`pid ${reader.pid}`);
  expect(run.stdout).toContain("nightly-report");
  expect(run.summary).not.toContain("Lock waits cancelled");
  expect((await migrationRows(url)).every((row) => row.rolled_back_at === null)).toBe(true);
});

test("when every attempt is cancelled, the run stops with lock-contention, the blocker named, nothing left, and the next run applies it", async () => {
  const { url, app } = await appWithPendingAlter(6, "ddlcontention");
  const reader = await openReader(url, "stuck-worker");
  try {
    const run = await runAction({
      inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, "ddl-lock-wait": "1s", "max-attempts": "2" },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("lock-contention");
    expect(run.outputs.attempts).toBe("2");
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual([]);
    for (const text of [run.stdout, run.summary]) {
      expect(text).toContain(`pid ${reader.pid}`);
      expect(text).toContain("stuck-worker");
    }
    expect(run.summary).toContain(`pg_terminate_backend(${reader.pid})`);
    expect(await hasAgeColumn(url)).toBe(false);
    const rows = (await migrationRows(url)).filter((row) => row.migration_name === "20260102000000_user_age");
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.rolled_back_at).not.toBeNull();
  } finally {
    await reader.end();
  }
  const rerun = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(rerun.exitCode).toBe(0);
  expect(JSON.parse(rerun.outputs["migrations-applied"])).toEqual(["20260102000000_user_age"]);
  expect(await hasAgeColumn(url)).toBe(true);
});

test("ddl-lock-wait 0 turns it off: the migration waits for the reader, however long", async () => {
  const { url, app } = await appWithPendingAlter(6, "ddloff");
  const reader = await openReader(url, "nightly-report");
  const endReader = migrationWaitingForTableLock(url)
    .then(() => new Promise((resolve) => setTimeout(resolve, 3000)))
    .then(() => reader.end());
  const run = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, "ddl-lock-wait": "0" } });
  await endReader;
  expect(run.exitCode).toBe(0);
  expect(run.outputs.attempts).toBe("1");
  expect(run.stdout).not.toContain("Cancelled its statement");
  expect((await migrationRows(url)).every((row) => row.rolled_back_at === null)).toBe(true);
});
