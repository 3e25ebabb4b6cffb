// The migration gate's decisions, pure: whether to try again after a failed attempt or a
// refused connection, and whether Prisma may be stopped when the run must end. The gate
// (commands/migrate.ts) does the I/O around them; these are unit-tested in milliseconds.
import { backoffDelay, type BackoffPolicy } from "../deadline.js";
import type { DeployVerdict } from "../prisma/deploy-output.js";

/** Polling the lock is one cheap query; back off gently so a released lock is noticed quickly. */
export const LOCK_POLL: BackoffPolicy = { initialMs: 250, maxMs: 2_000, factor: 1.6, jitter: 0.3 };
/** Between Prisma attempts and connection tries: exponential with jitter, so concurrent runs do not retry in step. */
export const RETRY: BackoffPolicy = { initialMs: 2_000, maxMs: 30_000, factor: 2, jitter: 0.5 };

/** A verdict after which another attempt may help. */
export type RetryableVerdict = Exclude<DeployVerdict, { kind: "success" | "fatal" }>;

/** Why the gate gives up on a verdict it would otherwise retry. */
export type GiveUp =
  /** The lock stayed held: the holder is named. */
  | "lock-busy"
  /** The connection went away once too often. */
  | "connection-lost"
  /** Attempts used up on a passing error. */
  | "out-of-attempts"
  /** The next attempt would start after the deadline. */
  | "timeout";

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; because: GiveUp };

export interface AttemptFacts {
  readonly verdict: RetryableVerdict;
  /** Attempts made so far, this one included. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly remainingMs: number;
  /** Whether a lock holder was ever seen: a lock timeout then names it when giving up. */
  readonly holderKnown: boolean;
  readonly random?: () => number;
}

/** After a failed attempt: wait and try again, or give up with which failure. */
export function decideAfterAttempt(facts: AttemptFacts): RetryDecision {
  const giveUp = (otherwise: GiveUp): RetryDecision => {
    if (facts.verdict.kind === "connection-lost") return { retry: false, because: "connection-lost" };
    if (facts.verdict.kind === "lock-timeout" && facts.holderKnown) return { retry: false, because: "lock-busy" };
    return { retry: false, because: otherwise };
  };
  if (facts.attempts >= facts.maxAttempts) return giveUp("out-of-attempts");
  const delayMs = backoffDelay(facts.attempts, RETRY, facts.random);
  if (facts.remainingMs <= delayMs) return giveUp("timeout");
  return { retry: true, delayMs };
}

/** After a refused connection: the delay before the next try, or undefined to give up now. */
export function connectionRetryDelay(facts: { retryable: boolean; attempt: number; maxAttempts: number; remainingMs: number; random?: () => number }): number | undefined {
  if (!facts.retryable || facts.attempt >= facts.maxAttempts) return undefined;
  const delay = backoffDelay(facts.attempt, RETRY, facts.random);
  return facts.remainingMs < delay ? undefined : delay;
}

export type StopDecision =
  /** Nothing asks the run to end. */
  | "continue"
  /** Stop Prisma now: it is not applying a migration. */
  | "stop"
  /** Prisma holds the migration lock (it is applying migrations): let it finish. */
  | "let-finish"
  /** What Prisma is doing cannot be seen: stopping it could cut a migration in half. */
  | "let-finish-unseen";

/**
 * While Prisma runs and the run must end (cancelled, or past its deadline): kill it only
 * when it is certainly not in the middle of a migration.
 */
export function decideStopPrisma(facts: { mustEnd: boolean; holdsMigrationLock: boolean | undefined }): StopDecision {
  if (!facts.mustEnd) return "continue";
  if (facts.holdsMigrationLock === undefined) return "let-finish-unseen";
  return facts.holdsMigrationLock ? "let-finish" : "stop";
}
