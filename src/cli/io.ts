// What the command line is given (its streams, environment and folders) and the exit codes it returns.
import type { TerminalStream } from "./reporter.js";

export interface CliIo {
  readonly stdout: TerminalStream;
  readonly stderr: TerminalStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly tempDir: string;
  /** Aborted on Ctrl-C. */
  readonly signal?: AbortSignal;
  readonly version: string;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;
