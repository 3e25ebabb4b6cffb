import { f as formatDuration } from './duration-nHHrcb7T.js';

// Who holds Prisma's advisory lock, and what kind of session it is. Pure: the adapter
// (advisory-lock.ts) reads the rows, this decides what they mean.
const QUERY_PREVIEW_LENGTH = 200;
function ageMs(since, now) {
    return since ? Math.max(0, now.getTime() - since.getTime()) : null;
}
function classifyHolder(session) {
    if (session.state === null)
        return "unknown";
    if (session.transactionStart !== null || session.state !== "idle")
        return "live";
    return "idle-leftover";
}
/** Replaces string literals, dollar-quoted bodies and long numbers: a query may carry data. */
function redactQuery(query) {
    const redacted = query
        .replace(/\$((?:[A-Za-z_][A-Za-z0-9_]*)?)\$[\s\S]*?\$\1\$/g, "$$$1$$…$$$1$$")
        .replace(/'(?:[^']|'')*'/g, "'…'")
        .replace(/\b\d{9,}\b/g, "…")
        .replace(/\s+/g, " ")
        .trim();
    return redacted.length > QUERY_PREVIEW_LENGTH ? `${redacted.slice(0, QUERY_PREVIEW_LENGTH)}…` : redacted;
}
function toLockHolder(session) {
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
function mayTerminate(holder, staleAfterMs) {
    return staleAfterMs !== undefined && holder.kind === "idle-leftover" && holder.stateAgeMs !== null && holder.stateAgeMs >= staleAfterMs;
}
const KIND_TEXT = {
    live: "a live session (running or inside a transaction): probably another migration in progress",
    "idle-leftover": "an idle session outside any transaction: probably a leftover of a crashed or killed process",
    unknown: "a session whose state this database user may not see (grant it pg_read_all_stats to see more)",
};
/** One line for logs: everything a person needs to recognise the session. */
function describeHolder(holder) {
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

export { describeHolder as d, mayTerminate as m, toLockHolder as t };
