// A real PgBouncer in transaction mode in front of the test server, as Supabase's port 6543,
// Neon's -pooler hosts and self-hosted poolers put one in front of users' databases: the
// action migrates through the direct URL the project gives, refuses a pooler it finds by the
// URL or by its behaviour, and after every run the server itself shows no Prisma lock and no
// session of the action's.
import { createFixtureApp, INIT_USER_SQL, type FixtureApp } from "../support/fixture-app.js";
import { adminUrl, createDatabase, migrationRows, passwordOf, PRISMA_LOCK_KEY, withClient } from "../support/database.js";
import { faultTest } from "../support/faults.js";
import { describeWithPgbouncer, startPgbouncer, type RunningPgbouncer } from "../support/pgbouncer.js";
import { runAction, type ActionRun } from "../support/run-action.js";
import { connect, sessionPath } from "../../src/postgres/connection.js";
import { expectSecretAbsent } from "../support/secrets.js";

let transactionPooler: RunningPgbouncer;
/** A pooler configured to drop the startup parameters it does not know instead of refusing the connection. */
let lenientPooler: RunningPgbouncer;
let sessionPooler: RunningPgbouncer;

const databaseName = (url: string) => new URL(url).pathname.slice(1);

/**
 * On the server itself, not through a pooler: nobody holds or waits for Prisma's advisory lock,
 * and no backend of the action's is left but the pools' own idle server sessions (PgBouncer
 * keeps those open, named after the last client that used them).
 */
async function expectNothingLeftOnServer(url: string): Promise<void> {
  const poolSessions = (await Promise.all([transactionPooler, lenientPooler, sessionPooler].map((pooler) => pooler.serverPids()))).flat();
  await withClient(adminUrl(), async (client) => {
    const locks = await client.query(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND ((classid::bigint << 32) | objid::bigint) = $1 AND database = (SELECT oid FROM pg_database WHERE datname = $2)`,
      [PRISMA_LOCK_KEY, databaseName(url)],
    );
    expect(locks.rows).toEqual([]);
    const sessions = await client.query(
      `SELECT pid, application_name, state FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'prisma-gated-deploy%' AND NOT (pid = ANY($2::int[]))`,
      [databaseName(url), poolSessions],
    );
    expect(sessions.rows).toEqual([]);
  });
}

/** The database's URL for a new role that owns it, with a password of its own: DIRECT_URL's secret is not database-url's. */
async function ownerWithItsOwnPassword(direct: string, password: string): Promise<string> {
  const role = `direct_${databaseName(direct)}`;
  await withClient(adminUrl(), async (client) => {
    await client.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
    await client.query(`ALTER DATABASE "${databaseName(direct)}" OWNER TO "${role}"`);
  });
  const url = new URL(direct);
  url.username = role;
  url.password = encodeURIComponent(password);
  return url.toString();
}

function expectNothingThroughPooler(pooler: RunningPgbouncer, url: string): void {
  expect(pooler.log()).not.toContain(`login attempt: db=${databaseName(url)} `);
}

async function migrationApp(options: Parameters<typeof createFixtureApp>[0]): Promise<{ app: FixtureApp; direct: string }> {
  const direct = await createDatabase("pooler");
  const app = createFixtureApp(options);
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  return { app, direct };
}

function expectMigrated(run: ActionRun, direct: string): void {
  expect(run.outputs["failure-reason"]).toBe("");
  expect(run.exitCode).toBe(0);
  expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
  expectSecretAbsent(run, passwordOf(direct));
}

describeWithPgbouncer("through a transaction-mode PgBouncer", () => {
  beforeAll(async () => {
    [transactionPooler, lenientPooler, sessionPooler] = await Promise.all([
      startPgbouncer({ serverUrl: adminUrl() }),
      startPgbouncer({ serverUrl: adminUrl(), ignoreStartupParameters: ["statement_timeout", "options", "extra_float_digits"] }),
      startPgbouncer({ serverUrl: adminUrl(), poolMode: "session" }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([transactionPooler, lenientPooler, sessionPooler].filter(Boolean).map((pooler) => pooler.stop()));
  });

  test("the action's session connects through a pooler that refuses startup parameters, and leaves its server sessions as it found them", async () => {
    const direct = await createDatabase("pooler_session");
    const own = await connect(transactionPooler.urlFor(databaseName(direct)));
    try {
      expect(sessionPath(own).proxied).toBe(true);
    } finally {
      await own.end();
    }
    // The next client of the pool gets the server session the action used: its timeout is still the server's default.
    await withClient(transactionPooler.urlFor(databaseName(direct)), async (client) => {
      expect((await client.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("0");
    });
    // A session of the server's own gets the action's timeout.
    const mine = await connect(direct);
    try {
      expect(sessionPath(mine).proxied).toBe(false);
      expect((await mine.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("10s");
    } finally {
      await mine.end();
    }
  });

  faultTest(
    {
      id: "pooler-supabase-layout",
      area: "Database",
      fault: "database-url is a transaction pooler (`?pgbouncer=true`), the schema's directUrl reads DIRECT_URL, set in the step's env (Supabase's layout)",
      action: "Migrates through DIRECT_URL as the step set it; its own session connects there too; never touches the pooler",
      userSees: "Success; the summary's *Migrations go to* names the direct host, DIRECT_URL and that database-url is a transaction pooler",
    },
    async () => {
      const { app, direct: server } = await migrationApp({ kind: "direct-url" });
      const directPassword = "Dir3ct #pw/only";
      const direct = await ownerWithItsOwnPassword(server, directPassword);
      const pooled = transactionPooler.urlFor(databaseName(direct), { pgbouncer: "true" });
      const run = await runAction({ inputs: { command: "migrate", "database-url": pooled, "working-directory": app.dir }, env: { DATABASE_URL: pooled, DIRECT_URL: direct } });
      expectMigrated(run, direct);
      // DIRECT_URL is no input: the action masks it itself once it migrates through it.
      expect(run.stdout).toContain(`::add-mask::${directPassword}`);
      const target = `127.0.0.1:${new URL(direct).port}/${databaseName(direct)}`;
      expect(run.summary).toContain(`${target}, through DIRECT_URL, the schema's directUrl, as the step's env sets it, because database-url is a transaction pooler (it carries pgbouncer=true)`);
      expect(run.stdout).toContain(`Migrations go to ${target}, through DIRECT_URL`);
      expect((await migrationRows(direct)).map((row) => row.finished_at !== null)).toEqual([true]);
      expectNothingThroughPooler(transactionPooler, direct);
      await expectNothingLeftOnServer(direct);
    },
  );

  faultTest(
    {
      id: "pooler-direct-url-input",
      area: "Database",
      fault: "database-url is a transaction pooler and the schema has no directUrl; the input direct-url names the server",
      action: "Hands direct-url to Prisma as the schema's url for the migration only; its own session connects there too",
      userSees: "Success; the summary names the direct host and direct-url; the direct URL's password is masked",
    },
    async () => {
      const { app, direct } = await migrationApp({});
      const pooled = transactionPooler.urlFor(databaseName(direct), { pgbouncer: "true" });
      const run = await runAction({ inputs: { command: "migrate", "database-url": pooled, "direct-url": direct, "working-directory": app.dir } });
      expectMigrated(run, direct);
      expect(run.summary).toContain("through direct-url, given to Prisma as DATABASE_URL, the schema's url (it has no directUrl), because database-url is a transaction pooler");
      expectNothingThroughPooler(transactionPooler, direct);
      await expectNothingLeftOnServer(direct);
    },
  );

  faultTest(
    {
      id: "pooler-only-pooled-url",
      area: "Database",
      fault: "Only a transaction pooler's URL (`?pgbouncer=true`) is given: no directUrl, no direct-url",
      action: "Refuses before connecting or migrating: Prisma's session lock would be left held on a pooled server connection",
      userSees: "`failure-reason: transaction-pooler`; next steps: the `direct-url` input, `directUrl = env(\"DIRECT_URL\")`, Supabase's session pooler on 5432, Neon's host without -pooler",
    },
    async () => {
      const { app, direct } = await migrationApp({});
      const pooled = transactionPooler.urlFor(databaseName(direct), { pgbouncer: "true" });
      const run = await runAction({ inputs: { command: "migrate", "database-url": pooled, "working-directory": app.dir } });
      expect(run.exitCode).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("transaction-pooler");
      expect(run.everything).toContain("which is a transaction-mode pooler: it carries pgbouncer=true");
      expect(run.everything).toContain("direct-url: ${{ secrets.DIRECT_URL }}");
      expect(run.everything).toContain('directUrl = env("DIRECT_URL")');
      expect(run.everything).toContain("pooler.supabase.com:5432");
      expect(await migrationRows(direct)).toEqual([]);
      expectNothingThroughPooler(transactionPooler, direct);
      expectSecretAbsent(run, passwordOf(direct));
      await expectNothingLeftOnServer(direct);
    },
  );

  describe.each([
    ["refuses unknown startup parameters", "strict", () => transactionPooler],
    ["ignores unknown startup parameters", "lenient", () => lenientPooler],
  ])("a PgBouncer whose URL does not give it away and that %s", (how, kind, pooler) => {
    faultTest(
      {
        id: `pooler-found-by-behaviour-${kind}`,
        area: "Database",
        fault: `database-url is a transaction-mode PgBouncer on an ordinary port without pgbouncer=true, which ${how}`,
        action: "Connects without startup parameters, sees two of its connections served by one server session, and refuses before any change",
        userSees: "`failure-reason: transaction-pooler`, naming what gave the pooler away; nothing migrated",
      },
      async () => {
        const { app, direct } = await migrationApp({});
        const pooled = pooler().urlFor(databaseName(direct));
        const run = await runAction({ inputs: { command: "migrate", "database-url": pooled, "working-directory": app.dir } });
        expect(run.outputs["failure-reason"]).toBe("transaction-pooler");
        expect(run.everything).toContain("two of the action's connections through it were served by the same server session");
        expect(run.everything).not.toContain("unsupported startup parameter");
        expect(await migrationRows(direct)).toEqual([]);
        expectSecretAbsent(run, passwordOf(direct));
        await expectNothingLeftOnServer(direct);
      },
    );
  });

  faultTest(
    {
      id: "pooler-session-mode",
      area: "Database",
      fault: "direct-url is a session-mode pooler (Supabase's Supavisor on port 5432 is the direct URL GitHub's runners can reach)",
      action: "Migrates through it: a session pooler keeps one server session per client, so Prisma's lock is released with it",
      userSees: "Success; the log says the server answers through a session-mode pooler",
    },
    async () => {
      const { app, direct } = await migrationApp({});
      const session = sessionPooler.urlFor(databaseName(direct));
      const pooled = transactionPooler.urlFor(databaseName(direct), { pgbouncer: "true" });
      const run = await runAction({ inputs: { command: "migrate", "database-url": pooled, "direct-url": session, "working-directory": app.dir } });
      expectMigrated(run, direct);
      expect(run.stdout).toContain("through a pooler or proxy that keeps one server session per connection (session mode)");
      await expectNothingLeftOnServer(direct);
    },
  );

  faultTest(
    {
      id: "pooler-prisma7-config-direct-url",
      area: "Database",
      fault: "Prisma 7: database-url is a transaction pooler, prisma.config.ts's datasource.url reads DIRECT_URL, set in the step's env",
      action: "Migrates through DIRECT_URL as the step set it, the URL Prisma 7's CLI uses",
      userSees: "Success; the summary names the direct host and DIRECT_URL, read by prisma.config.ts",
    },
    async () => {
      const { app, direct } = await migrationApp({ prisma: 7 });
      app.writeFile(
        "prisma.config.ts",
        `import { defineConfig, env } from "prisma/config";\nexport default defineConfig({ schema: "prisma/schema.prisma", migrations: { path: "prisma/migrations" }, datasource: { url: env("DIRECT_URL") } });\n`,
      );
      const pooled = transactionPooler.urlFor(databaseName(direct), { pgbouncer: "true" });
      const run = await runAction({ inputs: { command: "migrate", "database-url": pooled, "working-directory": app.dir }, env: { DIRECT_URL: direct } });
      expectMigrated(run, direct);
      expect(run.summary).toContain("through DIRECT_URL, which prisma.config.ts's datasource.url reads, as the step's env sets it, because database-url is a transaction pooler");
      expectNothingThroughPooler(transactionPooler, direct);
      await expectNothingLeftOnServer(direct);
    },
  );
});
