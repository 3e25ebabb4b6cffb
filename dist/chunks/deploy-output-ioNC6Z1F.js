import { P as PRISMA_LOCK_CALL } from './shell-RHphubvT.js';

// Recognises a database that went away (a server shut down or restarted, a backend
// terminated, a connection cut) as what it is, rather than as an SQL error. Pure.
/**
 * SQLSTATEs of a server going away: 57P01 admin_shutdown (also pg_terminate_backend),
 * 57P02 crash_shutdown, 57P03 cannot_connect_now, and class 08, connection exceptions.
 */
function isLostConnectionSqlState(sqlState) {
    return sqlState !== undefined && (/^57P0[123]$/.test(sqlState) || /^08[0-9A-Z]{3}$/.test(sqlState));
}
/** How PostgreSQL, libpq, node-postgres, Rust's tokio-postgres and Node's sockets word a lost connection. */
const LOST_CONNECTION_TEXT = [
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
function mentionsLostConnection(text, sqlState) {
    if (sqlState?.startsWith("28") || sqlState === "3D000" || REFUSAL.test(text))
        return false;
    return isLostConnectionSqlState(sqlState) || LOST_CONNECTION_TEXT.some((pattern) => pattern.test(text));
}
/** An error thrown by node-postgres that means the connection is gone (not a failed statement). */
function isLostConnectionError(error) {
    if (!(error instanceof Error))
        return false;
    const code = error.code;
    return mentionsLostConnection(error.message, typeof code === "string" ? code : undefined);
}

// Reads what `prisma migrate deploy` printed and decides what it means. Pure: the tests feed
// it the real CLI's texts (Prisma 6 native and JS engines, Prisma 7).
// "Error: P3009", "Error: P1001: Can't reach …", or, for schema validation, "Error code: P1012".
const ERROR_CODE = /^Error(?: code)?:\s*(P\d{4})\b/m;
/**
 * The JS schema engine (driver adapters) prints some connection errors with the native
 * engine's message but without its code.
 */
const CODE_BY_MESSAGE = [
    [/^Error: Can't reach database server at /m, "P1001"],
    [/^Error: Authentication failed against database server/m, "P1000"],
    [/^Error: Database `[^`]+` does not exist/m, "P1003"],
];
/** Migration folder names under "The following migration(s) have been applied:". */
function parseAppliedMigrations(stdout) {
    const marker = stdout.search(/The following migration(?:\(s\)|s)? ha(?:ve|s) been applied:/);
    if (marker < 0)
        return [];
    const names = [];
    for (const line of stdout.slice(marker).split("\n").slice(1)) {
        if (/All migrations have been successfully applied/.test(line))
            break;
        // Prisma prints a tree: "migrations/", "  └─ 20260101000000_init/", "    └─ migration.sql".
        const tree = /[└├]─\s+([^/]+?)\/\s*$/.exec(line);
        if (tree) {
            names.push(tree[1]);
            continue;
        }
        // Older versions print the names one per line.
        const plain = /^\s{0,2}(\d{8,}_[^/]+?|0_[^/]+?)\s*$/.exec(line);
        if (plain)
            names.push(plain[1]);
    }
    return names;
}
function firstMatch(pattern, text) {
    return pattern.exec(text)?.[1]?.trim();
}
/**
 * The parts of the native engine's P3018 text (`ApplyMigrationError`): printed by
 * `migrate deploy`, and also what the engine records as the failed row's logs.
 */
function readApplyMigrationError(text) {
    const position = firstMatch(/position: Some\(Original\((\d+)\)\)/, text);
    return {
        migration: firstMatch(/Migration name:\s*(.+)/, text),
        sqlState: firstMatch(/Database error code:\s*(\w{5})/, text),
        databaseError: firstMatch(/Database error:\s*\n(?:ERROR:\s*|FATAL:\s*)?(.+)/, text),
        position: position === undefined ? undefined : Number(position),
    };
}
/**
 * Whether Prisma printed its final success line: a CLI stopped after that (while it was only
 * closing its connections) had finished its work.
 */
function printedSuccess(stdout) {
    return /^All migrations have been successfully applied\.?\s*$|^No pending migrations to apply\.?\s*$/m.test(stdout);
}
/** Whether Prisma said it had nothing to apply: then this CLI applied nothing, whatever the history shows. */
function printedNothingPending(stdout) {
    return /^No pending migrations to apply\.?\s*$/m.test(stdout);
}
function classifyDeployOutput(exitCode, stdout, stderr) {
    const all = `${stdout}\n${stderr}`;
    if (exitCode === 0)
        return { kind: "success", applied: parseAppliedMigrations(stdout) };
    const code = firstMatch(ERROR_CODE, all) ?? CODE_BY_MESSAGE.find(([pattern]) => pattern.test(all))?.[1];
    if (code === "P1002") {
        if (all.includes(PRISMA_LOCK_CALL))
            return { kind: "lock-timeout", code };
        return { kind: "transient", code, summary: "The database server was reached but timed out (P1002)." };
    }
    if (code === "P1001")
        return { kind: "transient", code, summary: "Prisma could not reach the database server (P1001)." };
    if (code === "P1017")
        return lostConnection(code, all);
    if (code === "P1000") {
        return fatal(code, { reason: "db-auth", headline: "Prisma could not authenticate to the database (P1000): the credentials in database-url were rejected." });
    }
    if (code === "P1003") {
        return fatal(code, { reason: "db-unreachable", headline: "The database named in database-url does not exist (P1003)." });
    }
    if (code === "P3009") {
        return fatal(code, {
            reason: "previous-migration-failed",
            headline: "A previous migration failed in this database; Prisma applies nothing until it is resolved (P3009).",
            migration: firstMatch(/The `([^`]+)` migration started at/, all),
        });
    }
    if (code === "P3018") {
        const parsed = readApplyMigrationError(all);
        if (mentionsLostConnection(parsed.databaseError ?? "", parsed.sqlState))
            return lostConnection(code, all, parsed.migration, parsed.databaseError);
        return fatal(code, { reason: "migration-failed", headline: "A migration failed to apply (P3018).", ...parsed });
    }
    if (code === "P3005") {
        return fatal(code, {
            reason: "baseline-required",
            headline: "The database already has tables but no migration history (P3005): it needs a baseline before Prisma can manage it.",
        });
    }
    if (code === "P3019") {
        return fatal(code, {
            reason: "migration-failed",
            headline: "The provider in prisma/migrations/migration_lock.toml does not match the schema's datasource (P3019).",
        });
    }
    if (code === "P1012") {
        const missing = [...new Set([...all.matchAll(/Environment variable not found: (\w+)/g)].map((match) => match[1]))];
        // The validator's own words ("error: The datasource property `url` is no longer supported …").
        const problem = firstMatch(/^error: (.+)$/m, all);
        return fatal(code, {
            reason: "prisma-unsupported",
            headline: missing.length > 0
                ? `Prisma rejected the schema (P1012): it reads the environment variable${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, which this step does not set.`
                : `Prisma rejected the schema or its configuration (P1012)${problem ? `: ${problem}` : "."}`,
            missingEnvironment: missing.length > 0 ? missing : undefined,
        });
    }
    // The JS schema engine reports a failed migration without a P-code:
    // "Error: external connector error\n<database message>\n ... with migration_name=\"…\"".
    const engineMigration = firstMatch(/migration_name="((?:[^"\\]|\\.)+)"/, all)?.replace(/\\(.)/g, "$1");
    if (engineMigration) {
        const message = firstMatch(/Error:[^\n]*\n(?:Error querying the database:\s*)?(?:ERROR:\s*)?(.+)/, all);
        if (mentionsLostConnection(message ?? ""))
            return lostConnection(undefined, all, engineMigration, message);
        return fatal(undefined, {
            reason: "migration-failed",
            headline: "A migration failed to apply.",
            migration: engineMigration,
            databaseError: message,
            sqlState: message === undefined ? undefined : inferSqlState(message),
        });
    }
    if (mentionsLostConnection(all))
        return lostConnection(code, all);
    return fatal(code, {
        reason: "migration-failed",
        headline: code ? `prisma migrate deploy failed with ${code}.` : `prisma migrate deploy failed with exit code ${exitCode}.`,
    });
}
/** The first line of the output that says how the connection was lost, for the summary. */
function lostConnectionLine(all) {
    return all
        .split("\n")
        .map((line) => line.trim())
        .find((line) => line.length > 0 && !/^Error: P\d{4}$/.test(line) && mentionsLostConnection(line));
}
function lostConnection(code, all, migration, detail) {
    // Without its own full stop: the summary ends the sentence.
    const said = (detail ?? lostConnectionLine(all))?.replace(/\.+$/, "");
    return {
        kind: "connection-lost",
        code,
        migration,
        detail: said,
        summary: `The database connection was lost while Prisma was working${migration ? ` on ${migration}` : ""}${code ? ` (${code})` : ""}${said ? `: ${said}` : ""}.`,
    };
}
function fatal(code, failure) {
    return { kind: "fatal", code, failure };
}
/**
 * PostgreSQL's SQLSTATE for the messages a migration most often fails with. Used when the
 * engine printed the message but not the code (Prisma's JS engine and driver adapters).
 */
const SQLSTATE_BY_MESSAGE = [
    [/^syntax error/i, "42601"],
    [/^relation .* does not exist|^no such table/i, "42P01"],
    [/^column .* does not exist|^no such column|^the column .* does not exist/i, "42703"],
    [/^type .* does not exist/i, "42704"],
    [/^function .* does not exist/i, "42883"],
    [/^schema .* does not exist/i, "3F000"],
    [/^relation .* already exists/i, "42P07"],
    [/^column .* of relation .* already exists/i, "42701"],
    [/^(constraint|type|index) .* already exists/i, "42710"],
    [/violates not-null constraint|^column .* contains null values/i, "23502"],
    [/^could not create unique index|duplicate key value violates unique constraint|^unique constraint failed/i, "23505"],
    [/violates foreign key constraint/i, "23503"],
    [/violates check constraint/i, "23514"],
    [/cannot run inside a transaction block/i, "25001"],
    [/^canceling statement due to lock timeout/i, "55P03"],
    [/^canceling statement due to statement timeout/i, "57014"],
    [/^deadlock detected/i, "40P01"],
    [/^permission denied|^must be owner of/i, "42501"],
    [/^cannot cast type|^column .* cannot be cast/i, "42846"],
    [/^invalid input (syntax|value)/i, "22P02"],
];
function inferSqlState(message) {
    return SQLSTATE_BY_MESSAGE.find(([pattern]) => pattern.test(message.trim()))?.[1];
}

export { printedNothingPending as a, classifyDeployOutput as c, isLostConnectionError as i, printedSuccess as p, readApplyMigrationError as r };
