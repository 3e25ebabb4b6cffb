// `npm run demo`: the whole gate on embedded defaults, with nothing to configure. It starts a
// real PostgreSQL and the local Zeabur stand-in, lays out a sample Prisma project, plays a
// crashed container that still holds Prisma's advisory lock, and runs the command line's
// `deploy` as a person would. Everything it started is stopped and removed at the end.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { prismaOfflineEnv } from "../__tests__/support/fixture-app.js";
import { PRISMA_LOCK_CALL } from "../src/postgres/identifiers.js";
import { startEmbeddedPostgres, type RunningPostgres } from "../__tests__/support/global-setup.js";
import { start as startFakeZeabur, type FakeZeabur } from "../stand-ins/fake-zeabur.js";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const CRASHED_APPLICATION = "shop-api (crashed pod 7f9c)";
/** The "crashed" session is idle longer than this before the deploy starts, so the gate may end it. */
const STALE_AFTER = "1s";
const DEMO_PASSWORD = "demo-Passw0rd!";
const ZEABUR_API_KEY = "sk-demo-4f1c9a2b7e";

const say = (text: string) => process.stdout.write(`\n\u001b[1m● ${text}\u001b[22m\n`.replace(/\u001b\[\d+m/g, process.stdout.isTTY && !process.env.NO_COLOR ? "$&" : ""));

function databaseUrl(server: RunningPostgres, database: string): string {
  const url = new URL(server.adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function holdLockLikeACrashedContainer(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: CRASHED_APPLICATION });
  // The gate terminates this session: that is the point, not an error.
  client.on("error", () => undefined);
  await client.connect();
  await client.query(`SELECT ${PRISMA_LOCK_CALL}`);
  return client;
}

/**
 * Ctrl-C must not leave PostgreSQL running: the demo notes it, lets the command line (which
 * the terminal interrupts too) finish its cancellation, skips what is left, and cleans up.
 */
let interrupted = false;
process.on("SIGINT", () => {
  interrupted = true;
});

function stopIfInterrupted(): void {
  if (interrupted) throw new Error("Interrupted (Ctrl-C).");
}

function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<number> {
  const child = spawn(process.execPath, [path.join(repositoryRoot, "bin", "prisma-gated-deploy.js"), ...args], {
    cwd,
    env: { ...process.env, ...prismaOfflineEnv(), ...env },
    stdio: "inherit",
  });
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}

async function main(): Promise<number> {
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    say("Starting an embedded PostgreSQL and the local Zeabur stand-in");
    const server = await startEmbeddedPostgres({ password: DEMO_PASSWORD, prefix: "pgd-demo-" });
    cleanups.unshift(() => server.stop());
    const zeabur: FakeZeabur = await startFakeZeabur({ apiKey: ZEABUR_API_KEY });
    cleanups.unshift(() => zeabur.stop());
    const service = zeabur.addService();
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE shop`);
    await admin.end();
    const url = databaseUrl(server, "shop");
    console.log(`  PostgreSQL on 127.0.0.1:${server.port}, Zeabur stand-in at ${zeabur.url}`);

    stopIfInterrupted();
    say("Laying out a sample Prisma project with three migrations");
    // Inside the repository, so that the project's `prisma` resolves as in a hoisted monorepo.
    const workRoot = path.join(repositoryRoot, "demo", ".work");
    mkdirSync(workRoot, { recursive: true });
    const app = mkdtempSync(path.join(workRoot, "shop-"));
    cleanups.unshift(() => rmSync(workRoot, { recursive: true, force: true }));
    cpSync(path.join(repositoryRoot, "demo", "sample-app"), app, { recursive: true });
    console.log(`  ${path.relative(repositoryRoot, app)}/prisma/migrations: 20260101000000_init, 20260115000000_orders, 20260201000000_user_name`);

    stopIfInterrupted();
    say(`A container crashed while it held Prisma's lock: session '${CRASHED_APPLICATION}' holds ${PRISMA_LOCK_CALL} and sits idle`);
    const crashed = await holdLockLikeACrashedContainer(url);
    cleanups.unshift(() => crashed.end().catch(() => undefined));
    await sleep(1_500);
    console.log("  Without the gate, `prisma migrate deploy` would wait 10 s, fail with P1002, and name nobody.");

    stopIfInterrupted();
    say(`Running: prisma-gated-deploy deploy --terminate-stale-lock-after ${STALE_AFTER} (DATABASE_URL and ZEABUR_API_KEY from the environment)`);
    const exitCode = await runCli(
      [
        "deploy",
        "--terminate-stale-lock-after",
        STALE_AFTER,
        "--zeabur-service-id",
        service.serviceId,
        "--zeabur-environment-id",
        service.environmentId,
        "--zeabur-api-url",
        zeabur.url,
        // The stand-in's deployment cannot crash after RUNNING; a short settle keeps the demo brisk.
        "--settle-period",
        "5s",
      ],
      { DATABASE_URL: url, ZEABUR_API_KEY },
      app,
    );
    say(exitCode === 0 ? "The gate named the holder, ended it, applied the migrations, and only then deployed." : `The deploy exited with ${exitCode}.`);
    return exitCode;
  } catch (error) {
    console.error(`  ${(error as Error).message}`);
    return interrupted ? 130 : 1;
  } finally {
    say("Stopping everything the demo started");
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`  Could not clean up: ${(error as Error).message}`);
      }
    }
    console.log("  PostgreSQL stopped and its data folder removed; the Zeabur stand-in stopped; the sample project removed.");
  }
}

process.exitCode = await main();
