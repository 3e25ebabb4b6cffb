import { setTimeout as setTimeout$1 } from 'node:timers/promises';
import { r as runCancellation } from './cancellation-VqQUiZI-.js';
import { f as formatDuration } from './duration-nHHrcb7T.js';

// Bounded time: every wait in the action goes through a Deadline, so that it ends and can
// say what it was waiting for.
class Deadline {
    budgetMs;
    purpose;
    now;
    cancellation;
    endsAt;
    constructor(budgetMs, 
    /** What the whole wait is for, used in messages: "the migration run", "the deployment". */
    purpose, now = Date.now, 
    /** A cancelled run stops every wait at once. */
    cancellation = runCancellation) {
        this.budgetMs = budgetMs;
        this.purpose = purpose;
        this.now = now;
        this.cancellation = cancellation;
        this.endsAt = now() + budgetMs;
    }
    remainingMs() {
        return Math.max(0, this.endsAt - this.now());
    }
    expired() {
        return this.remainingMs() === 0;
    }
    /** A deadline that ends at the earlier of this one and `budgetMs` from now. */
    sub(budgetMs, purpose) {
        return new Deadline(Math.min(budgetMs, this.remainingMs()), purpose, this.now, this.cancellation);
    }
    describe() {
        return `${formatDuration(this.budgetMs)} for ${this.purpose}`;
    }
    /**
     * Sleeps at most until the deadline; resolves false when the deadline cut the sleep short.
     * Throws CancelledError as soon as the run is cancelled: no wait outlives a cancellation.
     */
    async sleep(ms, waitingFor = this.purpose) {
        this.cancellation.throwIfRequested(`while waiting for ${waitingFor}`);
        const wanted = Math.max(0, ms);
        const allowed = Math.min(wanted, this.remainingMs());
        await setTimeout$1(allowed, undefined, { signal: this.cancellation.stopSignal }).catch(() => undefined);
        this.cancellation.throwIfRequested(`while waiting for ${waitingFor}`);
        return allowed === wanted;
    }
}
/**
 * Aborted (with a TimeoutError) `ms` from now, or as soon as one of `also` aborts. Not
 * `AbortSignal.any([AbortSignal.timeout(ms), …])`: `any` holds its sources weakly, and Node 20
 * collects a timeout signal nothing else holds, so that limit can silently never fire and a
 * stalled request waits forever. Here the timer holds the limit until it fires.
 */
function abortAfter(ms, ...also) {
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(new DOMException(`no answer within ${formatDuration(ms)}`, "TimeoutError")), ms);
    // Like AbortSignal.timeout: the limit alone never keeps the process alive.
    timer.unref();
    return also.length === 0 ? limit.signal : AbortSignal.any([limit.signal, ...also]);
}
/** Delay before retry number `retry` (1-based): exponential, capped, with jitter. */
function backoffDelay(retry, policy, random = Math.random) {
    const exponential = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, retry - 1));
    const spread = exponential * policy.jitter;
    return Math.round(exponential - spread + random() * spread);
}

export { Deadline as D, abortAfter as a, backoffDelay as b };
