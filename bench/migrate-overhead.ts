// The gate's cost when nothing is in the way: wall time of the action's `migrate`
// (`node dist/index.js`) beside bare `prisma migrate deploy`, applying the same 20
// migrations to a fresh database each run, for Prisma 6 and Prisma 7 in their native
// configuration (the stand-in schema engine: see __tests__/support/schema-engine).
// Alternating in one script, median of RUNS per major.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import globalSetup from "../__tests__/support/global-setup.js";
import globalTeardown from "../__tests__/support/global-teardown.js";
import { createDatabase, migrationRows } from "../__tests__/support/database.js";
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS, prismaEntry, prismaOfflineEnv, repositoryRoot, type FixtureApp, type PrismaMajor } from "../__tests__/support/fixture-app.js";
import { prepareRunnerEnvironment } from "../__tests__/support/run-action.js";
import { median } from "./stats.js";

const RUNS = Number(process.env.BENCH_MIGRATE_RUNS ?? 5);
const MIGRATIONS = 20;
const TARGET_PERCENT = 5;


/** 20 migrations as `prisma migrate dev` would write them: tables, columns, indexes, a foreign key. */
function migrations(): Array<[string, string]> {
  const list: Array<[string, string]> = [["20260101000000_init", INIT_USER_SQL]];
  for (let i = 1; i < MIGRATIONS; i++) {
    const stamp = `202601${String(1 + Math.floor(i / 24)).padStart(2, "0")}${String(i % 24).padStart(2, "0")}0000`;
    const sql =
      i % 2 === 1
        ? `-- CreateTable\nCREATE TABLE "Table${i}" (\n    "id" SERIAL NOT NULL,\n    "userId" INTEGER NOT NULL,\n    "label" TEXT NOT NULL,\n\n    CONSTRAINT "Table${i}_pkey" PRIMARY KEY ("id")\n);\n\n-- CreateIndex\nCREATE INDEX "Table${i}_label_idx" ON "Table${i}"("label");\n\n-- AddForeignKey\nALTER TABLE "Table${i}" ADD CONSTRAINT "Table${i}_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;\n`
        : `-- AlterTable\nALTER TABLE "User" ADD COLUMN "field${i}" TEXT;\n`;
    list.push([`${stamp}_step_${i}`, sql]);
  }
  return list;
}

interface Timed {
  seconds: number;
  exitCode: number | null;
  output: string;
}

async function timed(args: string[], cwd: string, env: Record<string, string>): Promise<Timed> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { seconds: (performance.now() - started) / 1000, exitCode, output };
}

async function runAction(databaseUrl: string, appDir: string): Promise<number> {
  const { env, outputFile } = prepareRunnerEnvironment({
    inputs: { command: "migrate", "database-url": databaseUrl, "working-directory": appDir },
  });
  const result = await timed([path.join(repositoryRoot, "dist", "index.js")], repositoryRoot, env);
  if (result.exitCode !== 0) throw new Error(`the action failed (exit ${result.exitCode}):\n${result.output}`);
  if (!readFileSync(outputFile, "utf8").includes(`_step_${MIGRATIONS - 1}`)) throw new Error("the action did not report the last migration as applied");
  return result.seconds;
}

async function runPrisma(databaseUrl: string, app: FixtureApp): Promise<number> {
  const result = await timed([prismaEntry(app), "migrate", "deploy"], app.dir, {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NO_COLOR: "1",
    DATABASE_URL: databaseUrl,
    ...prismaOfflineEnv(),
  });
  if (result.exitCode !== 0 || !result.output.includes("All migrations have been successfully applied")) {
    throw new Error(`prisma migrate deploy failed (exit ${result.exitCode}):\n${result.output}`);
  }
  return result.seconds;
}

interface Measured {
  major: PrismaMajor;
  action: number[];
  prisma: number[];
}

async function measure(major: PrismaMajor): Promise<Measured> {
  const app = createFixtureApp({ prisma: major });
  for (const [name, sql] of migrations()) app.addMigration(name, sql);
  const measured: Measured = { major, action: [], prisma: [] };
  for (let round = 0; round < RUNS; round++) {
    const sides = [
      async () => {
        const url = await createDatabase("benchaction");
        measured.action.push(await runAction(url, app.dir));
        if ((await migrationRows(url)).length !== MIGRATIONS) throw new Error("the action did not apply every migration");
      },
      async () => {
        const url = await createDatabase("benchprisma");
        measured.prisma.push(await runPrisma(url, app));
        if ((await migrationRows(url)).length !== MIGRATIONS) throw new Error("prisma did not apply every migration");
      },
    ];
    if (round % 2 === 1) sides.reverse();
    for (const side of sides) await side();
  }
  return measured;
}

export default async function run(): Promise<string> {
  const ownServer = !process.env.TEST_ADMIN_URL;
  if (ownServer) await globalSetup();
  try {
    const results: Measured[] = [];
    const loadBefore = os.loadavg()[0];
    for (const major of PRISMA_MAJORS) results.push(await measure(major));
    const loadAfter = os.loadavg()[0];
    const format = (values: number[]) => values.map((value) => value.toFixed(2)).join(", ");
    const rows: string[] = [];
    const verdicts: string[] = [];
    for (const { major, action, prisma } of results) {
      const ours = median(action);
      const theirs = median(prisma);
      const overhead = ((ours - theirs) / theirs) * 100;
      const version = major === 6 ? "6.19.3" : "7.10.1";
      rows.push(`| Prisma ${version} | prisma-gated-deploy \`migrate\` | ${ours.toFixed(2)} s | ${format(action)} |`);
      rows.push(`| Prisma ${version} | \`prisma migrate deploy\` | ${theirs.toFixed(2)} s | ${format(prisma)} |`);
      verdicts.push(`- Prisma ${version}: overhead ${(ours - theirs).toFixed(2)} s, ${overhead.toFixed(1)} % (target: at most ${TARGET_PERCENT} %: ${overhead <= TARGET_PERCENT ? "met" : "not met"}).`);
    }
    return [
      "## Overhead of the gate when nothing is held",
      "",
      `${MIGRATIONS} migrations applied to a fresh database on an embedded PostgreSQL, each run. The action (\`node dist/index.js\`, command \`migrate\`: inputs, Prisma and project lookup (a prisma.config.ts is loaded by Prisma's own loader), connection, history preflight, lock check, \`prisma migrate deploy\` with its backends watched, end-state check, summary) against bare \`prisma migrate deploy\` in the same project, for each major in its native configuration (the schema engine is the test suite's stand-in for the native binary, which runs Prisma's own Wasm engine; a successful deploy exits at once, no linger). Alternating, median of ${RUNS} per major.`,
      "",
      "| Project | Command | Wall (median) | Runs (s) |",
      "|---|---|---|---|",
      ...rows,
      "",
      ...verdicts,
      "",
      `The machine's 1-minute load average was ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after: other work shared its cores, so single runs vary; the medians and the overhead in seconds are the figures to compare.`,
      "",
    ].join("\n");
  } finally {
    if (ownServer) await globalTeardown();
  }
}
