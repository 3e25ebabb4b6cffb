// The database server restarting or stopping under a run, as a failover or a maintenance
// window does: a PostgreSQL of this file's own, restarted with a fast shutdown (every session
// ends with 57P01 admin_shutdown, open transactions roll back) while Prisma applies a
// migration or while the action waits for the lock, and stopped for good in the middle of a deploy.
import { setTimeout as sleep } from "node:timers/promises";
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS } from "../support/fixture-app.js";
import { createDatabase, holdPrismaLock, migrationRows, passwordOf, PRISMA_LOCK_KEY, runningQuery, withClient, GATE_PRISMA_SESSIONS } from "../support/database.js";
import { faultTest } from "../support/faults.js";
import { startEmbeddedPostgres, type RunningPostgres } from "../support/global-setup.js";
import { waitFor } from "../support/processes.js";
import { startAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";

let server: RunningPostgres;

beforeAll(async () => {
  server = await startEmbeddedPostgres({ password: "Rest4rt#Pw!", prefix: "pgd-restart-" });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** The action's and Prisma's sessions, and holders of Prisma's lock, left in the database. */
async function leftBehind(url: string): Promise<{ sessions: number; lockHolders: number }> {
  return await withClient(url, async (client) => {
    const { rows } = await client.query<{ sessions: string; locks: string }>(
      `SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%prisma-gated-deploy%') AS sessions,
              (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted) AS locks`,
      [PRISMA_LOCK_KEY],
    );
    return { sessions: Number(rows[0].sessions), lockHolders: Number(rows[0].locks) };
  });
}

/** A migration that takes a while: Prisma is inside its transaction when the server goes. */
const SLOW_MIGRATION = `CREATE TABLE "Post" ("id" SERIAL NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\nSELECT pg_sleep(5);\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`;

/** Time for the action to look at the migration being applied (it looks every 250 ms) before the server goes. */
const LET_THE_ACTION_LOOK_MS = 2_500;

for (const major of PRISMA_MAJORS) {
  faultTest(
    {
      id: `restart-during-migration-prisma-${major}`,
      area: "Database",
      fault: `The server restarts (fast shutdown, 57P01) while Prisma ${major} applies a migration`,
      action:
        "Proves the migration left nothing (its history row unfinished, nobody on the lock, the schema as it was before it, one transaction), marks it rolled back and applies it again within max-attempts and the timeout",
      userSees: "The run succeeds; the timeline says the migration was cut off, left nothing and was applied again; `migrations-applied` lists each migration once",
    },
    async () => {
      const url = await createDatabase("restart_mid", server.adminUrl);
      const app = createFixtureApp({ prisma: major });
      app.addMigration("20260101000000_init", INIT_USER_SQL);
      app.addMigration("20260102000000_slow", SLOW_MIGRATION);
      const action = startAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, timeout: "2m" } });
      await runningQuery(url, GATE_PRISMA_SESSIONS, "pg_sleep");
      await sleep(LET_THE_ACTION_LOOK_MS);
      await server.restart();
      const run = await action.finished;
      expect(run.exitCode).toBe(0);
      expect(run.outputs["failure-reason"]).toBe("");
      expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init", "20260102000000_slow"]);
      expect(run.summary).toContain("20260102000000_slow was cut off when the database session was lost. It left nothing");
      expect(run.summary).toContain("Marked it rolled back so that it is applied again");
      const rows = await migrationRows(url);
      expect(rows.map((row) => [row.migration_name, row.finished_at !== null, row.rolled_back_at !== null])).toEqual([
        ["20260101000000_init", true, false],
        ["20260102000000_slow", false, true],
        ["20260102000000_slow", true, false],
      ]);
      expect(await leftBehind(url)).toEqual({ sessions: 0, lockHolders: 0 });
      expectSecretAbsent(run, passwordOf(url));
    },
  );
}

faultTest(
  {
    id: "restart-during-self-committing-migration",
    area: "Database",
    fault: "The server restarts while Prisma applies a migration whose file commits part of itself (its own COMMIT)",
    action: "Does not mark it rolled back (part of it may be committed); names the cause and the read-only command that shows what it left",
    userSees: "`failure-reason: db-connection-lost`; the restart named (57P01 admin_shutdown), why it cannot be proven, `npx prisma-gated-deploy resolve`, then both resolve commands",
  },
  async () => {
    const url = await createDatabase("restart_commit", server.adminUrl);
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    app.addMigration("20260102000000_commits", `CREATE TABLE "Post" ("id" SERIAL NOT NULL);\nCOMMIT;\nSELECT pg_sleep(5);\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`);
    const action = startAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, timeout: "2m" } });
    await runningQuery(url, GATE_PRISMA_SESSIONS, "pg_sleep");
    await sleep(LET_THE_ACTION_LOOK_MS);
    await server.restart();
    const run = await action.finished;
    expect(run.exitCode).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("db-connection-lost");
    expect(run.summary).toContain("Migration 20260102000000_commits was left unfinished in _prisma_migrations, and the action cannot prove it left nothing");
    expect(run.summary).toContain("commits it itself");
    expect(run.summary).toContain("57P01 admin_shutdown");
    expect(run.summary).toContain("`npx prisma-gated-deploy resolve`");
    expect(run.summary).toContain("npx prisma migrate resolve --rolled-back 20260102000000_commits");
    expect(run.summary).toContain("npx prisma migrate resolve --applied 20260102000000_commits");
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
    const rows = await migrationRows(url);
    expect(rows.map((row) => [row.migration_name, row.finished_at !== null, row.rolled_back_at !== null])).toEqual([
      ["20260101000000_init", true, false],
      ["20260102000000_commits", false, false],
    ]);
    expect(await leftBehind(url)).toEqual({ sessions: 0, lockHolders: 0 });
    expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "restart-during-lock-wait",
    area: "Database",
    fault: "The server restarts while the action waits for Prisma's lock held by another session",
    action: "Connects again within the deadline (the restart ended the holder too) and migrates",
    userSees: "The run succeeds; the timeline says the action's connection was lost while waiting for the lock and re-established",
  },
  async () => {
    const url = await createDatabase("restart_wait", server.adminUrl);
    const holder = await holdPrismaLock(url, "old-deploy");
    holder.on("error", () => undefined);
    const app = createFixtureApp({ prisma: 7 });
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    const action = startAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, timeout: "2m" } });
    await waitFor("the action to report the lock holder", () => (action.output().includes("old-deploy") ? true : undefined));
    await server.restart();
    const run = await action.finished;
    await holder.end().catch(() => undefined);
    expect(run.exitCode).toBe(0);
    expect(run.summary).toContain("The action's own database connection was lost while waiting for the lock");
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
    expect(await leftBehind(url)).toEqual({ sessions: 0, lockHolders: 0 });
    expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "server-gone-mid-deploy",
    area: "Database",
    fault: "Three migrations committed, then the server stops for good during the fourth",
    action: "Reports what it saw applied while Prisma ran (it reads the history as Prisma works), and that the list may be incomplete",
    userSees: "`failure-reason: db-connection-lost`; `migrations-applied` lists the three; the summary says the list may be incomplete because the database could not be read at the end",
  },
  async () => {
    const url = await createDatabase("gone_mid", server.adminUrl);
    const app = createFixtureApp({ prisma: 7 });
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    app.addMigration("20260102000000_post", `CREATE TABLE "Post" ("id" SERIAL NOT NULL);\n`);
    app.addMigration("20260103000000_tag", `CREATE TABLE "Tag" ("id" SERIAL NOT NULL);\n`);
    app.addMigration("20260104000000_slow", `SELECT pg_sleep(30);\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`);
    const action = startAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, timeout: "2m", "max-attempts": "2" } });
    try {
      await runningQuery(url, GATE_PRISMA_SESSIONS, "pg_sleep");
      await sleep(LET_THE_ACTION_LOOK_MS);
      await server.shutDown();
      const run = await action.finished;
      expect(run.exitCode).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("db-connection-lost");
      expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init", "20260102000000_post", "20260103000000_tag"]);
      expect(run.summary).toMatch(/Applied by this run \| `20260101000000_init`, `20260102000000_post`, `20260103000000_tag` \(may be incomplete: the database could not be read/);
      expect(run.summary).toContain("The database could not be read afterwards either");
      expect(run.summary).toContain("Migration 20260104000000_slow was left unfinished");
      expect(run.summary).toContain("`npx prisma-gated-deploy resolve`");
      expect(run.summary).toContain("It ran as one transaction, which PostgreSQL rolls back when it ends the session");
      expectSecretAbsent(run, passwordOf(url));
    } finally {
      await server.restart();
    }
  },
);
