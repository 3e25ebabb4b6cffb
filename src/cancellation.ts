// Cancellation as GitHub's runner does it: SIGINT, then SIGTERM about 7.5 s later, then a
// kill of the process tree about 2.5 s after that. The first signal stops every wait and
// every new step; a Prisma that is applying a migration may finish until the second signal
// (or the grace period), which ends every child at once so outputs and the summary can still
// be written before the kill.
import { GateError } from "./errors.js";

/** How long after the first signal a migration in progress may keep running, if no second signal comes first. */
export const CANCEL_GRACE_MS = 7_000;

export class CancelledError extends GateError {
  constructor(
    readonly signalName: string,
    /** How far the run got: "while waiting for the lock", "before the upload". */
    readonly when: string,
  ) {
    super("cancelled", `The run was cancelled (${signalName}) ${when}. Nothing after that point ran.`, [
      "No process of the action is left running: a Prisma CLI still running was ended with its process group.",
      "Re-run the job when ready; migrations already applied are skipped.",
    ]);
    this.name = "CancelledError";
  }
}

export class Cancellation {
  private readonly stopController = new AbortController();
  private readonly endController = new AbortController();
  private graceTimer?: NodeJS.Timeout;
  /** The first signal received, e.g. SIGINT. */
  signalName?: string;

  /** Aborted by the first signal: stop waiting, start nothing new. */
  get stopSignal(): AbortSignal {
    return this.stopController.signal;
  }

  /** Aborted by the second signal or when the grace period ends: end every child now. */
  get endSignal(): AbortSignal {
    return this.endController.signal;
  }

  get requested(): boolean {
    return this.stopSignal.aborted;
  }

  request(signalName: string, graceMs = CANCEL_GRACE_MS): void {
    if (this.requested) {
      this.endNow();
      return;
    }
    this.signalName = signalName;
    this.stopController.abort(signalName);
    this.graceTimer = setTimeout(() => this.endNow(), graceMs);
    this.graceTimer.unref();
  }

  private endNow(): void {
    clearTimeout(this.graceTimer);
    if (!this.endSignal.aborted) this.endController.abort(this.signalName);
  }

  /** Throws CancelledError when a signal came: call it before each step that starts something. */
  throwIfRequested(when: string): void {
    if (this.requested) throw this.error(when);
  }

  error(when: string): CancelledError {
    return new CancelledError(this.signalName ?? "signal", when);
  }
}

/** The run's cancellation, triggered by the process's signals once `listenForSignals` ran. */
export const runCancellation = new Cancellation();

/**
 * Routes SIGINT and SIGTERM to the cancellation instead of Node's default (exit at once,
 * leaving children and no summary). Returns a function that removes the handlers.
 */
export function listenForSignals(cancellation: Cancellation = runCancellation, onSignal?: (signalName: string) => void): () => void {
  const handler = (signalName: NodeJS.Signals) => {
    onSignal?.(signalName);
    cancellation.request(signalName);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
