// Time to name the holder of Prisma's advisory lock: the action (`node dist/index.js`,
// command migrate) against bare `prisma migrate deploy`, while an idle session holds
// pg_advisory_lock(72707369) on a real PostgreSQL. Alternating, median of 3.
import { spawn } from "node:child_process";
import path from "node:path";
import globalSetup from "../__tests__/support/global-setup.js";
import globalTeardown from "../__tests__/support/global-teardown.js";
import { createDatabase, holdPrismaLock } from "../__tests__/support/database.js";
import { createFixtureApp, INIT_USER_SQL, prismaOfflineEnv, repositoryRoot } from "../__tests__/support/fixture-app.js";
import { prepareRunnerEnvironment } from "../__tests__/support/run-action.js";
import { median } from "./stats.js";

const RUNS = 3;
const HOLDER_NAME = "api-crashed-bench";


function actionEnv(inputs: Record<string, string>): Record<string, string> {
  return prepareRunnerEnvironment({ inputs }).env;
}

/** Seconds from spawning the action until it prints the line naming the holder; then stops it. */
async function actionNamesHolder(databaseUrl: string, appDir: string, holderPid: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repositoryRoot, "dist", "index.js")], {
    cwd: repositoryRoot,
    env: actionEnv({ command: "migrate", "database-url": databaseUrl, "working-directory": appDir, timeout: "2m" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let seconds: number | undefined;
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n").find((candidate) => candidate.includes("is held by pid"));
      if (seconds === undefined && line) {
        seconds = (performance.now() - started) / 1000;
        if (!line.includes(`pid ${holderPid}`) || !line.includes(HOLDER_NAME)) reject(new Error(`the action named someone else: ${line}`));
        else resolve();
      }
    });
    child.on("close", () => reject(new Error(`the action exited without naming the holder:\n${stdout}`)));
  });
  child.kill("SIGTERM");
  await closed;
  return seconds as number;
}

/** Seconds until bare `prisma migrate deploy` gives up with P1002, and whether it named the holder. */
async function prismaFails(databaseUrl: string, appDir: string, holderPid: number): Promise<{ seconds: number; namesHolder: boolean }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repositoryRoot, "node_modules", "prisma", "build", "index.js"), "migrate", "deploy"], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", DATABASE_URL: databaseUrl, ...prismaOfflineEnv() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 1 || !output.includes("P1002") || !output.includes("pg_advisory_lock(72707369)")) {
    throw new Error(`expected P1002 from prisma migrate deploy, got exit ${code}:\n${output}`);
  }
  return { seconds, namesHolder: output.includes(String(holderPid)) || output.includes(HOLDER_NAME) };
}

export default async function run(): Promise<string> {
  const ownServer = !process.env.TEST_ADMIN_URL;
  if (ownServer) await globalSetup();
  try {
    const databaseUrl = await createDatabase("benchlock");
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    const holder = await holdPrismaLock(databaseUrl, HOLDER_NAME);
    try {
      const holderPid = (await holder.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      const action: number[] = [];
      const prisma: number[] = [];
      let prismaNamedHolder = false;
      for (let round = 0; round < RUNS; round++) {
        // Alternate which side goes first, so drift on the machine hits both.
        const sides = [
          async () => action.push(await actionNamesHolder(databaseUrl, app.dir, holderPid)),
          async () => {
            const result = await prismaFails(databaseUrl, app.dir, holderPid);
            prisma.push(result.seconds);
            prismaNamedHolder ||= result.namesHolder;
          },
        ];
        if (round % 2 === 1) sides.reverse();
        for (const side of sides) await side();
      }
      const ours = median(action);
      const theirs = median(prisma);
      const format = (values: number[]) => values.map((value) => value.toFixed(2)).join(", ");
      return [
        "## Naming the lock holder",
        "",
        `An idle session (application_name \`${HOLDER_NAME}\`, pid ${holderPid}) holds \`pg_advisory_lock(72707369)\` on an embedded PostgreSQL. The action (\`node dist/index.js\`, command \`migrate\`) is timed from spawn until it prints the line saying the lock \"is held by pid ${holderPid}\"; bare \`prisma migrate deploy\` (Prisma 6.19.3) is timed until it exits with P1002. Alternating, median of ${RUNS}.`,
        "",
        "| | Median | Runs (s) | Names the holder |",
        "|---|---|---|---|",
        `| prisma-gated-deploy | ${ours.toFixed(2)} s | ${format(action)} | yes (pid, application_name, client, state) |`,
        `| \`prisma migrate deploy\` | ${theirs.toFixed(2)} s | ${format(prisma)} | ${prismaNamedHolder ? "yes" : "no (P1002 names nobody)"} |`,
        "",
        `Target: under 1 s against Prisma's 10 s. ${ours < 1 ? "Met" : "Not met"}: ${ours.toFixed(2)} s, ${(theirs / ours).toFixed(1)}× sooner than Prisma's P1002.`,
        "",
      ].join("\n");
    } finally {
      await holder.end();
    }
  } finally {
    if (ownServer) await globalTeardown();
  }
}
