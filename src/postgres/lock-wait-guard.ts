// Cancels a migration's statement that waits for a table lock, and confirms afterwards that
// the cancelled attempt left nothing in the schema. Whether to cancel is decided beforehand
// (prisma/cancel-safety.ts); this is the database side of it.
import type pg from "pg";
import type { LockWait } from "./prisma-watcher.js";

/**
 * pg_cancel_backend, never terminate: the statement fails with SQLSTATE 57014 and the
 * session (and Prisma's advisory lock with it) survives for Prisma to record the failure.
 * The same statement re-checks that the backend is still the one seen, in the same
 * statement, still waiting for a lock that is not Prisma's advisory lock.
 */
const CANCEL_SQL = `
SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity
 WHERE pid = $1 AND backend_start = $2::timestamptz AND state_change = $3::timestamptz
   AND wait_event_type = 'Lock' AND wait_event <> 'advisory'`;

/**
 * Every catalog row of one schema that a migration can create, drop or change, as
 * (object, definition) pairs, read in one statement. The drift check's catalog reader
 * (catalog.ts) cannot serve here: pg_get_expr and pg_get_indexdef take a share lock on the
 * table, which would queue behind the very lock request being guarded. This read takes no
 * lock on any table: expressions are compared as stored node trees, names through the
 * reg* types, which read the system caches. Dropped columns and Prisma's history are left out.
 */
const SCHEMA_ROWS_SQL = `
WITH rel AS (
  SELECT c.oid, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = $1 AND c.relname <> '_prisma_migrations'
)
SELECT 'relation ' || r.relname AS object, concat_ws(' ', r.relkind, c.relpersistence, c.reloptions::text, c.relispartition, c.relrowsecurity) AS definition
  FROM rel r JOIN pg_class c ON c.oid = r.oid
UNION ALL
SELECT 'column ' || r.relname || '.' || a.attname,
       concat_ws(' ', format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated, a.attcollation, d.adbin::text)
  FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'index ' || r.relname,
       concat_ws(' ', x.indrelid::regclass::text, x.indkey::text, x.indclass::text, x.indoption::text, x.indisunique, x.indisprimary, x.indisvalid, x.indexprs::text, x.indpred::text)
  FROM rel r JOIN pg_index x ON x.indexrelid = r.oid
UNION ALL
SELECT 'constraint ' || k.conname || ' on ' || r.relname,
       concat_ws(' ', k.contype, k.condeferrable, k.condeferred, k.convalidated, k.conkey::text, k.confrelid::regclass::text, k.confkey::text, k.confupdtype, k.confdeltype, k.conbin::text)
  FROM rel r JOIN pg_constraint k ON k.conrelid = r.oid
UNION ALL
SELECT 'rule ' || w.rulename || ' on ' || r.relname, w.ev_action::text
  FROM rel r JOIN pg_rewrite w ON w.ev_class = r.oid
UNION ALL
SELECT 'trigger ' || t.tgname || ' on ' || r.relname, concat_ws(' ', t.tgfoid::regprocedure::text, t.tgtype, t.tgenabled)
  FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal
UNION ALL
SELECT 'sequence ' || r.relname, concat_ws(' ', s.seqtypid::regtype::text, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle)
  FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid
UNION ALL
SELECT 'type ' || t.typname,
       concat_ws(' ', t.typtype, (SELECT string_agg(e.enumlabel::text, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'c', 'r', 'm') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
UNION ALL
SELECT 'function ' || p.oid::regprocedure::text, concat_ws(' ', p.prokind, p.prorettype::regtype::text, md5(p.prosrc))
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
UNION ALL
SELECT 'extension ' || e.extname, e.extversion
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = $1`;

/** Sessions of an application running a statement that started before $2. */
const RUNNING_SINCE_SQL = `
SELECT query FROM pg_stat_activity
 WHERE application_name = $1 AND datname = current_database() AND state = 'active' AND query_start < $2::timestamptz`;

/** The schema's objects: object → definition. */
export type SchemaRows = ReadonlyMap<string, string>;

/** What differs between two readings of the schema, one line per object. Pure. */
export function schemaChanges(before: SchemaRows, after: SchemaRows): string[] {
  const changes: string[] = [];
  for (const [object, definition] of after) {
    if (!before.has(object)) changes.push(`${object}: created`);
    else if (before.get(object) !== definition) changes.push(`${object}: changed`);
  }
  for (const object of before.keys()) if (!after.has(object)) changes.push(`${object}: dropped`);
  return changes.sort();
}

export class LockWaitGuard {
  constructor(
    /** The side connection as it is now: the gate replaces it when it was lost. */
    private readonly connection: () => pg.Client,
    private readonly schema: string,
  ) {}

  /**
   * The schema as other sessions see it. While the migration's transaction is open its
   * changes are invisible here, so this read, taken just before cancelling, is the schema
   * before the migration began.
   */
  async readSchema(): Promise<SchemaRows> {
    const { rows } = await this.connection().query<{ object: string; definition: string | null }>(SCHEMA_ROWS_SQL, [this.schema]);
    return new Map(rows.map((row) => [row.object, row.definition ?? ""]));
  }

  /**
   * The schema before a migration whose script runs now in a session of `applicationName`,
   * or undefined when that cannot be shown: read while the script's transaction is provably
   * open (its statement started before the read and still runs after it), so that none of the
   * migration is visible in it.
   */
  async readSchemaBeforeScript(applicationName: string, script: string): Promise<SchemaRows | undefined> {
    const { rows: clock } = await this.connection().query<{ now: string }>("SELECT clock_timestamp()::text AS now");
    const schema = await this.readSchema();
    const { rows } = await this.connection().query<{ query: string | null }>(RUNNING_SINCE_SQL, [applicationName, clock[0].now]);
    // pg_stat_activity keeps the first track_activity_query_size bytes of the statement.
    return rows.some((row) => row.query && script.startsWith(row.query)) ? schema : undefined;
  }

  /** True when PostgreSQL accepted the cancellation of that very wait. */
  async cancel(wait: LockWait): Promise<boolean> {
    const { rows } = await this.connection().query<{ cancelled: boolean }>(CANCEL_SQL, [wait.pid, wait.backendStart, wait.statementStart]);
    return rows[0]?.cancelled === true;
  }

  /** What differs from the reading taken before the cancellation; empty when nothing was left. */
  async leftovers(before: SchemaRows): Promise<string[]> {
    return schemaChanges(before, await this.readSchema());
  }
}
