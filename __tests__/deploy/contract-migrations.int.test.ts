// contract-migrations through the bundle, with the real Prisma CLIs: block stops before a
// migration the running version would break on; after-deploy applies the expand migrations,
// deploys, and applies the contract ones only once the new version answers its health check,
// leaving _prisma_migrations exactly as one ordinary deploy would.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS, repositoryRoot, type FixtureApp, type PrismaMajor } from "../support/fixture-app.js";
import { createDatabase, migrationRows, passwordOf, withClient } from "../support/database.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";
import { useStandIns, zeaburInputs } from "../support/stand-ins.js";

const ADD_NICKNAME = "20260102000000_add_nickname";
const DROP_LEGACY = "20260103000000_drop_legacy";
const INDEX_NICKNAME = "20260104000000_index_nickname";

const standIns = useStandIns({ zeabur: {} });

/** "User" with a `legacy` column, applied; then expand, contract and neutral migrations pending, as `pending` picks. */
async function projectWithPending(major: PrismaMajor, pending: Record<string, string>): Promise<{ app: FixtureApp; url: string }> {
  const app = createFixtureApp({ prisma: major });
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  app.addMigration("20260101000001_legacy", `-- AlterTable\nALTER TABLE "User" ADD COLUMN "legacy" TEXT;\n`);
  const url = await createDatabase(`contract${major}`);
  const setup = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(setup.exitCode).toBe(0);
  for (const [name, sql] of Object.entries(pending)) app.addMigration(name, sql);
  return { app, url };
}

const EXPAND_CONTRACT_NEUTRAL = {
  [ADD_NICKNAME]: `-- AlterTable\nALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n`,
  [DROP_LEGACY]: `-- AlterTable\nALTER TABLE "User" DROP COLUMN "legacy";\n`,
  [INDEX_NICKNAME]: `-- CreateIndex\nCREATE INDEX "User_nickname_idx" ON "User"("nickname");\n`,
};

function deployInputs(app: FixtureApp, url: string, extra: Record<string, string>): Record<string, string> {
  return {
    command: "deploy",
    "database-url": url,
    "working-directory": app.dir,
    ...zeaburInputs(standIns.zeabur),
    "settle-period": "0",
    ...extra,
  };
}

/** A health endpoint of the new version that notes, each time it is asked, which migrations the database has. */
async function healthEndpointRecording(url: string): Promise<{ url: string; seen: string[][]; close(): Promise<void> }> {
  const seen: string[][] = [];
  const server: Server = createServer((_request, response) => {
    void migrationRows(url).then((rows) => {
      seen.push(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/health`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Everything of a history row that does not depend on when it was applied. */
async function historyRows(url: string): Promise<unknown[]> {
  return await withClient(url, async (client) =>
    (
      await client.query(
        `SELECT migration_name, checksum, logs, rolled_back_at, applied_steps_count, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`,
      )
    ).rows,
  );
}

async function columnsOfUser(url: string): Promise<string[]> {
  return await withClient(url, async (client) =>
    (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'User' ORDER BY column_name`)).rows.map((row) => row.column_name as string),
  );
}

describe.each(PRISMA_MAJORS)("Prisma %i", (major) => {
  test("after-deploy: the expand migration runs before the upload, the contract ones only once the new version is healthy; the history is an ordinary deploy's", async () => {
    const { app, url } = await projectWithPending(major, EXPAND_CONTRACT_NEUTRAL);
    const health = await healthEndpointRecording(url);
    try {
      const run = await runAction({ inputs: deployInputs(app, url, { "contract-migrations": "after-deploy", "health-url": health.url }) });
      expect(run.exitCode).toBe(0);
      // While the new version answered its health check, the database had the expand migration and not the contract one.
      expect(health.seen[0]).toContain(ADD_NICKNAME);
      expect(health.seen[0]).not.toContain(DROP_LEGACY);
      expect(health.seen[0]).not.toContain(INDEX_NICKNAME);
      expect(JSON.parse(run.outputs["migrations-applied"])).toEqual([ADD_NICKNAME, DROP_LEGACY, INDEX_NICKNAME]);
      expect(JSON.parse(run.outputs["migrations-contract"])).toEqual([DROP_LEGACY]);
      expect(run.outputs["deployment-status"]).toBe("RUNNING");
      expect(await columnsOfUser(url)).not.toContain("legacy");

      expect(run.summary).toContain("Expand and contract");
      expect(run.summary).toMatch(/`20260102000000_add_nickname` \| expand \| adds column "User"\."nickname" \| before the deploy/);
      expect(run.summary).toMatch(/`20260103000000_drop_legacy` \| contract \| drop-column \(line 2\) \| after the new deployment is healthy/);
      expect(run.summary).toMatch(/`20260104000000_index_nickname` \| neutral \| .* \| after the new deployment is healthy/);
      expect(run.summary).toContain("Applied after the new deployment was healthy");

      // The same history applied by one ordinary deploy leaves the same rows.
      const twin = await projectWithPending(major, EXPAND_CONTRACT_NEUTRAL);
      const ordinary = await runAction({ inputs: { command: "migrate", "database-url": twin.url, "working-directory": twin.app.dir } });
      expect(ordinary.exitCode).toBe(0);
      expect(await historyRows(url)).toEqual(await historyRows(twin.url));

      expectSecretAbsent(run, passwordOf(url));
      expectSecretAbsent(run, standIns.zeabur.apiKey);
    } finally {
      await health.close();
    }
  });
});

test("after-deploy: a deployment that crashes after RUNNING leaves the contract migration unapplied, and says so", async () => {
  const { app, url } = await projectWithPending(6, EXPAND_CONTRACT_NEUTRAL);
  standIns.zeabur.switches.deploymentOutcome = "CRASHES_AFTER_RUNNING";
  try {
    const run = await runAction({ inputs: deployInputs(app, url, { "contract-migrations": "after-deploy", "settle-period": "30s" }) });
    expect(run.outputs["failure-reason"]).toBe("deploy-unhealthy");
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual([ADD_NICKNAME]);
    expect(JSON.parse(run.outputs["migrations-contract"])).toEqual([DROP_LEGACY]);
    // The previous version still finds its column.
    expect(await columnsOfUser(url)).toContain("legacy");
    const names = (await migrationRows(url)).map((row) => row.migration_name);
    expect(names).toContain(ADD_NICKNAME);
    expect(names).not.toContain(DROP_LEGACY);
    expect(run.summary).toContain("Not applied: `20260103000000_drop_legacy`, `20260104000000_index_nickname`");
  } finally {
    standIns.zeabur.switches.deploymentOutcome = "RUNNING";
  }
});

test("after-deploy: when the first pending migration is a contract one, Prisma runs only after the deploy", async () => {
  const { app, url } = await projectWithPending(6, { [DROP_LEGACY]: EXPAND_CONTRACT_NEUTRAL[DROP_LEGACY] });
  const health = await healthEndpointRecording(url);
  try {
    const run = await runAction({ inputs: deployInputs(app, url, { "contract-migrations": "after-deploy", "health-url": health.url }) });
    expect(run.exitCode).toBe(0);
    expect(health.seen[0]).not.toContain(DROP_LEGACY);
    expect(run.outputs.attempts).toBe("1");
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual([DROP_LEGACY]);
    expect(run.stdout).toContain("Nothing to apply before the deploy");
  } finally {
    await health.close();
  }
});

test("after-deploy: a migration that renames (adds and removes at once) is refused before anything is migrated or uploaded", async () => {
  const { app, url } = await projectWithPending(6, {
    [ADD_NICKNAME]: EXPAND_CONTRACT_NEUTRAL[ADD_NICKNAME],
    "20260103000000_rename_legacy": `-- AlterTable\nALTER TABLE "User" RENAME COLUMN "legacy" TO "archived";\n`,
  });
  const uploadsBefore = standIns.zeabur.requestsTo("create").length;
  const run = await runAction({ inputs: deployInputs(app, url, { "contract-migrations": "after-deploy" }) });
  expect(run.outputs["failure-reason"]).toBe("contract-blocked");
  expect(run.outputs.attempts).toBe("0");
  expect(standIns.zeabur.requestsTo("create").length).toBe(uploadsBefore);
  expect(await columnsOfUser(url)).toEqual(["email", "id", "legacy"]);
  expect(run.summary).toContain('both adds what the new version may use (column "User"."archived")');
  expect(run.summary).toMatch(/mixed \(expand and contract\)/);
});

test("after-deploy on a Prisma 6 older than 6.19: prisma-unsupported before anything is migrated or uploaded", async () => {
  const { app, url } = await projectWithPending(6, EXPAND_CONTRACT_NEUTRAL);
  // The real Prisma 6 CLI, installed under an older version number: only the version differs.
  const olderPrisma = path.join(app.dir, "node_modules", "prisma");
  mkdirSync(path.join(olderPrisma, "build"), { recursive: true });
  writeFileSync(path.join(olderPrisma, "package.json"), JSON.stringify({ name: "prisma", version: "6.18.0", bin: { prisma: "build/index.js" } }));
  writeFileSync(path.join(olderPrisma, "build", "index.js"), `require(${JSON.stringify(path.join(repositoryRoot, "node_modules", "prisma", "build", "index.js"))});\n`);
  const uploadsBefore = standIns.zeabur.requestsTo("create").length;

  const run = await runAction({ inputs: deployInputs(app, url, { "contract-migrations": "after-deploy" }) });
  expect(run.outputs["failure-reason"]).toBe("prisma-unsupported");
  expect(run.summary).toContain("which needs Prisma 6.19 or later; this project has Prisma 6.18.0");
  expect(run.summary).toContain("contract-migrations block");
  expect(run.outputs.attempts).toBe("0");
  expect(standIns.zeabur.requestsTo("create").length).toBe(uploadsBefore);
  expect(await columnsOfUser(url)).toEqual(["email", "id", "legacy"]);
});

test("block: a pending contract migration stops the run before anything is applied; acknowledged, it runs", async () => {
  const { app, url } = await projectWithPending(6, { [ADD_NICKNAME]: EXPAND_CONTRACT_NEUTRAL[ADD_NICKNAME], [DROP_LEGACY]: EXPAND_CONTRACT_NEUTRAL[DROP_LEGACY] });
  const inputs = { command: "migrate", "database-url": url, "working-directory": app.dir, "contract-migrations": "block" };
  const blocked = await runAction({ inputs });
  expect(blocked.outputs["failure-reason"]).toBe("contract-blocked");
  expect(blocked.outputs.attempts).toBe("0");
  expect(JSON.parse(blocked.outputs["migrations-applied"])).toEqual([]);
  expect(JSON.parse(blocked.outputs["migrations-contract"])).toEqual([DROP_LEGACY]);
  expect((await migrationRows(url)).map((row) => row.migration_name)).not.toContain(ADD_NICKNAME);
  expect(blocked.summary).toContain("20260103000000_drop_legacy (dropping a column (line 2))");
  expect(blocked.summary).toContain("-- gate:ignore <rule-id>");

  app.addMigration(DROP_LEGACY, `-- gate:ignore drop-column the running version stopped reading legacy in release 41\nALTER TABLE "User" DROP COLUMN "legacy";\n`);
  const acknowledged = await runAction({ inputs });
  expect(acknowledged.exitCode).toBe(0);
  expect(JSON.parse(acknowledged.outputs["migrations-applied"])).toEqual([ADD_NICKNAME, DROP_LEGACY]);
  expect(JSON.parse(acknowledged.outputs["migrations-contract"])).toEqual([]);
  expect(acknowledged.summary).toContain("acknowledged: the running version stopped reading legacy in release 41");
});
