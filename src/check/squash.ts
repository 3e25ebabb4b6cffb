// Recognises a squash in a pull request: old migration folders removed and one baseline
// added. Whether it is one is then proven by building both histories (equivalence-proof.ts).
import type { MigrationSnapshot } from "./history.js";

export interface SquashCandidate {
  /** The one migration the pull request adds. */
  baseline: string;
  /** The base branch's migrations it removes. */
  replaced: string[];
}

export function squashCandidate(base: MigrationSnapshot, head: MigrationSnapshot): SquashCandidate | undefined {
  const replaced = [...base.migrations.keys()].filter((name) => !head.migrations.has(name));
  const added = [...head.migrations.keys()].filter((name) => !base.migrations.has(name));
  return replaced.length > 0 && added.length === 1 ? { baseline: added[0], replaced: replaced.sort() } : undefined;
}
