// The migration gate's decisions, pure: whether to try again after a failed attempt or a
// refused connection, whether Prisma may be stopped when the run must end, and whether a
// migration cut off by a lost connection provably left nothing. The gate
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

/** What the gate knows about a migration whose session went away while it was being applied. */
export interface InterruptedMigrationFacts {
  /** Its history row is still neither finished nor rolled back. */
  readonly unfinished: boolean;
  /** Who holds Prisma's lock now, described; undefined when nobody does. */
  readonly lockHolder: string | undefined;
  /**
   * Whether the way the file reached PostgreSQL can have committed part of it
   * (failed-migration-effects.ts): a driver adapter's statement-by-statement delivery, a
   * COMMIT in the file, a lone CREATE INDEX CONCURRENTLY.
   */
  readonly partlyApplied: boolean;
  /** The explanation that goes with partlyApplied. */
  readonly delivery: string;
  /**
   * What differs from the schema read while its transaction was open; undefined when no such
   * reading was taken (the migration was too quick to be seen, or the database is unreadable).
   */
  readonly schemaChanges: readonly string[] | undefined;
}

export type RollbackProof = { proven: true } | { proven: false; because: string };

/**
 * Whether the migration provably left nothing, so that marking it rolled back and applying it
 * again is safe: PostgreSQL rolled back the open transaction of the session it ended, the file
 * ran as that one transaction, nobody is applying it now, and the schema is as it was before it.
 */
export function proveRolledBack(facts: InterruptedMigrationFacts): RollbackProof {
  if (!facts.unfinished) return { proven: false, because: "its history row is no longer unfinished" };
  if (facts.lockHolder) return { proven: false, because: `Prisma's lock is held by ${facts.lockHolder}, so it may still be being applied` };
  if (facts.partlyApplied) return { proven: false, because: facts.delivery };
  if (facts.schemaChanges === undefined) {
    return { proven: false, because: "the action did not get to read the schema while the migration's transaction was open, so it cannot compare" };
  }
  if (facts.schemaChanges.length > 0) {
    return { proven: false, because: `the schema is not as it was before the migration began: ${facts.schemaChanges.slice(0, 5).join("; ")}${facts.schemaChanges.length > 5 ? "; …" : ""}` };
  }
  return { proven: true };
}
