// Watches the Prisma CLI's own backends from the side connection while it runs: when one
// waits on a lock, who blocks it, and on which migration; and the history table, so that what
// the CLI applied is known even when the database cannot be read once it stopped.
import { prismaLockRows, quoteIdentifier } from "./identifiers.js";
import type pg from "pg";
import { rowKey, type HistoryRow } from "../prisma/migration-history.js";
import { readHistoryRows } from "./history.js";
import { sessionFromActivity, type ActivityRow } from "./advisory-lock.js";
import { toLockHolder, type LockHolder } from "./lock-holder.js";

export interface BlockedObservation {
  /** "Prisma's advisory lock" or "a lock on a table", from the wait event. */
  waitingFor: string;
  /** The migration being applied at the time, when the history table shows one. */
  migration?: string;
  blocker: LockHolder;
  firstSeenAt: Date;
}

/** One of Prisma's backends waiting for a lock that other sessions hold, as seen in one tick. */
export interface LockWait {
  pid: number;
  /** Waiting for Prisma's own advisory lock (harmless to traffic), not a table's. */
  onAdvisoryLock: boolean;
  /** How long this wait has lasted: pg_locks.waitstart, or since first seen where the server has none. */
  waitedMs: number;
  /**
   * The backend's start and its statement's start, as PostgreSQL prints them (microseconds),
   * so that a cancellation can check in the same statement that it reaches this very wait.
   */
  backendStart: string;
  statementStart: string;
  /** What the backend runs: the migration script (or its first part). Null when not visible. */
  query: string | null;
  /** The sessions it waits for, the longest transaction first. */
  blockers: LockHolder[];
  /** The migration being applied at the time, when the history table shows one. */
  migration?: string;
}

export interface WatchTick {
  /** True when one of the watched backends holds Prisma's advisory lock: it is applying migrations. */
  holdsMigrationLock: boolean;
  waits: LockWait[];
  /** The history table as read in this tick; null when it does not exist yet. */
  rows: HistoryRow[] | null;
}

const BLOCKED_SQL = `
SELECT w.pid AS waiting_pid, w.wait_event_type, w.wait_event,
       w.backend_start::text AS waiting_backend_start, w.state_change::text AS waiting_state_change, w.query AS waiting_query,
       (SELECT extract(epoch FROM clock_timestamp() - min(l.waitstart)) * 1000 FROM pg_locks l WHERE l.pid = w.pid AND NOT l.granted) AS waited_ms,
       b.pid, b.application_name, host(b.client_addr) AS client_addr, b.usename, b.state,
       b.backend_start, b.xact_start, b.state_change, b.query, b.wait_event AS blocker_wait_event, now() AS observed_at
  FROM pg_stat_activity w
  CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)
  JOIN pg_stat_activity b ON b.pid = blocking.pid
 WHERE w.application_name = $1 AND w.datname = current_database()`;

/**
 * Who has Prisma's lock in this database: the watched CLI, waiting or holding, or another
 * session; and whether the watched CLI has a session at all.
 */
const LOCK_STATE_SQL = `
SELECT coalesce(bool_or(l.granted AND a.application_name = $1), false) AS holds,
       coalesce(bool_or(NOT l.granted AND a.application_name = $1), false) AS waits,
       coalesce(bool_or(l.granted AND a.application_name IS DISTINCT FROM $1), false) AS other_holds,
       (SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()) AS connected
  FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
 WHERE ${prismaLockRows("l")} AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

interface LockStateRow {
  holds: boolean;
  waits: boolean;
  other_holds: boolean;
  connected: boolean;
}

interface BlockedRow extends Omit<ActivityRow, "wait_event"> {
  waiting_pid: number;
  wait_event_type: string | null;
  /** The waiting backend's wait event; the blocker's is blocker_wait_event. */
  wait_event: string | null;
  blocker_wait_event: string | null;
  waiting_backend_start: string;
  waiting_state_change: string;
  waiting_query: string | null;
  /** Null on PostgreSQL before 14 (no waitstart) and for the first instants of a wait. */
  waited_ms: number | null;
}

/**
 * Whether a tick proves that the watched CLI had not taken Prisma's lock yet, so that every
 * history row read before it is another session's work. Another session holds the lock, and
 * the CLI waits for it or has not been seen connected (it cannot have taken and released the
 * lock unseen). A CLI that is connected without the lock proves nothing: it may be closing its
 * session after its work. Pure.
 */
export function beforeOwnLock(state: { holds: boolean; waits: boolean; otherHolds: boolean; seenConnectedBefore: boolean }): boolean {
  return state.otherHolds && !state.holds && (state.waits || !state.seenConnectedBefore);
}

export class PrismaBackendWatcher {
  readonly observations: BlockedObservation[] = [];
  /** History rows (rowKey) read while another session held the lock and the watched CLI had not taken it. */
  readonly othersRows = new Set<string>();
  /** The last history the watcher read while the CLI ran; undefined until one read succeeded. */
  lastRows?: readonly HistoryRow[];
  private seenConnected = false;
  /** When each wait (backend and statement) was first seen, for servers that do not record it. */
  private readonly firstSeen = new Map<string, number>();

  constructor(
    /** The side connection as it is now: the gate replaces it when it was lost. */
    private readonly connection: () => pg.Client,
    /** The application_name the action gave the Prisma CLI's connections. */
    private readonly applicationName: string,
    /** The schema of the history table. */
    private readonly schema: string,
  ) {}

  async tick(): Promise<WatchTick> {
    // The history first, then the lock: a lock state that proves the CLI had not taken it yet holds for rows read before.
    const rows = await readHistoryRows(this.connection(), this.schema);
    this.lastRows = rows ?? [];
    const blocked = await this.connection().query<BlockedRow>(BLOCKED_SQL, [this.applicationName]);
    const waits = new Map<string, LockWait>();
    for (const row of blocked.rows) {
      const onAdvisoryLock = row.wait_event === "advisory";
      const blocker = toLockHolder(sessionFromActivity({ ...row, wait_event: row.blocker_wait_event }, true));
      const key = `${row.waiting_pid} ${row.waiting_state_change}`;
      let wait = waits.get(key);
      if (!wait) {
        if (!this.firstSeen.has(key)) this.firstSeen.set(key, Date.now());
        wait = {
          pid: row.waiting_pid,
          onAdvisoryLock,
          waitedMs: row.waited_ms === null ? Date.now() - (this.firstSeen.get(key) ?? Date.now()) : Number(row.waited_ms),
          backendStart: row.waiting_backend_start,
          statementStart: row.waiting_state_change,
          query: row.waiting_query === "<insufficient privilege>" ? null : row.waiting_query,
          blockers: [],
          migration: onAdvisoryLock ? undefined : await this.migrationInProgress(),
        };
        waits.set(key, wait);
      }
      wait.blockers.push(blocker);
      if (this.observations.some((seen) => seen.blocker.pid === row.pid)) continue;
      this.observations.push({
        waitingFor: onAdvisoryLock ? "Prisma's advisory lock" : `a ${row.wait_event ?? "database"} lock`,
        migration: wait.migration,
        blocker,
        firstSeenAt: row.observed_at,
      });
    }
    for (const wait of waits.values()) wait.blockers.sort((a, b) => (b.transactionAgeMs ?? 0) - (a.transactionAgeMs ?? 0));
    const lock = (await this.connection().query<LockStateRow>(LOCK_STATE_SQL, [this.applicationName])).rows[0];
    if (beforeOwnLock({ holds: lock.holds, waits: lock.waits, otherHolds: lock.other_holds, seenConnectedBefore: this.seenConnected })) {
      for (const row of rows ?? []) this.othersRows.add(rowKey(row));
    }
    this.seenConnected ||= lock.connected;
    return { holdsMigrationLock: lock.holds, waits: [...waits.values()], rows };
  }

  private async migrationInProgress(): Promise<string | undefined> {
    try {
      const { rows } = await this.connection().query<{ migration_name: string }>(
        `SELECT migration_name FROM ${quoteIdentifier(this.schema)}._prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL ORDER BY started_at DESC LIMIT 1`,
      );
      return rows[0]?.migration_name;
    } catch {
      return undefined;
    }
  }
}
