// What one run of `prisma migrate deploy` applied, as the gate reports it: never another
// run's work, and said to be possibly incomplete when the database could not be read at the
// end. Pure: the gate gathers the facts (prisma-watcher.ts reads while Prisma runs).
import { appliedSince, type HistoryRow } from "../prisma/migration-history.js";

export interface AttemptFacts {
  /**
   * What Prisma printed: the names under "The following migration(s) have been applied",
   * "nothing-pending" for "No pending migrations to apply.", undefined when it printed
   * neither (it failed, or was stopped).
   */
  readonly printed: readonly string[] | "nothing-pending" | undefined;
  /** Migrations the history showed as finished before the attempt. */
  readonly finishedBefore: ReadonlySet<string>;
  /** History rows (rowKey) seen while another session held Prisma's lock and this attempt's CLI had not taken it. */
  readonly othersRows: ReadonlySet<string>;
  /** The history read after the attempt; undefined when the database could not be read. */
  readonly after: readonly HistoryRow[] | undefined;
  /** The last history read while Prisma ran; undefined when no read succeeded. */
  readonly seenWhileRunning: readonly HistoryRow[] | undefined;
}

export interface AppliedByAttempt {
  applied: string[];
  /**
   * False when the list comes from what was read while Prisma ran, because the history could
   * not be read afterwards: a migration that finished after the last read is missing.
   */
  complete: boolean;
}

export function appliedByAttempt(facts: AttemptFacts): AppliedByAttempt {
  // Prisma's own words are about this CLI alone: a concurrent run's work is never in them.
  if (facts.printed === "nothing-pending") return { applied: [], complete: true };
  if (facts.printed !== undefined && facts.printed.length > 0) {
    if (facts.after === undefined) return { applied: [...facts.printed], complete: true };
    const finished = appliedSince(facts.after, facts.finishedBefore);
    return { applied: facts.printed.filter((name) => finished.includes(name)), complete: true };
  }
  const rows = facts.after ?? facts.seenWhileRunning;
  return { applied: appliedSince(rows ?? [], facts.finishedBefore, facts.othersRows), complete: facts.after !== undefined };
}
