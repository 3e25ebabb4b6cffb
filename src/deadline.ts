// Bounded time: every wait in the action goes through a Deadline, so that it ends and can
// say what it was waiting for.
import { setTimeout as sleep } from "node:timers/promises";
import { runCancellation, type Cancellation } from "./cancellation.js";
import { formatDuration } from "./duration.js";

export class Deadline {
  private readonly endsAt: number;

  constructor(
    readonly budgetMs: number,
    /** What the whole wait is for, used in messages: "the migration run", "the deployment". */
    readonly purpose: string,
    private readonly now: () => number = Date.now,
    /** A cancelled run stops every wait at once. */
    readonly cancellation: Cancellation = runCancellation,
  ) {
    this.endsAt = now() + budgetMs;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.now());
  }

  expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** A deadline that ends at the earlier of this one and `budgetMs` from now. */
  sub(budgetMs: number, purpose: string): Deadline {
    return new Deadline(Math.min(budgetMs, this.remainingMs()), purpose, this.now, this.cancellation);
  }

  describe(): string {
    return `${formatDuration(this.budgetMs)} for ${this.purpose}`;
  }

  /**
   * Sleeps at most until the deadline; resolves false when the deadline cut the sleep short.
   * Throws CancelledError as soon as the run is cancelled: no wait outlives a cancellation.
   */
  async sleep(ms: number, waitingFor: string = this.purpose): Promise<boolean> {
    this.cancellation.throwIfRequested(`while waiting for ${waitingFor}`);
    const wanted = Math.max(0, ms);
    const allowed = Math.min(wanted, this.remainingMs());
    await sleep(allowed, undefined, { signal: this.cancellation.stopSignal }).catch(() => undefined);
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
export function abortAfter(ms: number, ...also: readonly AbortSignal[]): AbortSignal {
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(new DOMException(`no answer within ${formatDuration(ms)}`, "TimeoutError")), ms);
  // Like AbortSignal.timeout: the limit alone never keeps the process alive.
  timer.unref();
  return also.length === 0 ? limit.signal : AbortSignal.any([limit.signal, ...also]);
}

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** 0..1: the share of each delay that is randomised, so concurrent runs spread out. */
  readonly jitter: number;
}

/** Delay before retry number `retry` (1-based): exponential, capped, with jitter. */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, retry - 1));
  const spread = exponential * policy.jitter;
  return Math.round(exponential - spread + random() * spread);
}
