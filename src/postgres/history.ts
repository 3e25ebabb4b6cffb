// Reads Prisma's `_prisma_migrations` table without taking any lock.
import type pg from "pg";
import type { HistoryRow } from "../prisma/migration-history.js";

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

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
