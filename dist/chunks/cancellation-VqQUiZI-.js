import { G as GateError } from './errors-DBjELbro.js';

// Cancellation as GitHub's runner does it: SIGINT, then SIGTERM about 7.5 s later, then a
// kill of the process tree about 2.5 s after that. The first signal stops every wait and
// every new step; a Prisma that is applying a migration may finish until the second signal
// (or the grace period), which ends every child at once so outputs and the summary can still
// be written before the kill.
/** How long after the first signal a migration in progress may keep running, if no second signal comes first. */
const CANCEL_GRACE_MS = 7_000;
class CancelledError extends GateError {
    signalName;
    when;
    constructor(signalName, 
    /** How far the run got: "while waiting for the lock", "before the upload". */
    when) {
        super("cancelled", `The run was cancelled (${signalName}) ${when}. Nothing after that point ran.`, [
            "No process of the action is left running: a Prisma CLI still running was ended with its process group.",
            "Re-run the job when ready; migrations already applied are skipped.",
        ]);
        this.signalName = signalName;
        this.when = when;
        this.name = "CancelledError";
    }
}
class Cancellation {
    stopController = new AbortController();
    endController = new AbortController();
    graceTimer;
    /** The first signal received, e.g. SIGINT. */
    signalName;
    /** Aborted by the first signal: stop waiting, start nothing new. */
    get stopSignal() {
        return this.stopController.signal;
    }
    /** Aborted by the second signal or when the grace period ends: end every child now. */
    get endSignal() {
        return this.endController.signal;
    }
    get requested() {
        return this.stopSignal.aborted;
    }
    request(signalName, graceMs = CANCEL_GRACE_MS) {
        if (this.requested) {
            this.endNow();
            return;
        }
        this.signalName = signalName;
        this.stopController.abort(signalName);
        this.graceTimer = setTimeout(() => this.endNow(), graceMs);
        this.graceTimer.unref();
    }
    endNow() {
        clearTimeout(this.graceTimer);
        if (!this.endSignal.aborted)
            this.endController.abort(this.signalName);
    }
    /** Throws CancelledError when a signal came: call it before each step that starts something. */
    throwIfRequested(when) {
        if (this.requested)
            throw this.error(when);
    }
    error(when) {
        return new CancelledError(this.signalName ?? "signal", when);
    }
}
/** The run's cancellation, triggered by the process's signals once `listenForSignals` ran. */
const runCancellation = new Cancellation();
/**
 * Routes SIGINT and SIGTERM to the cancellation instead of Node's default (exit at once,
 * leaving children and no summary). Returns a function that removes the handlers.
 */
function listenForSignals(cancellation = runCancellation, onSignal) {
    const handler = (signalName) => {
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

export { CancelledError as C, listenForSignals as l, runCancellation as r };
