// Watches the Prisma CLI's own backends from the side connection while it runs: when one
// waits on a lock, who blocks it, and on which migration.
import { prismaLockRows } from "./identifiers.js";
import type pg from "pg";
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

export interface WatchTick {
  /** True when one of the watched backends holds Prisma's advisory lock: it is applying migrations. */
  holdsMigrationLock: boolean;
}

const BLOCKED_SQL = `
SELECT w.pid AS waiting_pid, w.wait_event_type, w.wait_event,
       b.pid, b.application_name, host(b.client_addr) AS client_addr, b.usename, b.state,
       b.backend_start, b.xact_start, b.state_change, b.query, b.wait_event AS blocker_wait_event, now() AS observed_at
  FROM pg_stat_activity w
  CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)
  JOIN pg_stat_activity b ON b.pid = blocking.pid
 WHERE w.application_name = $1 AND w.datname = current_database()`;

const HOLDS_LOCK_SQL = `
SELECT EXISTS (
  SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
   WHERE ${prismaLockRows("l")} AND l.granted
     AND a.application_name = $1 AND a.datname = current_database()) AS holds`;

interface BlockedRow extends Omit<ActivityRow, "wait_event"> {
  waiting_pid: number;
  wait_event_type: string | null;
  /** The waiting backend's wait event; the blocker's is blocker_wait_event. */
  wait_event: string | null;
  blocker_wait_event: string | null;
}

export class PrismaBackendWatcher {
  readonly observations: BlockedObservation[] = [];
  /**
   * The database's clock when the watched CLI was last seen waiting for Prisma's advisory
   * lock: whatever started before then was another session's work, not this CLI's.
   */
  lastWaitedForLockAt?: Date;

  constructor(
    /** The side connection as it is now: the gate replaces it when it was lost. */
    private readonly connection: () => pg.Client,
    /** The application_name the action gave the Prisma CLI's connections. */
    private readonly applicationName: string,
    private readonly historyTable: string,
  ) {}

  async tick(): Promise<WatchTick> {
    const blocked = await this.connection().query<BlockedRow>(BLOCKED_SQL, [this.applicationName]);
    for (const row of blocked.rows) {
      if (row.wait_event === "advisory") this.lastWaitedForLockAt = row.observed_at;
      if (this.observations.some((seen) => seen.blocker.pid === row.pid)) continue;
      const session = sessionFromActivity({ ...row, wait_event: row.blocker_wait_event }, true);
      this.observations.push({
        waitingFor: row.wait_event === "advisory" ? "Prisma's advisory lock" : `a ${row.wait_event ?? "database"} lock`,
        migration: row.wait_event === "advisory" ? undefined : await this.migrationInProgress(),
        blocker: toLockHolder(session),
        firstSeenAt: row.observed_at,
      });
    }
    const holds = await this.connection().query<{ holds: boolean }>(HOLDS_LOCK_SQL, [this.applicationName]);
    return { holdsMigrationLock: holds.rows[0].holds };
  }

  private async migrationInProgress(): Promise<string | undefined> {
    try {
      const { rows } = await this.connection().query<{ migration_name: string }>(
        `SELECT migration_name FROM ${this.historyTable} WHERE finished_at IS NULL AND rolled_back_at IS NULL ORDER BY started_at DESC LIMIT 1`,
      );
      return rows[0]?.migration_name;
    } catch {
      return undefined;
    }
  }
}
