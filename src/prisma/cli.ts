// Runs the project's own Prisma CLI as a child process, streaming its output line by line.
import { spawn } from "node:child_process";
import type { PrismaInstall } from "./locate.js";

export interface PrismaRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when the caller's signal stopped the process. */
  aborted: boolean;
}

export interface PrismaRunOptions {
  cwd: string;
  env: Record<string, string>;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
}

/**
 * Time a stopped CLI gets to exit on SIGTERM before its group is killed: short, because a
 * cancelled job has about 2.5 s between the runner's SIGTERM and its kill of the process tree.
 */
const TERMINATE_GRACE_MS = 1_500;

/** Process groups of the CLIs still running, ended if this process exits while they run. */
const liveGroups = new Set<number>();
process.on("exit", () => {
  for (const group of liveGroups) signalGroup(group, "SIGKILL");
});

/** Signals every process in the group; false when none is left. */
function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

export function prismaChildEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...extra,
    // No ANSI codes may reach the output parser.
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1",
  };
}

export async function runPrisma(install: PrismaInstall, args: readonly string[], options: PrismaRunOptions): Promise<PrismaRun> {
  // In its own process group, so that stopping it reaches the engine processes it starts too,
  // and a Ctrl-C in a terminal reaches the action (which decides) rather than Prisma directly.
  const child = spawn(process.execPath, [install.entry, ...args], {
    cwd: options.cwd,
    env: prismaChildEnvironment(options.env),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const group = child.pid;
  if (group !== undefined) liveGroups.add(group);
  let stdout = "";
  let stderr = "";
  const relay = (sink: (text: string) => void) => {
    let partial = "";
    return (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      sink(text);
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      lines.forEach((line) => options.onLine?.(line));
    };
  };
  child.stdout.on("data", relay((text) => (stdout += text)));
  child.stderr.on("data", relay((text) => (stderr += text)));

  let aborted = false;
  const stop = () => {
    aborted = true;
    if (group === undefined) return;
    signalGroup(group, "SIGTERM");
    setTimeout(() => signalGroup(group, "SIGKILL"), TERMINATE_GRACE_MS).unref();
  };
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener("abort", stop, { once: true });
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    return { exitCode, stdout, stderr, aborted };
  } finally {
    options.signal?.removeEventListener("abort", stop);
    if (group !== undefined) {
      // Whatever the CLI started and left behind ends with it.
      signalGroup(group, "SIGKILL");
      liveGroups.delete(group);
    }
  }
}
