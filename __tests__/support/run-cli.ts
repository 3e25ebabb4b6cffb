// Runs the command line the way a person types it: `prisma-gated-deploy <args>` as a child
// process (the package's bin, over the committed bundle), in a folder, with an environment.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { prismaOfflineEnv, repositoryRoot } from "./fixture-app.js";

export const CLI_BIN = path.join(repositoryRoot, "bin", "prisma-gated-deploy.js");

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON document `--json` promises. */
  json<T = Record<string, unknown>>(): T;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Called once the child wrote something on stderr or stdout, e.g. to send it a signal. */
  onOutput?: (child: ChildProcess, stdout: string, stderr: string) => void;
}

export function cliEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...prismaOfflineEnv(), ...extra };
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    env: cliEnvironment(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    options.onOutput?.(child, stdout, stderr);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    options.onOutput?.(child, stdout, stderr);
  });
  const exitCode = await new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  return {
    exitCode,
    stdout,
    stderr,
    json<T>() {
      return JSON.parse(stdout) as T;
    },
  };
}
