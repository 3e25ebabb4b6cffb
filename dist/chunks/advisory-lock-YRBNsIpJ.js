import { p as prismaLockRows } from './shell-RHphubvT.js';

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
function sessionFromActivity(row, granted) {
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
/** Sessions of the current database that wait for a lock, and the pids they wait for. */
const BLOCKED_SESSIONS_SQL = `
SELECT a.pid, pg_blocking_pids(a.pid) AS blocked_by, a.application_name, host(a.client_addr) AS client_addr, a.usename,
       a.state, a.backend_start, a.xact_start, a.state_change, a.query, a.wait_event, now() AS observed_at
  FROM pg_stat_activity a
 WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND cardinality(pg_blocking_pids(a.pid)) > 0
 ORDER BY a.backend_start`;
/** Who blocks whom on this database right now (any lock, not only Prisma's). */
async function readBlockedSessions(client) {
    const { rows } = await client.query(BLOCKED_SESSIONS_SQL);
    return rows.map((row) => ({ session: sessionFromActivity(row, false), blockedBy: row.blocked_by }));
}
async function readLockSnapshot(client) {
    const { rows } = await client.query(LOCK_SESSIONS_SQL);
    const sessions = rows.map((row) => sessionFromActivity(row, row.granted));
    return { holder: sessions.find((session) => session.granted), waiters: sessions.filter((session) => !session.granted) };
}
/**
 * Terminates a backend, but only if it is still the same idle session that was judged stale:
 * the state is re-checked in the same statement, so a session that woke up is left alone, and
 * the backend's start time (to the millisecond a JavaScript Date holds) guards against a
 * recycled pid.
 */
async function terminateIdleBackend(client, pid, backendStart) {
    try {
        const { rows } = await client.query(`SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE pid = $1 AND state = 'idle' AND xact_start IS NULL
          AND abs(extract(epoch FROM backend_start - $2::timestamptz)) < 0.001`, [pid, backendStart]);
        if (rows.length === 0)
            return { terminated: false, why: "the session was no longer idle (or had gone) when checked again" };
        return rows[0].terminated ? { terminated: true } : { terminated: false, why: "PostgreSQL refused to terminate it" };
    }
    catch (error) {
        return { terminated: false, why: error.message };
    }
}
/**
 * Ends the database sessions of a Prisma CLI the action has just killed. A killed client does
 * not stop its backend: it would keep running the statement and hold the advisory lock until
 * the statement ends, blocking the next deploy. Returns the pids terminated.
 */
async function terminateBackendsNamed(client, applicationName) {
    // pg_terminate_backend in the select list, over rows already filtered: in a WHERE clause the
    // planner may call it before the other conditions, on any session.
    const { rows } = await client.query(`SELECT pid, pg_terminate_backend(pid) AS terminated
       FROM (SELECT pid FROM pg_stat_activity
              WHERE application_name = $1 AND datname = current_database() AND pid <> pg_backend_pid() OFFSET 0) AS prisma`, [applicationName]);
    return rows.filter((row) => row.terminated).map((row) => row.pid);
}

export { terminateBackendsNamed as a, readBlockedSessions as b, readLockSnapshot as r, sessionFromActivity as s, terminateIdleBackend as t };
