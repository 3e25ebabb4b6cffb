// The database misbehaving under a run, injected against the real PostgreSQL and Prisma
// through the bundle: Prisma's session killed mid-migration, the action's own connection cut
// while it waits, a URL that names its own application, an older build after a newer one.
import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { createFixtureApp, INIT_USER_SQL } from "../support/fixture-app.js";
import { createDatabase, holdPrismaLock, migrationRows, passwordOf, runningQuery, withClient, GATE_PRISMA_SESSIONS } from "../support/database.js";
import { faultTest } from "../support/faults.js";
import { waitFor } from "../support/processes.js";
import { runAction, startAction } from "../support/run-action.js";
import { startSilentServer } from "../support/silent-server.js";
import { expectSecretAbsent } from "../support/secrets.js";

/** Terminates the sessions of the database whose application_name matches `pattern`; returns how many. */
async function terminateSessions(url: string, pattern: string): Promise<number> {
  return await withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT pg_terminate_backend(pid) AS done FROM (SELECT pid FROM pg_stat_activity
         WHERE datname = current_database() AND application_name LIKE $1 AND pid <> pg_backend_pid() OFFSET 0) AS s`,
      [pattern],
    );
    return rows.length;
  });
}

async function holdAdvisoryLock(url: string, key: number): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: "test-gate" });
  await client.connect();
  await client.query("SELECT pg_advisory_lock($1)", [key]);
  return client;
}


faultTest(
  {
    id: "prisma-session-terminated-mid-migration",
    area: "Database",
    fault: "Prisma's database session is terminated (57P01) while it applies a migration",
    action:
      "Classifies it as a lost connection, not an SQL error; reads the history table to report what was committed before; proves the cut-off migration left nothing and marks it rolled back (with max-attempts 1 it does not retry)",
    userSees: "`failure-reason: db-connection-lost`; the cut-off migration marked rolled back for the next run; next steps: check the server, then `prisma migrate status`; `migrations-applied` lists the migration committed before",
  },
  async () => {
    const url = await createDatabase("lost_mid");
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    app.addMigration("20260102000000_slow", `SELECT pg_sleep(30);\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`);
    const action = startAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, "max-attempts": "1" } });
    await runningQuery(url, GATE_PRISMA_SESSIONS, "pg_sleep");
    // The gate reads the schema every 250 ms while a migration's transaction is open; the proof
    // that the cut-off migration left nothing needs one such reading.
    await sleep(1500);
    expect(await terminateSessions(url, GATE_PRISMA_SESSIONS)).toBeGreaterThan(0);
    const run = await action.finished;
    expect(run.exitCode).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("db-connection-lost");
    expect(run.summary).toContain("not an error in the SQL");
    expect(run.summary).toContain("Check the database server");
    expect(run.summary).toContain("npx prisma migrate status");
    expect(run.summary).not.toContain("Fix the SQL");
    // The summary's database error is never a frame of the engine's backtrace.
    expect(run.summary).not.toMatch(/Database error \| \d+: /);
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
    expect(run.summary).toContain("Migration 20260102000000_slow was cut off by it; it provably left nothing and is marked rolled back, so the next run applies it again");
    expect((await migrationRows(url)).map((row) => [row.migration_name, row.rolled_back_at !== null])).toEqual([
      ["20260101000000_init", false],
      ["20260102000000_slow", true],
    ]);
    expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "own-connection-cut-while-waiting",
    area: "Database",
    fault: "The action's own connection is terminated while it waits for the lock",
    action: "Connects again within the deadline and keeps waiting, then migrates once the lock is free",
    userSees: "A timeline entry saying the connection was lost and re-established; the run succeeds",
  },
  async () => {
    const url = await createDatabase("own_cut");
    const holder = await holdPrismaLock(url, "slow-release");
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    const action = startAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, timeout: "2m" } });
    await waitFor("the action to report the lock holder", () => (action.output().includes("slow-release") ? true : undefined));
    expect(await terminateSessions(url, "prisma-gated-deploy")).toBe(1);
    await sleep(1500);
    await holder.end();
    const run = await action.finished;
    expect(run.exitCode).toBe(0);
    expect(run.summary).toContain("The action's own database connection was lost while waiting for the lock");
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
    expect(run.outputs["failure-reason"]).toBe("");
    expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "user-application-name-timeout",
    area: "Database",
    fault: "`database-url` carries its own `application_name` and the timeout passes while Prisma applies a migration",
    action: "Tags Prisma's sessions by appending its tag to the user's name, so it still sees Prisma applying and lets it finish",
    userSees: "The run succeeds with a warning that the timeout passed during a migration; Prisma's sessions show as `<name>/prisma-gated-deploy:migrate:<pid>`",
  },
  async () => {
    const url = await createDatabase("own_appname");
    const app = createFixtureApp();
    // The migration waits for a lock the test holds, so the timeout surely passes while Prisma applies it.
    app.addMigration("20260101000000_init", `SELECT pg_advisory_lock(4242);\nSELECT pg_advisory_unlock(4242);\n${INIT_USER_SQL}`);
    const gate = await holdAdvisoryLock(url, 4242);
    const withName = new URL(url);
    withName.searchParams.set("application_name", "billing-api");
    const action = startAction({ inputs: { command: "migrate", "database-url": withName.toString(), "working-directory": app.dir, timeout: "5s" } });
    try {
      const seen = await runningQuery(url, "billing-api/prisma-gated-deploy:migrate:%", "pg_advisory_lock(4242)");
      expect(seen).toMatch(/^billing-api\/prisma-gated-deploy:migrate:\d+$/);
      await waitFor("the timeout to pass while Prisma applies the migration", () => (action.output().includes("The timeout passed while Prisma is applying migrations") ? true : undefined));
    } finally {
      await gate.end();
    }
    const run = await action.finished;
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
    expect((await migrationRows(url)).every((row) => row.finished_at !== null)).toBe(true);
    expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "stale-build",
    area: "Database",
    fault: "An older build runs after a newer one migrated the database (a re-run of an old workflow run)",
    action: "Refuses before touching anything, naming the migrations the build lacks; `allow-stale-build: true` lets it through with a warning",
    userSees: "`failure-reason: stale-build`, the newer migrations named, the `concurrency` setting and the input to allow it",
  },
  async () => {
    const url = await createDatabase("stale");
    const newer = createFixtureApp();
    newer.addMigration("20260101000000_init", INIT_USER_SQL);
    newer.addMigration("20260102000000_user_age", `ALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`);
    expect((await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": newer.dir } })).exitCode).toBe(0);

    const older = createFixtureApp();
    older.addMigration("20260101000000_init", INIT_USER_SQL);
    const refused = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": older.dir } });
    expect(refused.exitCode).toBe(1);
    expect(refused.outputs["failure-reason"]).toBe("stale-build");
    expect(refused.outputs.attempts).toBe("0");
    expect(refused.summary).toContain("20260102000000_user_age");
    expect(refused.summary).toContain("concurrency");
    expect(refused.summary).toContain("allow-stale-build: true");

    const allowed = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": older.dir, "allow-stale-build": "true" } });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.summary).toContain("20260102000000_user_age");
    for (const run of [refused, allowed]) expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "odd-migration-names",
    area: "Input",
    fault: "Migration names with spaces and shell metacharacters (`$(...)`, backticks, quotes), one of them failing",
    action: "Passes names to Prisma and PostgreSQL as data (never through a shell); reports applied names whole; prints the resolve command single-quoted",
    userSees: "`migrations-applied` with the names as they are; `npx prisma migrate resolve --rolled-back '…'` safe to paste, fenced safely in Markdown",
  },
  async () => {
    const url = await createDatabase("odd_names");
    const app = createFixtureApp();
    const spaced = "20260101000000_add user table";
    const hostile = "20260102000000_$(touch pwned)_`id`_it's";
    app.addMigration(spaced, INIT_USER_SQL);
    app.addMigration(hostile, `ALTER TABLE "Nope" ADD COLUMN "x" TEXT;\n`);
    const run = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
    expect(run.outputs["failure-reason"]).toBe("migration-failed");
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual([spaced]);
    expect(run.summary).toContain(`npx prisma migrate resolve --rolled-back '20260102000000_$(touch pwned)_\`id\`_it'\\''s'`);
    // Fenced with a longer run of backticks than the name holds, so Markdown keeps it whole.
    expect(run.summary).toContain("``npx prisma migrate resolve --rolled-back '20260102000000_$(touch pwned)_`id`_it'\\''s'``");
    expect(existsSync(path.join(app.dir, "pwned"))).toBe(false);
    expect(existsSync("pwned")).toBe(false);
    expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "password-special-characters",
    area: "Input",
    fault: "A database password with `@ : / % # ? & = +`, a space and non-ASCII characters, then the same user with a wrong password",
    action: "Connects with the percent-encoded URL (the action and Prisma alike); masks the password raw, percent-encoded in either case and base64",
    userSees: "A successful migration; then `failure-reason: db-auth` without a retry; the password in no form anywhere in logs, outputs or summary",
  },
  async () => {
    const url = await createDatabase("pw_special");
    const password = "p@ss:w/rd%#?&=+ é密 ";
    const role = `app_${Date.now()}`;
    await withClient(url, async (client) => {
      await client.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
      await client.query(`GRANT ALL ON SCHEMA public TO "${role}"`);
      await client.query(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" OWNER TO "${role}"`);
    });
    const withRole = (secret: string) => {
      const parsed = new URL(url);
      parsed.username = role;
      parsed.password = encodeURIComponent(secret);
      return parsed.toString();
    };
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    const run = await runAction({ inputs: { command: "migrate", "database-url": withRole(password), "working-directory": app.dir } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
    expectSecretAbsent(run, password);

    const wrong = `${password}x`;
    const refused = await runAction({ inputs: { command: "migrate", "database-url": withRole(wrong), "working-directory": app.dir } });
    expect(refused.outputs["failure-reason"]).toBe("db-auth");
    expect(refused.outputs.attempts).toBe("0");
    expectSecretAbsent(refused, wrong);
  },
);

faultTest(
  {
    id: "database-accepts-tcp-never-answers",
    area: "Database",
    fault: "The database host accepts the TCP connection and never answers (a black-holed proxy, a hung server)",
    action: "Says whom it connects to and how long it waits, gives up after the connect timeout, retries within max-attempts",
    userSees: "`failure-reason: db-unreachable` naming the host and the phase (connecting), not a bare `timeout expired`; the password nowhere",
  },
  async () => {
    const silent = await startSilentServer();
    const { port } = silent;
    const password = "never-printed-4f2a";
    try {
      const app = createFixtureApp();
      app.addMigration("20260101000000_init", INIT_USER_SQL);
      const run = await runAction({
        inputs: { command: "migrate", "database-url": `postgresql://app:${password}@127.0.0.1:${port}/app`, "working-directory": app.dir, "max-attempts": "1" },
      });
      expect(run.outputs["failure-reason"]).toBe("db-unreachable");
      expect(run.stdout).toContain(`Connecting to the database at 127.0.0.1:${port}/app (waiting up to 10 s`);
      expect(run.summary).toContain(`Could not connect to the database at 127.0.0.1:${port}/app`);
      expect(run.outputs.attempts).toBe("0");
      expectSecretAbsent(run, password);
    } finally {
      await silent.close();
    }
  },
);
