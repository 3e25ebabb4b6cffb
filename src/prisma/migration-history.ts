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
  /** Applied in the database, absent from the folder. */
  missingLocally: string[];
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
    missingLocally: [...finished.keys()].filter((name) => !localNames.has(name)),
  };
}
