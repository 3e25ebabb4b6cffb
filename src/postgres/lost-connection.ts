// Recognises a database that went away (a server shut down or restarted, a backend
// terminated, a connection cut) as what it is, rather than as an SQL error. Pure.

/**
 * SQLSTATEs of a server going away: 57P01 admin_shutdown (also pg_terminate_backend),
 * 57P02 crash_shutdown, 57P03 cannot_connect_now, and class 08, connection exceptions.
 */
export function isLostConnectionSqlState(sqlState: string | undefined): boolean {
  return sqlState !== undefined && (/^57P0[123]$/.test(sqlState) || /^08[0-9A-Z]{3}$/.test(sqlState));
}

/** How PostgreSQL, libpq, node-postgres, Rust's tokio-postgres and Node's sockets word a lost connection. */
const LOST_CONNECTION_TEXT: readonly RegExp[] = [
  /\bFATAL:/,
  /terminating connection due to/i,
  /the database system is (?:shutting down|starting up|in recovery mode|not yet accepting connections)/i,
  /server closed the connection unexpectedly/i,
  /Server has closed the connection/i,
  /Connection terminated(?: unexpectedly| due to connection timeout)?/i,
  /connection (?:was )?(?:reset|closed|refused)/i,
  /\bECONNRESET\b|\bEPIPE\b|\bECONNREFUSED\b|\bETIMEDOUT\b/,
  /unexpected EOF/i,
  /kind: Closed\b/,
  /Client has encountered a connection error and is not queryable/i,
];

/** Refusals that also arrive as FATAL but are not a lost connection: wrong credentials, no such database. */
const REFUSAL = /password authentication failed|authentication failed|no pg_hba\.conf entry|database "[^"]*" does not exist|role "[^"]*" does not exist/i;

export function mentionsLostConnection(text: string, sqlState?: string): boolean {
  if (sqlState?.startsWith("28") || sqlState === "3D000" || REFUSAL.test(text)) return false;
  return isLostConnectionSqlState(sqlState) || LOST_CONNECTION_TEXT.some((pattern) => pattern.test(text));
}

/** An error thrown by node-postgres that means the connection is gone (not a failed statement). */
export function isLostConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return mentionsLostConnection(error.message, typeof code === "string" ? code : undefined);
}
