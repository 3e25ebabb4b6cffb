// Reads who holds or waits for Prisma's advisory lock, and terminates a stale holder.
import type pg from "pg";
import { prismaLockRows } from "./identifiers.js";
import type { LockSession } from "./lock-holder.js";

// The lock is per database.
const LOCK_SESSIONS_SQL = `
SELECT l.pid, l.granted, a.application_name, host(a.client_addr) AS client_addr, a.usename,
       a.state, a.backend_start, a.xact_start, a.state_change, a.query, a.wait_event, now() AS observed_at
  FROM pg_locks l
  LEFT JOIN pg_stat_activity a ON a.pid = l.pid
 WHERE ${prismaLockRows("l")}
   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
   AND l.pid <> pg_backend_pid()
 ORDER BY l.granted DESC, a.backend_start`;

/** A pg_stat_activity row with the columns a LockSession needs. */
export interface ActivityRow {
  pid: number;
  application_name: string | null;
  client_addr: string | null;
  usename: string | null;
  state: string | null;
  backend_start: Date | null;
  xact_start: Date | null;
  state_change: Date | null;
  query: string | null;
  wait_event: string | null;
  observed_at: Date;
}

interface LockRow extends ActivityRow {
  granted: boolean;
}

export function sessionFromActivity(row: ActivityRow, granted: boolean): LockSession {
  return {
    pid: row.pid,
    granted,
    applicationName: row.application_name,
    clientAddress: row.client_addr,
    user: row.usename,
    state: row.state,
    backendStart: row.backend_start,
    transactionStart: row.xact_start,
    stateChange: row.state_change,
    query: row.query === "<insufficient privilege>" ? null : row.query,
    waitEvent: row.wait_event,
    observedAt: row.observed_at,
  };
}

export interface LockSnapshot {
  holder?: LockSession;
  waiters: LockSession[];
}

/** Sessions of the current database that wait for a lock, and the pids they wait for. */
const BLOCKED_SESSIONS_SQL = `
SELECT a.pid, pg_blocking_pids(a.pid) AS blocked_by, a.application_name, host(a.client_addr) AS client_addr, a.usename,
       a.state, a.backend_start, a.xact_start, a.state_change, a.query, a.wait_event, now() AS observed_at
  FROM pg_stat_activity a
 WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND cardinality(pg_blocking_pids(a.pid)) > 0
 ORDER BY a.backend_start`;

export interface BlockedSession {
  session: LockSession;
  /** pg_blocking_pids: the sessions it waits for. */
  blockedBy: number[];
}

/** Who blocks whom on this database right now (any lock, not only Prisma's). */
export async function readBlockedSessions(client: pg.Client): Promise<BlockedSession[]> {
  const { rows } = await client.query<ActivityRow & { blocked_by: number[] }>(BLOCKED_SESSIONS_SQL);
  return rows.map((row) => ({ session: sessionFromActivity(row, false), blockedBy: row.blocked_by }));
}

export async function readLockSnapshot(client: pg.Client): Promise<LockSnapshot> {
  const { rows } = await client.query<LockRow>(LOCK_SESSIONS_SQL);
  const sessions = rows.map((row) => sessionFromActivity(row, row.granted));
  return { holder: sessions.find((session) => session.granted), waiters: sessions.filter((session) => !session.granted) };
}

export type TerminationResult = { terminated: true } | { terminated: false; why: string };

/**
 * Terminates a backend, but only if it is still the same idle session that was judged stale:
 * the state is re-checked in the same statement, so a session that woke up is left alone, and
 * the backend's start time (to the millisecond a JavaScript Date holds) guards against a
 * recycled pid.
 */
export async function terminateIdleBackend(client: pg.Client, pid: number, backendStart: Date): Promise<TerminationResult> {
  try {
    const { rows } = await client.query<{ terminated: boolean | null }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE pid = $1 AND state = 'idle' AND xact_start IS NULL
          AND abs(extract(epoch FROM backend_start - $2::timestamptz)) < 0.001`,
      [pid, backendStart],
    );
    if (rows.length === 0) return { terminated: false, why: "the session was no longer idle (or had gone) when checked again" };
    return rows[0].terminated ? { terminated: true } : { terminated: false, why: "PostgreSQL refused to terminate it" };
  } catch (error) {
    return { terminated: false, why: (error as Error).message };
  }
}

/**
 * Ends the database sessions of a Prisma CLI the action has just killed. A killed client does
 * not stop its backend: it would keep running the statement and hold the advisory lock until
 * the statement ends, blocking the next deploy. Returns the pids terminated.
 */
export async function terminateBackendsNamed(client: pg.Client, applicationName: string): Promise<number[]> {
  // pg_terminate_backend in the select list, over rows already filtered: in a WHERE clause the
  // planner may call it before the other conditions, on any session.
  const { rows } = await client.query<{ pid: number; terminated: boolean }>(
    `SELECT pid, pg_terminate_backend(pid) AS terminated
       FROM (SELECT pid FROM pg_stat_activity
              WHERE application_name = $1 AND datname = current_database() AND pid <> pg_backend_pid() OFFSET 0) AS prisma`,
    [applicationName],
  );
  return rows.filter((row) => row.terminated).map((row) => row.pid);
}
