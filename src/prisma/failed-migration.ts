// What a failed migration left behind, and whether a decision about it is safe. Pure: the
// resolve command reads the catalogs and the history table, this decides what they mean.
import { diffCatalogs, type CatalogDifference, type CatalogObjectKind, type CatalogSnapshot } from "../postgres/catalog-diff.js";
import type { LockHolder } from "../postgres/lock-holder.js";

/** One effect of the migration on the schema, and whether the database shows it. */
export interface MigrationEffect {
  change: "creates" | "drops" | "changes";
  object: CatalogObjectKind;
  name: string;
  parent: string | null;
  /** True when the database is, for this object, as the migration leaves it. */
  inDatabase: boolean;
}

function keyOf(difference: Pick<CatalogDifference, "object" | "name" | "parent">): string {
  return `${difference.object}\u0000${difference.parent ?? ""}\u0000${difference.name}`;
}

const CHANGE_OF_KIND = { extra: "creates", missing: "drops", changed: "changes" } as const;

/**
 * The migration's effects (what the history up to it produces beyond the history before it),
 * each checked against the live database: an effect is in place when the live database and
 * the history up to the migration agree on that object. What a table or enum it creates holds
 * (columns, indexes, constraints, values) is listed on its own where the database lacks it.
 */
export function effectsOfMigration(before: CatalogSnapshot, after: CatalogSnapshot, live: CatalogSnapshot): MigrationEffect[] {
  const outstanding = diffCatalogs(after, live);
  const outstandingKeys = new Set(outstanding.map(keyOf));
  const effects = diffCatalogs(before, after).map((difference): MigrationEffect => ({
    change: CHANGE_OF_KIND[difference.kind],
    object: difference.object,
    name: difference.name,
    parent: difference.parent,
    inDatabase: !outstandingKeys.has(keyOf(difference)),
  }));
  const created = new Set(effects.filter((effect) => effect.change === "creates" && effect.inDatabase && effect.parent === null).map((effect) => effect.name));
  const unfinishedInside = outstanding
    .filter((difference) => difference.parent !== null && created.has(difference.parent) && difference.kind !== "extra")
    .map((difference): MigrationEffect => ({
      change: difference.kind === "missing" ? "creates" : "changes",
      object: difference.object,
      name: difference.name,
      parent: difference.parent,
      inDatabase: false,
    }));
  return [...effects, ...unfinishedInside];
}

export function describeEffect(effect: MigrationEffect): string {
  const owner = effect.parent === null ? "" : ` of "${effect.parent}"`;
  return `${effect.change} ${effect.object} "${effect.name}"${owner}`;
}

/** Whether the migration is still being applied, or failed. */
export type RunState =
  /** Lock 72707369 is held by a live session (running a statement or inside a transaction). */
  | "running"
  /** Nobody holds the lock: the run that applied it is gone. */
  | "failed"
  /** The lock is held by an idle session (a leftover), or one whose state this user may not see. */
  | "lock-held";

export function runStateOf(lockHolder: LockHolder | undefined): RunState {
  if (!lockHolder) return "failed";
  return lockHolder.kind === "live" ? "running" : "lock-held";
}

/** How much of the migration the database holds. */
export type Committed = "nothing" | "part" | "all" | "unknown";

/** `partlyApplied`: whether the way the file reached PostgreSQL can have left part of it (failed-migration-effects.ts). */
export function committedOf(partlyApplied: boolean, effects: readonly MigrationEffect[] | undefined): Committed {
  if (effects !== undefined && effects.length > 0) {
    const present = effects.filter((effect) => effect.inDatabase).length;
    if (present === effects.length) return "all";
    if (present > 0) return "part";
    return "nothing";
  }
  return partlyApplied ? "unknown" : "nothing";
}

/** SQL that takes `live` back to `before`: drops first, innermost objects first; then what must be recreated. */
export function downSqlFromCatalogs(before: CatalogSnapshot, live: CatalogSnapshot): string[] {
  const differences = diffCatalogs(live, before);
  const drops = differences.filter((difference) => difference.kind === "missing").reverse();
  const rest = differences.filter((difference) => difference.kind !== "missing");
  return [...drops, ...rest].map((difference) => difference.sql ?? `-- No SQL can be derived for: ${difference.description}. Write it by hand.`);
}
