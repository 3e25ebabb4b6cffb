// A fresh database per test on the run's PostgreSQL server, and sessions that play the
// other actors of a deploy (a stale lock holder, a concurrent migration).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { waitFor } from "./processes.js";

export function adminUrl(): string {
  const url = process.env.TEST_ADMIN_URL;
  if (!url) throw new Error("TEST_ADMIN_URL is not set: the Jest global setup did not run");
  return url;
}

export function databaseUrl(database: string, server = adminUrl()): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

export function passwordOf(url: string): string {
  return decodeURIComponent(new URL(url).password);
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the run's server, or the one whose superuser URL is given, and returns its URL. */
export async function createDatabase(prefix = "t", server = adminUrl()): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  await withClient(server, (client) => client.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(name, server);
}

export const PRISMA_LOCK_KEY = 72707369;

/** A session that takes Prisma's advisory lock and then sits idle, like a crashed container's. */
export async function holdPrismaLock(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  await client.query(`SELECT pg_advisory_lock(${PRISMA_LOCK_KEY})`);
  return client;
}

export async function migrationRows(url: string): Promise<Array<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>> {
  return await withClient(url, async (client) => {
    const exists = await client.query(`SELECT to_regclass('_prisma_migrations') AS t`);
    if (!exists.rows[0].t) return [];
    const result = await client.query(
      `SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at, migration_name`,
    );
    return result.rows;
  });
}

/** The application_name of the sessions the gate's Prisma opens, as a LIKE pattern (the action tags them). */
export const GATE_PRISMA_SESSIONS = "%prisma-gated-deploy:migrate:%";

/** Until a session named like `applicationName` runs a statement matching `query`; its application_name. */
export async function runningQuery(url: string, applicationName: string, query: string): Promise<string> {
  return await waitFor(`a session named like ${applicationName} to run ${query}`, () =>
    withClient(url, async (client) => {
      const { rows } = await client.query<{ application_name: string }>(
        `SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE $1 AND state = 'active' AND query LIKE $2`,
        [applicationName, `%${query}%`],
      );
      return rows[0]?.application_name;
    }),
  );
}
