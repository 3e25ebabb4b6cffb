// PostgreSQL names and Prisma's lock, spelled in one place.
/** A name as a quoted identifier: safe for any table or schema name, case kept. */
function quoteIdentifier(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
/** The advisory lock `prisma migrate deploy` takes (a constant in Prisma's schema engine). */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;
/** The call as Prisma's messages and pg_stat_activity show it. */
const PRISMA_LOCK_CALL = `pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})`;
/**
 * pg_locks rows of Prisma's lock in the current database: pg_advisory_lock(bigint) stores the
 * key's high half in classid and its low half in objid, with objsubid 1. `alias` is the
 * pg_locks alias of the query.
 */
function prismaLockRows(alias) {
    return `${alias}.locktype = 'advisory' AND ${alias}.classid = 0 AND ${alias}.objid = ${PRISMA_ADVISORY_LOCK_KEY} AND ${alias}.objsubid = 1`;
}

// Commands the action prints for a person to paste into a POSIX shell. Pure.
/** Words that need no quoting: nothing a shell would expand, split or redirect. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
/**
 * One argument, quoted so a shell passes it through unchanged: single quotes, inside which
 * nothing expands (no `$(...)`, backticks or `$VAR`); a single quote itself is closed,
 * escaped and reopened.
 */
function shellQuote(argument) {
    if (PLAIN_WORD.test(argument))
        return argument;
    return `'${argument.replace(/'/g, `'\\''`)}'`;
}
/** A whole command, each argument quoted as needed. */
function shellCommand(...words) {
    return words.map(shellQuote).join(" ");
}

export { PRISMA_LOCK_CALL as P, shellCommand as a, prismaLockRows as p, quoteIdentifier as q, shellQuote as s };
