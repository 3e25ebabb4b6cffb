// Replays the migration history into a disposable shadow database, so its catalog shows what
// the migrations produce (catalog.ts reads it, catalog-diff.ts compares it with a live one).
import { quoteIdentifier } from "./identifiers.js";
import type pg from "pg";
import { GateError } from "../errors.js";
import type { LocalMigration } from "../prisma/project.js";
import { connect, describeTarget, schemaOf } from "./connection.js";

const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

export interface ReplayOptions {
  /**
   * Replay only these migrations, in this order: the ones the live database has applied, in
   * the order it applied them, so that pending migrations do not show up as drift and an
   * out-of-order history replays the way it happened.
   */
  onlyNames?: readonly string[];
  statementTimeoutMs?: number;
}

export interface ReplayResult {
  /** The shadow database's schema the migrations were applied to. */
  schema: string;
  applied: string[];
  /** Names in onlyNames with no migration in the folder: what they created shows up as drift. */
  notFound: string[];
}


/** Refuses a database that any Prisma project has migrated: resetting it would destroy real data. */
async function assertDisposable(client: pg.Client, shadowUrl: string): Promise<void> {
  const { rows } = await client.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relname = '_prisma_migrations' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  for (const { schema } of rows) {
    const used = await client.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoteIdentifier(schema)}._prisma_migrations) AS found`);
    if (used.rows[0].found) {
      throw new GateError(
        "invalid-input",
        `The shadow database at ${describeTarget(shadowUrl)} has a migration history (${schema}._prisma_migrations holds rows), so it looks like a real database; the action refused to reset it.`,
        [
          "Point the shadow database URL at an empty database used for nothing else (for example one created for this job): the action drops and recreates its schema.",
          "Never use the URL of the database being deployed, or of any other environment, as the shadow database.",
        ],
      );
    }
  }
}

/** The line of the migration file a PostgreSQL error position (1-based, in characters) points at. */
function lineAt(sql: string, position: string | undefined): number | null {
  const offset = Number(position);
  if (!Number.isInteger(offset) || offset < 1) return null;
  return sql.slice(0, offset - 1).split("\n").length;
}

function replayError(migration: LocalMigration, error: unknown, statementTimeoutMs: number): GateError {
  const { code, position, message } = error as { code?: string; position?: string; message?: string };
  const line = lineAt(migration.sql, position);
  const where = line === null ? "" : ` at line ${line} of ${migration.file}`;
  const detail = `${code ? `${code} ` : ""}${message ?? String(error)}`;
  const nextSteps =
    code === "57014"
      ? [`A statement ran longer than ${statementTimeoutMs / 1000} s on an empty database; check the migration for a loop or a sleep.`]
      : [
          "The migrations do not apply cleanly to an empty database, so a new environment cannot be built from them either. A migration that relies on something created by hand (an extension, a role, an object) needs that added to a migration.",
          "Reproduce it locally with `npx prisma migrate reset` against a scratch database.",
        ];
  return new GateError("migration-failed", `Replaying migration "${migration.name}" into the shadow database failed${where}: ${detail}.`, nextSteps);
}

/**
 * Drops and recreates the shadow database's schema (`?schema=` of the URL, else public) and
 * applies each migration.sql in order, each file as one simple-query message, which
 * PostgreSQL runs as one implicit transaction, as Prisma 6 does. The shadow gets no
 * `_prisma_migrations` table, so it can be replayed into again.
 */
export async function replayMigrations(shadowUrl: string, migrations: readonly LocalMigration[], options: ReplayOptions = {}): Promise<ReplayResult> {
  const schema = schemaOf(shadowUrl);
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const selected = options.onlyNames === undefined ? [...migrations] : options.onlyNames.flatMap((name) => byName.get(name) ?? []);
  const notFound = options.onlyNames?.filter((name) => !byName.has(name)) ?? [];

  const client = await connect(shadowUrl);
  try {
    await assertDisposable(client, shadowUrl);
    const quoted = quoteIdentifier(schema);
    await client.query(`DROP SCHEMA IF EXISTS ${quoted} CASCADE; CREATE SCHEMA ${quoted}`);
    await client.query("SELECT set_config('search_path', $1, false), set_config('statement_timeout', $2, false)", [quoted, String(statementTimeoutMs)]);
    const applied: string[] = [];
    for (const migration of selected) {
      // The connection's own read timeout is shorter than a migration may take; the server's
      // statement_timeout is the limit, this only catches a server that stopped answering.
      const query: pg.QueryConfig & { query_timeout: number } = { text: migration.sql, query_timeout: statementTimeoutMs + 5_000 };
      try {
        await client.query(query);
      } catch (error) {
        throw replayError(migration, error, statementTimeoutMs);
      }
      applied.push(migration.name);
    }
    return { schema, applied, notFound };
  } finally {
    await client.end().catch(() => undefined);
  }
}
