// PostgreSQL names and Prisma's lock, spelled in one place.

/** A name as a quoted identifier: safe for any table or schema name, case kept. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The advisory lock `prisma migrate deploy` takes (a constant in Prisma's schema engine). */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** The call as Prisma's messages and pg_stat_activity show it. */
export const PRISMA_LOCK_CALL = `pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})`;

/**
 * pg_locks rows of Prisma's lock in the current database: pg_advisory_lock(bigint) stores the
 * key's high half in classid and its low half in objid, with objsubid 1. `alias` is the
 * pg_locks alias of the query.
 */
export function prismaLockRows(alias: string): string {
  return `${alias}.locktype = 'advisory' AND ${alias}.classid = 0 AND ${alias}.objid = ${PRISMA_ADVISORY_LOCK_KEY} AND ${alias}.objsubid = 1`;
}
