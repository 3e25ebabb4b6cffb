// What `resolve` found out about a failed migration and what it recorded: a typed result the
// front-ends render. Nothing in here is pre-rendered.
import type { LockHolder } from "../postgres/lock-holder.js";
import type { Committed, MigrationEffect, RunState } from "../prisma/failed-migration.js";
import type { ResolveDecision } from "../settings.js";

export interface ResolveReport {
  /** The database, without credentials. */
  target?: string;
  /** The migration looked at: the failed one, or the one the decision names. */
  migration?: string;
  /** True when it has a failed (unfinished) row in `_prisma_migrations`. */
  failed: boolean;
  startedAt?: Date;
  /** The logs Prisma stored with the row, redacted and cut. */
  logs?: string;
  runState?: RunState;
  lockHolder?: LockHolder;
  /** What the way the file reached PostgreSQL can have left behind (one sentence or two). */
  leftBehind?: string;
  committed?: Committed;
  /** Its effects on the schema, each checked against the database; absent when they could not be established. */
  effects?: MigrationEffect[];
  /** Why the effects are unknown (no shadow database, the file does not replay). */
  effectsUnknownBecause?: string;
  decision?: ResolveDecision;
  /** True once `prisma migrate resolve` ran and the history table shows the decision. */
  recorded: boolean;
  /** What `prisma migrate deploy` would apply, before and after the decision. */
  pendingBefore?: string[];
  pendingAfter?: string[];
  /** Where the SQL back to the state before the migration was written (relative to the workspace). */
  downSqlFile?: string;
}

export function newResolveReport(): ResolveReport {
  return { failed: false, recorded: false };
}
