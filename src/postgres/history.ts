// Reads Prisma's `_prisma_migrations` table without taking any lock.
import { quoteIdentifier } from "./identifiers.js";
import type pg from "pg";
import { compareHistory, type HistoryRow, type HistoryState } from "../prisma/migration-history.js";
import type { LocalMigration } from "../prisma/project.js";
import { redact } from "../redact.js";

/** Enough of the logs Prisma stored for a migration to see the error, not a whole dump. */
const LOG_EXCERPT_LENGTH = 2_000;

/** The rows, oldest first; null when the table does not exist (a database Prisma never migrated). */
export async function readHistoryRows(client: pg.Client, schema: string): Promise<HistoryRow[] | null> {
  const table = `${quoteIdentifier(schema)}._prisma_migrations`;
  const exists = await client.query<{ found: string | null }>(`SELECT to_regclass($1) AS found`, [table]);
  if (!exists.rows[0].found) return null;
  const { rows } = await client.query<HistoryRow>(
    `SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs FROM ${table} ORDER BY started_at, migration_name`,
  );
  return rows;
}

/** Tables in the schema other than Prisma's own: a non-empty database without history needs a baseline. */
export async function countUserTables(client: pg.Client, schema: string): Promise<number> {
  const { rows } = await client.query<{ count: string }>(
    `SELECT count(*) AS count FROM pg_tables WHERE schemaname = $1 AND tablename <> '_prisma_migrations'`,
    [schema],
  );
  return Number(rows[0].count);
}

export interface MigrationState {
  /** null when the database has no history table. */
  rows: HistoryRow[] | null;
  state: HistoryState;
}

/** The one reading of a database's migration state: its history compared with the folder. */
export async function readMigrationState(client: pg.Client, schema: string, local: readonly LocalMigration[]): Promise<MigrationState> {
  const rows = await readHistoryRows(client, schema);
  return { rows, state: compareHistory(local, rows ?? []) };
}

/** The logs Prisma stored for a migration, secrets removed and cut to the same length everywhere. */
export function logExcerpt(logs: string | null | undefined): string | undefined {
  return logs ? redact(logs).slice(0, LOG_EXCERPT_LENGTH) : undefined;
}
