// How long the application stalls while a migration waits for a table lock: a reader
// transaction holds "User" for 30 s, a migration alters "User", and an application loop
// queries "User" every 50 ms on its own connection. The longest of its queries is measured
// under bare `prisma migrate deploy` and under the gate (`node dist/index.js`, command
// migrate, ddl-lock-wait at its default), one after the other in the same run, each on a
// fresh database.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import globalSetup from "../__tests__/support/global-setup.js";
import globalTeardown from "../__tests__/support/global-teardown.js";
import { createDatabase, withClient } from "../__tests__/support/database.js";
import { createFixtureApp, INIT_USER_SQL, prismaOfflineEnv, repositoryRoot, type FixtureApp } from "../__tests__/support/fixture-app.js";
import { prepareRunnerEnvironment } from "../__tests__/support/run-action.js";
import { defaultValue } from "../src/options.js";
import { parseDuration } from "../src/duration.js";

const READER_HOLDS_MS = 30_000;
const QUERY_EVERY_MS = 50;
/** The migration starts once the reader holds the table and the application loop runs. */
const MIGRATION_STARTS_AFTER_MS = 1_000;
const ROWS = 10_000;
const DDL_LOCK_WAIT_MS = parseDuration(defaultValue("ddl-lock-wait")) as number;

interface Outcome {
  longestStallMs: number;
  queries: number;
  queriesOverOneSecond: number;
  migrationExitCode: number | null;
  migrationSeconds: number;
  columnAdded: boolean;
  attempts?: string;
}

async function prepareDatabase(app: FixtureApp): Promise<string> {
  const url = await createDatabase("benchtraffic");
  await withClient(url, async (client) => {
    await client.query(INIT_USER_SQL);
    await client.query(`INSERT INTO "User" (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, ${ROWS}) g`);
  });
  // The init migration recorded as applied, as a deployed database has it: only the ALTER is pending.
  const resolved = await runProcess(prismaCommand(["migrate", "resolve", "--applied", "20260101000000_init"], app, url));
  if (resolved.code !== 0) throw new Error(`prisma migrate resolve failed:\n${resolved.output}`);
  return url;
}

interface Command {
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

function prismaCommand(args: string[], app: FixtureApp, url: string): Command {
  return {
    args: [path.join(repositoryRoot, "node_modules", "prisma", "build", "index.js"), ...args],
    cwd: app.dir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", DATABASE_URL: url, ...prismaOfflineEnv() },
  };
}

function gateCommand(app: FixtureApp, url: string): { command: Command; outputFile: string } {
  const runner = prepareRunnerEnvironment({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  return { command: { args: [path.join(repositoryRoot, "dist", "index.js")], cwd: repositoryRoot, env: runner.env }, outputFile: runner.outputFile };
}

async function runProcess(command: Command): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, command.args, { cwd: command.cwd, env: command.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, output };
}

async function measure(url: string, migration: Command): Promise<Omit<Outcome, "attempts">> {
  const reader = new pg.Client({ connectionString: url, application_name: "nightly-report" });
  await reader.connect();
  await reader.query("BEGIN");
  await reader.query(`SELECT count(*) FROM "User"`);
  const readerDone = new Promise((resolve) => setTimeout(resolve, READER_HOLDS_MS)).then(() => reader.query("COMMIT")).then(() => reader.end());

  const application = new pg.Client({ connectionString: url, application_name: "application" });
  await application.connect();
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await application.query(`SELECT count(*) FROM "User"`);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, QUERY_EVERY_MS));
    }
  })();

  await new Promise((resolve) => setTimeout(resolve, MIGRATION_STARTS_AFTER_MS));
  const started = performance.now();
  const result = await runProcess(migration);
  const migrationSeconds = (performance.now() - started) / 1000;
  await readerDone;
  running = false;
  await loop;
  await application.end();
  const columns = await withClient(url, (client) =>
    client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'age'`),
  );
  return {
    longestStallMs: Math.max(...latencies),
    queries: latencies.length,
    queriesOverOneSecond: latencies.filter((ms) => ms > 1_000).length,
    migrationExitCode: result.code,
    migrationSeconds,
    columnAdded: (columns.rowCount ?? 0) > 0,
  };
}

function row(name: string, outcome: Outcome): string[] {
  return [
    name,
    `${(outcome.longestStallMs / 1000).toFixed(2)} s`,
    `${outcome.queriesOverOneSecond} of ${outcome.queries}`,
    `${outcome.migrationExitCode === 0 && outcome.columnAdded ? "applied" : `exit ${outcome.migrationExitCode}, column ${outcome.columnAdded ? "added" : "missing"}`}${outcome.attempts ? ` (${outcome.attempts} attempts)` : ""}`,
    `${outcome.migrationSeconds.toFixed(1)} s`,
  ];
}

export default async function run(): Promise<string> {
  const ownServer = !process.env.TEST_ADMIN_URL;
  if (ownServer) await globalSetup();
  try {
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    app.addMigration("20260102000000_user_age", `-- AlterTable\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`);

    const bareUrl = await prepareDatabase(app);
    const bare = await measure(bareUrl, prismaCommand(["migrate", "deploy"], app, bareUrl));

    const gateUrl = await prepareDatabase(app);
    const gate = gateCommand(app, gateUrl);
    const gated: Outcome = await measure(gateUrl, gate.command);
    gated.attempts = /^attempts=(\d+)$/m.exec(readFileSync(gate.outputFile, "utf8"))?.[1];

    const target = DDL_LOCK_WAIT_MS + 1_000;
    const lines = [
      "## Application queries while a migration waits for a table lock",
      "",
      `A reader transaction holds \`"User"\` (${ROWS.toLocaleString("en")} rows) for ${READER_HOLDS_MS / 1000} s; ${MIGRATION_STARTS_AFTER_MS / 1000} s in, a migration runs \`ALTER TABLE "User" ADD COLUMN "age" INTEGER\`; an application connection runs \`SELECT count(*) FROM "User"\` every ${QUERY_EVERY_MS} ms throughout. Both sides in one run (\`bench/traffic.ts\`), each on a fresh database, Prisma 6.19.3 through the native-engine stand-in.`,
      "",
      "| Migration run by | Longest application query | Queries over 1 s | Migration | Migration wall time |",
      "| --- | --- | --- | --- | --- |",
      `| ${row("bare `prisma migrate deploy`", bare).join(" | ")} |`,
      `| ${row(`the gate, \`ddl-lock-wait: ${defaultValue("ddl-lock-wait")}\` (default)`, gated).join(" | ")} |`,
      "",
      `Target: the longest stall under the gate at most ddl-lock-wait + 1 s = ${target / 1000} s, and the migration applied once the reader ended: ${gated.longestStallMs <= target && gated.migrationExitCode === 0 && gated.columnAdded ? "**met**" : "**not met**"}. Ratio of longest stalls (bare / gate): ${(bare.longestStallMs / gated.longestStallMs).toFixed(1)}×.`,
      "",
      "Each cancelled wait releases the queue at once; between attempts (backoff, `migrate resolve --rolled-back`, Prisma's start-up) the application's queries run freely, so the gate's stalls are separate waits of at most `ddl-lock-wait` each, not one long one.",
    ];
    return lines.join("\n");
  } finally {
    if (ownServer) await globalTeardown();
  }
}
