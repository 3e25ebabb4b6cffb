// Runs the committed bundle the way GitHub does: `node dist/index.js` with INPUT_* variables
// (hyphens kept), and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_EVENT_PATH files.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { prismaOfflineEnv, repositoryRoot } from "./fixture-app.js";

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Everything a person or a log scraper could see. */
  everything: string;
}

export interface ActionOptions {
  inputs: Record<string, string>;
  env?: Record<string, string>;
  event?: unknown;
  eventName?: string;
  nodeBinary?: string;
  /** Sees the action's stdout as it comes, for tests that act at a given moment of the run. */
  onStdout?: (soFar: string) => void;
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter` heredocs written by @actions/core). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
      outputs[name] = value.join("\n");
      continue;
    }
    const plain = /^([^=]+)=(.*)$/.exec(lines[i]);
    if (plain) outputs[plain[1]] = plain[2];
  }
  return outputs;
}

/** The variables the runner passes a step's `with:` in: `INPUT_` and the name upper-cased, hyphens kept. */
export function inputVariables(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]));
}

export interface RunnerEnvironment {
  env: Record<string, string>;
  outputFile: string;
  summaryFile: string;
}

/** The files and variables GitHub's runner gives an action step; shared by the tests and the benchmarks. */
export function prepareRunnerEnvironment(options: Omit<ActionOptions, "nodeBinary" | "onStdout">): RunnerEnvironment {
  const scratch = mkdtempSync(path.join(tmpdir(), "pgd-run-"));
  const outputFile = path.join(scratch, "output");
  const summaryFile = path.join(scratch, "summary.md");
  const eventFile = path.join(scratch, "event.json");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  writeFileSync(eventFile, JSON.stringify(options.event ?? {}));
  // settle-period (60 s by default) is a wait no other test needs to sit through; its own tests set it.
  const inputEnv = { "INPUT_SETTLE-PERIOD": "0", ...inputVariables(options.inputs) };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? scratch,
    GITHUB_ACTIONS: "true",
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.eventName ?? "push",
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_REF: "refs/heads/main",
    GITHUB_RUN_ID: "4242",
    GITHUB_WORKSPACE: repositoryRoot,
    RUNNER_TEMP: scratch,
    ...prismaOfflineEnv(),
    ...inputEnv,
    ...options.env,
  };
  return { env, outputFile, summaryFile };
}

export interface StartedAction {
  /** The action's process; it leads its own process group, as a job step's process does. */
  readonly child: ChildProcess;
  /** What it printed so far. */
  output(): string;
  readonly finished: Promise<ActionRun>;
}

/** Starts the bundle and returns at once, so a test can signal it while it runs. */
export function startAction(options: ActionOptions): StartedAction {
  const { env, outputFile, summaryFile } = prepareRunnerEnvironment(options);
  const child = spawn(options.nodeBinary ?? process.execPath, [path.join(repositoryRoot, "dist", "index.js")], {
    env,
    cwd: repositoryRoot,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    options.onStdout?.(stdout);
  });
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1))).then((exitCode) => {
    const outputText = readFileSync(outputFile, "utf8");
    const summary = readFileSync(summaryFile, "utf8");
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseOutputFile(outputText),
      summary,
      everything: [stdout, stderr, outputText, summary].join("\n"),
    };
  });
  return { child, output: () => stdout + stderr, finished };
}

export async function runAction(options: ActionOptions): Promise<ActionRun> {
  return await startAction(options).finished;
}
