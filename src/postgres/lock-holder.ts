// Who holds Prisma's advisory lock, and what kind of session it is. Pure: the adapter
// (advisory-lock.ts) reads the rows, this decides what they mean.
import { formatDuration } from "../duration.js";

export interface LockSession {
  pid: number;
  granted: boolean;
  applicationName: string | null;
  clientAddress: string | null;
  user: string | null;
  /** pg_stat_activity.state; null when the reader may not see other users' sessions. */
  state: string | null;
  backendStart: Date | null;
  transactionStart: Date | null;
  stateChange: Date | null;
  query: string | null;
  waitEvent: string | null;
  /** The server's clock when the row was read, so ages do not depend on the runner's clock. */
  observedAt: Date;
}

export type HolderKind =
  /** Running a statement or inside a transaction: a migration (or something) is working. */
  | "live"
  /** Connected, idle, outside any transaction: a leftover such as a crashed container's session. */
  | "idle-leftover"
  /** The reader lacks the privilege to see the session's state. */
  | "unknown";

export interface LockHolder {
  pid: number;
  kind: HolderKind;
  applicationName: string | null;
  clientAddress: string | null;
  user: string | null;
  state: string | null;
  /** How long it has been in its current state (idle for, or running for). */
  stateAgeMs: number | null;
  connectionAgeMs: number | null;
  transactionAgeMs: number | null;
  /** The last statement, with literals replaced, cut to a readable length. */
  query: string | null;
}

const QUERY_PREVIEW_LENGTH = 200;

function ageMs(since: Date | null, now: Date): number | null {
  return since ? Math.max(0, now.getTime() - since.getTime()) : null;
}

export function classifyHolder(session: LockSession): HolderKind {
  if (session.state === null) return "unknown";
  if (session.transactionStart !== null || session.state !== "idle") return "live";
  return "idle-leftover";
}

/** Replaces string literals, dollar-quoted bodies and long numbers: a query may carry data. */
export function redactQuery(query: string): string {
  const redacted = query
    .replace(/\$((?:[A-Za-z_][A-Za-z0-9_]*)?)\$[\s\S]*?\$\1\$/g, "$$$1$$…$$$1$$")
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/\b\d{9,}\b/g, "…")
    .replace(/\s+/g, " ")
    .trim();
  return redacted.length > QUERY_PREVIEW_LENGTH ? `${redacted.slice(0, QUERY_PREVIEW_LENGTH)}…` : redacted;
}

export function toLockHolder(session: LockSession): LockHolder {
  const now = session.observedAt;
  return {
    pid: session.pid,
    kind: classifyHolder(session),
    applicationName: session.applicationName,
    clientAddress: session.clientAddress,
    user: session.user,
    state: session.state,
    stateAgeMs: ageMs(session.stateChange, now),
    connectionAgeMs: ageMs(session.backendStart, now),
    transactionAgeMs: ageMs(session.transactionStart, now),
    query: session.query === null ? null : redactQuery(session.query),
  };
}

/** Only an idle leftover, idle for longer than the user allowed, may be terminated. */
export function mayTerminate(holder: LockHolder, staleAfterMs: number | undefined): boolean {
  return staleAfterMs !== undefined && holder.kind === "idle-leftover" && holder.stateAgeMs !== null && holder.stateAgeMs >= staleAfterMs;
}

const KIND_TEXT: Record<HolderKind, string> = {
  live: "a live session (running or inside a transaction): probably another migration in progress",
  "idle-leftover": "an idle session outside any transaction: probably a leftover of a crashed or killed process",
  unknown: "a session whose state this database user may not see (grant it pg_read_all_stats to see more)",
};

/** One line for logs: everything a person needs to recognise the session. */
export function describeHolder(holder: LockHolder): string {
  const parts = [
    `pid ${holder.pid}`,
    `application_name '${holder.applicationName ?? ""}'`,
    `client ${holder.clientAddress ?? "local socket"}`,
    holder.user ? `user ${holder.user}` : undefined,
    holder.state ? `state '${holder.state}'${holder.stateAgeMs !== null ? ` for ${formatDuration(holder.stateAgeMs)}` : ""}` : undefined,
    holder.transactionAgeMs !== null ? `in a transaction for ${formatDuration(holder.transactionAgeMs)}` : undefined,
    holder.connectionAgeMs !== null ? `connected ${formatDuration(holder.connectionAgeMs)} ago` : undefined,
  ].filter(Boolean);
  const query = holder.query ? `; last query: ${holder.query}` : "";
  return `${parts.join(", ")}${query}. It is ${KIND_TEXT[holder.kind]}.`;
}
