import type { PreflightCheck } from "../preflight/checks.js";

// What the commands need from the world around them, so that the same orchestrators serve
// the GitHub Action and the command line: a reporter for everything a person reads, the
// folders they work in, and the signal that says the run was cancelled.

/** Where a message points in the repository: GitHub shows it on the line, a terminal prints it. */
export interface SourceLocation {
  /** Relative to the workspace, with forward slashes. */
  readonly file: string;
  readonly line?: number;
  readonly title?: string;
}

/**
 * Everything a command says while it runs. Implementations redact registered secrets from
 * every message themselves, so a caller never has to remember to.
 */
export interface Reporter {
  info(message: string): void;
  /** Something the person should look at; also listed in the summary when it points nowhere. */
  warning(message: string, at?: SourceLocation): void;
  /** A problem found in a file (an annotation), not the run's own failure. */
  error(message: string, at?: SourceLocation): void;
  notice(message: string, at?: SourceLocation): void;
  /** Details for someone debugging the run; hidden unless asked for. */
  debug(message: string): void;
  /** Runs `body` as one collapsible step with a title (a log group, an indented block). */
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
  /** The state of a wait that is still going on; a terminal rewrites one line with it. */
  progress(message: string): void;
  /** A value that must never be printed: masked by the runner and removed from every message. */
  registerSecret(secret: string): void;
}

export interface Ports {
  readonly reporter: Reporter;
  /** An option as this front-end spells it in messages: `database-url`, or `--database-url`. */
  optionName(option: string): string;
  /** The repository root: file paths in messages and annotations are relative to it. */
  readonly workspace: string;
  /** A folder for scratch files (the archive); removed by the command that creates inside it. */
  readonly tempDir: string;
  /**
   * The environment the step sets (the shell's, on the command line): a variable there is the
   * person's, handed on to Prisma as it is (a schema's DIRECT_URL).
   */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Aborted when the run is cancelled (the runner's cancel, Ctrl-C). */
  readonly signal?: AbortSignal;
  /** `deploy` and `upload` record the deploy with it when given. */
  readonly recordDeploy?: DeployRecorder;
  /** `check` compares with this base and publishes there when given. */
  readonly review?: ReviewContext;
}

/** A deploy recorded where people look for it (GitHub Deployments); never fails the deploy. */
export interface DeployRecord {
  finish(outcome: "success" | "failure" | "error", deploymentUrl?: string, description?: string): Promise<void>;
}

/** Records deploys where people look for them; never fails the deploy. */
export interface DeployRecorder {
  /** Read-only, before anything changes: whether a record can be written. One proven impossible is then not attempted. */
  verify(): Promise<PreflightCheck>;
  /** Starts a record of a deploy; undefined when none could be started. */
  start(description: string): Promise<DeployRecord | undefined>;
}

/** What the code review around a `check` offers: the base to compare with, and where to comment. */
export interface ReviewContext {
  /** Git refs to read the base branch's migrations from, best first; empty when there is none. */
  readonly baseRefs: readonly string[];
  /** Where docs/rules.md of the running version is published, when known. */
  readonly rulesUrl?: string;
  /** Publishes the report where the reviewers see it (one pull-request comment). */
  publish?(markdown: string, markerSuffix: string | undefined): Promise<void>;
  /**
   * Read-only, before the check runs: whether the comment can be written. One proven impossible
   * is not attempted. Undefined: nothing to ask (a fork's token, which cannot comment).
   */
  verify?(): Promise<PreflightCheck | undefined>;
}
