// What `squash` generated, proved and changed: a typed result the front-ends render.
import type { SchemaDifference } from "../postgres/equivalence.js";

export interface SquashDatabase {
  /** Without credentials. */
  target: string;
  /** Recorded: the baseline was marked applied and the history table shows it. */
  outcome: "recorded" | "would record" | "refused" | "not reached";
  /** Why it was refused: pending or failed migrations. */
  why?: string;
}

export interface SquashReport {
  /** The old migrations the baseline replaces, in apply order. */
  replaced: string[];
  baseline?: string;
  /** Relative to the workspace. */
  baselineFile?: string;
  appended?: string;
  /** Where the old folders went (relative to the workspace), once moved. */
  movedTo?: string;
  /** How the old folders were moved: `git mv`, or a plain rename outside a git work tree. */
  movedWith?: "git mv" | "rename";
  proof?: { equivalent: boolean; differences: SchemaDifference[]; historyMs: number; baselineMs: number };
  databases: SquashDatabase[];
  dryRun: boolean;
}

export function newSquashReport(dryRun: boolean): SquashReport {
  return { replaced: [], databases: [], dryRun };
}
