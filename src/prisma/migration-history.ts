// Compares the migrations folder with the `_prisma_migrations` table. Pure.
import { checksumsOf, type LocalMigration } from "./project.js";

export interface HistoryRow {
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

export interface HistoryState {
  /** Local migrations with no finished, non-rolled-back row, in apply order. */
  pending: string[];
  /** Rows neither finished nor rolled back: failed, or being applied right now. */
  unfinished: HistoryRow[];
  applied: string[];
  /** Applied migrations whose local file no longer matches the stored checksum. */
  edited: string[];
  /**
   * Applied in the database, absent from the folder, and recorded after the newest migration
   * the folder has: a newer build migrated the database.
   */
  missingLocally: string[];
  /**
   * Applied in the database, absent from the folder, recorded before a migration the folder
   * has: the folder replaced them, as a squash does (its baseline is recorded after them).
   */
  superseded: string[];
}

export function compareHistory(local: readonly LocalMigration[], rows: readonly HistoryRow[]): HistoryState {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const finished = new Map(live.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]));
  const localNames = new Set(local.map((migration) => migration.name));
  return {
    pending: local.filter((migration) => !finished.has(migration.name)).map((migration) => migration.name),
    unfinished: live.filter((row) => row.finished_at === null),
    applied: [...finished.keys()],
    edited: local
      .filter((migration) => {
        const row = finished.get(migration.name);
        return row !== undefined && !checksumsOf(migration.sql).includes(row.checksum);
      })
      .map((migration) => migration.name),
    ...absentFromFolder([...finished.values()], localNames),
  };
}

/** Names of the migrations the history records as applied (finished, not rolled back). */
export function finishedNames(rows: readonly HistoryRow[]): Set<string> {
  return new Set(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
}

/** One row of the history: a migration applied again after a rollback has a row of its own. */
export function rowKey(row: Pick<HistoryRow, "migration_name" | "started_at">): string {
  return `${row.migration_name}\u0000${row.started_at.toISOString()}`;
}

/**
 * Migrations applied since `before` was read, in the order they finished, leaving out the rows
 * in `othersRows` (rowKey): rows known to be another session's.
 */
export function appliedSince(rows: readonly HistoryRow[], before: ReadonlySet<string>, othersRows: ReadonlySet<string> = new Set()): string[] {
  return rows
    .filter((row) => row.finished_at !== null && row.rolled_back_at === null && !before.has(row.migration_name))
    .filter((row) => !othersRows.has(rowKey(row)))
    .sort((a, b) => (a.finished_at as Date).getTime() - (b.finished_at as Date).getTime() || a.started_at.getTime() - b.started_at.getTime())
    .map((row) => row.migration_name)
    .filter((name, index, names) => names.indexOf(name) === index);
}

function absentFromFolder(finished: readonly HistoryRow[], localNames: ReadonlySet<string>): Pick<HistoryState, "missingLocally" | "superseded"> {
  const newestLocal = Math.max(...finished.filter((row) => localNames.has(row.migration_name)).map((row) => row.started_at.getTime()));
  const absent = finished.filter((row) => !localNames.has(row.migration_name));
  return {
    missingLocally: absent.filter((row) => !(row.started_at.getTime() < newestLocal)).map((row) => row.migration_name),
    superseded: absent.filter((row) => row.started_at.getTime() < newestLocal).map((row) => row.migration_name),
  };
}
