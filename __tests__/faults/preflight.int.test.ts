// What can be verified read-only is verified before the first change: a wrong Zeabur key or id,
// a role that lacks a privilege a pending migration needs, a GitHub token that cannot record
// the deploy. Through the bundle as GitHub runs it, against the real PostgreSQL and Prisma and
// the fakes of Zeabur and GitHub.
import { randomBytes } from "node:crypto";
import { createDatabase, migrationRows, passwordOf, withClient } from "../support/database.js";
import { createFixtureApp, INIT_USER_SQL, type FixtureApp } from "../support/fixture-app.js";
import { faultTest } from "../support/faults.js";
import { runAction, type ActionRun } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";
import { useStandIns, zeaburInputs } from "../support/stand-ins.js";
import { checkPullRequest, pullRequestRepo } from "../check-command/harness.js";

const GITHUB_TOKEN = "ghs_preflightTokenForTests0123456789";
const ZEABUR_KEY = "zbr_preflight_key_never_printed_31";
const standIns = useStandIns({ zeabur: { apiKey: ZEABUR_KEY }, github: { token: GITHUB_TOKEN, repository: "acme/shop", pullRequests: [7] } });

const DROP_EMAIL = `ALTER TABLE "User" DROP COLUMN "email";\n`;

/** A database at the first migration, and an app whose pending migration drops a column the running version still reads. */
async function migratedOnce(prefix: string, url?: string): Promise<{ url: string; app: FixtureApp }> {
  const database = url ?? (await createDatabase(prefix));
  const app = createFixtureApp();
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  app.writeFile("package.json", '{ "name": "shop-api", "private": true }\n');
  const first = await runAction({ inputs: { command: "migrate", "database-url": database, "working-directory": app.dir } });
  expect(first.exitCode).toBe(0);
  app.addMigration("20260102000000_drop_email", DROP_EMAIL);
  return { url: database, app };
}

async function columnsOfUser(url: string): Promise<string[]> {
  return await withClient(url, async (client) => {
    const { rows } = await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'User' ORDER BY ordinal_position`);
    return rows.map((row: { column_name: string }) => row.column_name);
  });
}

async function appliedMigrations(url: string): Promise<string[]> {
  return (await migrationRows(url)).filter((row) => row.finished_at !== null).map((row) => row.migration_name);
}

function sentToZeaburSince(before: number): string[] {
  return standIns.zeabur.requests.slice(before).filter((request) => request.route !== "graphql").map((request) => request.route);
}

/** Nothing changed: the drop not applied, the column still there, nothing sent, Prisma never started. */
async function expectNothingChanged(run: ActionRun, url: string, zeaburBefore: number): Promise<void> {
  expect(await appliedMigrations(url)).toEqual(["20260101000000_init"]);
  expect(await columnsOfUser(url)).toEqual(["id", "email"]);
  expect(sentToZeaburSince(zeaburBefore)).toEqual([]);
  expect(run.stdout).not.toContain("prisma migrate deploy (attempt");
  expect(run.outputs["migrations-applied"]).toBe("[]");
}

function deployInputs(app: FixtureApp, url: string, zeabur: Record<string, string>): Record<string, string> {
  return { command: "deploy", "database-url": url, "working-directory": app.dir, "github-token": GITHUB_TOKEN, ...zeabur };
}

const env = () => ({ GITHUB_API_URL: standIns.github.url });

const otherId = () => randomBytes(12).toString("hex");

const ZEABUR_CASES: Array<{ id: string; fault: string; input: string; message: RegExp; inputs: () => Record<string, string> }> = [
  {
    id: "preflight-zeabur-wrong-key",
    fault: "zeabur-api-key is wrong (Zeabur answers 401 UNAUTHENTICATED)",
    input: "zeabur-api-key",
    message: /Zeabur refused zeabur-api-key \(HTTP 401, UNAUTHENTICATED/,
    inputs: () => ({ ...zeaburInputs(standIns.zeabur), "zeabur-api-key": "zbr_wrong_key_also_never_printed_58" }),
  },
  {
    id: "preflight-zeabur-unknown-service",
    fault: "zeabur-service-id names no service (Zeabur answers `service: null` with NOT_FOUND)",
    input: "zeabur-service-id",
    message: /Zeabur has no service [0-9a-f]{24} that zeabur-api-key may deploy to \(NOT_FOUND: service not found\)/,
    inputs: () => ({ ...zeaburInputs(standIns.zeabur), "zeabur-service-id": otherId() }),
  },
  {
    id: "preflight-zeabur-unknown-environment",
    fault: "zeabur-environment-id names no environment (Zeabur answers `environment: null` with NOT_FOUND)",
    input: "zeabur-environment-id",
    message: /Zeabur has no environment [0-9a-f]{24} that zeabur-api-key may see \(NOT_FOUND: environment not found\)/,
    inputs: () => ({ ...zeaburInputs(standIns.zeabur), "zeabur-environment-id": otherId() }),
  },
  {
    id: "preflight-zeabur-environment-of-another-project",
    fault: "zeabur-environment-id is the environment of another project than the service's",
    input: "zeabur-environment-id",
    message: /belongs to project [0-9a-f]{24}, not to project [0-9a-f]{24} of service .*The service's project has: production \([0-9a-f]{24}\)/,
    inputs: () => ({ ...zeaburInputs(standIns.zeabur), "zeabur-environment-id": standIns.zeabur.addService().environmentId }),
  },
];

for (const zeaburCase of ZEABUR_CASES) {
  faultTest(
    {
      id: zeaburCase.id,
      area: "Zeabur",
      fault: `${zeaburCase.fault}, and a pending migration drops a column the running version reads`,
      action: "Asks Zeabur read-only (`me`, `service(_id:)`, `environment(_id:)`) before the gate; stops before Prisma runs, the backup or the upload",
      userSees: `\`failure-reason: invalid-input\` naming \`${zeaburCase.input}\` and how to fix it; no migration applied, nothing uploaded, the key nowhere`,
    },
    async () => {
      const { url, app } = await migratedOnce("pf_zeabur");
      const inputs = deployInputs(app, url, zeaburCase.inputs());
      const before = standIns.zeabur.requests.length;
      const deploymentsBefore = standIns.github.deployments("acme/shop").length;
      const run = await runAction({ inputs, env: env() });

      expect(run.exitCode).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("invalid-input");
      expect(run.summary).toMatch(zeaburCase.message);
      expect(run.summary).toContain("Nothing was migrated or deployed");
      expect(run.summary.slice(run.summary.indexOf("What to do next"))).toContain(zeaburCase.input);
      expect(run.summary).toContain("Verified before any change");
      await expectNothingChanged(run, url, before);
      expect(standIns.github.deployments("acme/shop")).toHaveLength(deploymentsBefore);
      expectSecretAbsent(run, inputs["zeabur-api-key"]);
      expectSecretAbsent(run, passwordOf(url));
    },
  );
}

faultTest(
  {
    id: "preflight-zeabur-503-once",
    area: "Zeabur",
    fault: "Zeabur's GraphQL API answers 503 (an HTML gateway page) to the read-only check once",
    action: "Asks again after a backoff, within the check's one-minute budget, and says so",
    userSees: "A log line that Zeabur did not answer the check and is asked again; then a successful deploy",
  },
  async () => {
    const url = await createDatabase("pf_503");
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    app.writeFile("package.json", '{ "name": "shop-api", "private": true }\n');
    standIns.zeabur.switches.fail("graphql", { status: 503, body: "<html><body>503 Service Temporarily Unavailable</body></html>", contentType: "text/html" });
    const run = await runAction({ inputs: deployInputs(app, url, zeaburInputs(standIns.zeabur)), env: env() });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/Zeabur did not answer the check of the deploy target \(HTTP 503: 503 Service Temporarily Unavailable\); asking again in \d+ s\./);
    expect(run.stdout).toContain("Checked before any change: ✓ Zeabur: zeabur-service-id");
    expect(run.outputs["deployment-status"]).toBe("RUNNING");
    expectSecretAbsent(run, ZEABUR_KEY);
  },
);

/** A login role on the test server, and the URL of `database` as that role. */
async function createRole(adminUrl: string, database: string): Promise<{ role: string; url: string }> {
  const role = `app_${randomBytes(4).toString("hex")}`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  await withClient(adminUrl, (client) => client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`));
  const url = new URL(database);
  url.username = role;
  url.password = password;
  return { role, url: url.toString() };
}

faultTest(
  {
    id: "preflight-db-not-owner",
    area: "Database",
    fault: "The role in database-url may write _prisma_migrations but does not own the table a pending migration alters (\"must be owner of table\")",
    action: "Reads the catalog read-only (owner, privileges, memberships) against what each pending statement needs; refuses before the backup or Prisma",
    userSees: "`failure-reason: db-permission-denied` naming the ownership missing and the exact GRANT to run, as `psql … -c '…'`; no migration applied, nothing uploaded",
  },
  async () => {
    // Migrated once by the owner (the superuser), as a separate admin pipeline would have.
    const { url: ownerUrl, app } = await migratedOnce("pf_owner");
    const { role, url } = await createRole(ownerUrl, ownerUrl);
    await withClient(ownerUrl, async (client) => {
      await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE ON TABLE public."_prisma_migrations" TO ${role}`);
      await client.query(`GRANT SELECT ON TABLE public."User" TO ${role}`);
    });
    const inputs = deployInputs(app, url, zeaburInputs(standIns.zeabur));
    const before = standIns.zeabur.requests.length;
    const run = await runAction({ inputs, env: env() });

    expect(run.outputs["failure-reason"]).toBe("db-permission-denied");
    expect(run.summary).toContain(`ownership of table User (migration 20260102000000_drop_email alters table User, owned by postgres`);
    expect(run.summary).toContain(`psql "$OWNER_DATABASE_URL" -c 'GRANT "postgres" TO "${role}";'`);
    expect(run.summary).toMatch(/Database \| pg_read_all_stats \| ⚠️ will not work/);
    await expectNothingChanged(run, ownerUrl, before);
    expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "preflight-db-no-create-on-schema",
    area: "Database",
    fault: "The role in database-url may not create in the schema (PostgreSQL 15+ no longer lets every role create in `public`), and the first migration creates tables",
    action: "Refuses before Prisma creates _prisma_migrations or runs the first migration",
    userSees: "`failure-reason: db-permission-denied` naming CREATE on schema public and `GRANT USAGE, CREATE ON SCHEMA \"public\" TO …`; the database is left empty",
  },
  async () => {
    const adminDatabase = await createDatabase("pf_create");
    const { role, url } = await createRole(adminDatabase, adminDatabase);
    await withClient(adminDatabase, (client) => client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`));
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    const run = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });

    expect(run.outputs["failure-reason"]).toBe("db-permission-denied");
    expect(run.summary).toContain("CREATE on schema public (migration 20260101000000_init creates objects in it");
    expect(run.summary).toContain(`GRANT USAGE, CREATE ON SCHEMA "public" TO "${role}";`);
    expect(await migrationRows(adminDatabase)).toEqual([]);
    expect(run.stdout).not.toContain("prisma migrate deploy (attempt");
    expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "preflight-github-no-deployments",
    area: "GitHub",
    fault: "The job's token has no `deployments` permission (GitHub answers 403 even to reading them)",
    action: "Probes read-only before the gate, warns before migrating, deploys, and does not try the record it proved impossible",
    userSees: "A warning naming `permissions: deployments: write` before the migrations, then a successful deploy with no GitHub Deployment",
  },
  async () => {
    const token = "ghs_noDeploymentsTokenForTests01234";
    standIns.github.allowToken(token, "no-deployments");
    const url = await createDatabase("pf_github");
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    app.writeFile("package.json", '{ "name": "shop-api", "private": true }\n');
    const deploymentsBefore = standIns.github.deployments("acme/shop").length;
    const run = await runAction({ inputs: { ...deployInputs(app, url, zeaburInputs(standIns.zeabur)), "github-token": token }, env: env() });

    expect(run.exitCode).toBe(0);
    expect(run.outputs["deployment-status"]).toBe("RUNNING");
    const warning = run.stdout.search(/^::warning::GitHub \(Deployments to environment 'production'\): the token cannot create a GitHub Deployment .*permissions: deployments: write/m);
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(warning).toBeLessThan(run.stdout.indexOf("prisma migrate deploy (attempt"));
    expect(run.stdout).toContain("GitHub requires deployments=read for it");
    expect(run.stdout).not.toMatch(/Could not record a GitHub deployment/);
    expect(standIns.github.deployments("acme/shop")).toHaveLength(deploymentsBefore);
    expect(run.summary).toMatch(/GitHub \| Deployments to environment 'production' \| ⚠️ will not work/);
    expectSecretAbsent(run, token);
  },
);

faultTest(
  {
    id: "preflight-github-no-pull-requests",
    area: "GitHub",
    fault: "`check` on a pull request with a token that has no `pull-requests` (or `issues`) permission (GitHub answers 403 even to reading the comments)",
    action: "Probes read-only before the check runs, warns at the start, runs the check, and does not try the comment it proved impossible",
    userSees: "A warning naming `permissions: pull-requests: write` before the check's work, the check's own verdict, the report in the job summary only",
  },
  async () => {
    const token = "ghs_noPullRequestsTokenForTests0123";
    standIns.github.allowToken(token, "no-pull-requests");
    const run = await checkPullRequest(pullRequestRepo(), { github: standIns.github, token });

    expect(run.exitCode).toBe(0);
    // The first thing the run says, before the replay and the lint.
    const [first] = run.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::"));
    expect(first).toMatch(/^::warning::GitHub \(comment on pull request #7\): the token cannot comment on pull request #7 .*permissions: pull-requests: write/);
    expect(run.stdout).toMatch(/^::notice::Pull request comment skipped: .*found before the check ran/m);
    expect(standIns.github.writes().filter((request) => request.authorization?.includes(token))).toEqual([]);
    expect(standIns.github.comments("acme/shop", 7)).toEqual([]);
    expectSecretAbsent(run, token);
  },
);
