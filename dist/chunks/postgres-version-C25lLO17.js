// The PostgreSQL major version the lint rules judge a migration for: what a statement locks
// or rewrites depends on it (a constant default is instant from 11, SET NOT NULL uses a
// validated CHECK (col IS NOT NULL) from 12). Read from the database when there is one, else
// given, else the oldest release the PostgreSQL project still supports. Pure.
/** PostgreSQL 14 reached its end of life in November 2026; 15 is the oldest release still supported. */
const OLDEST_SUPPORTED_POSTGRES = 15;
/** Majors as PostgreSQL numbers them: 9.6 for the last 9.x, then 10, 11, ... */
const VERSION = /^(\d+)(?:\.(\d+))?(?:\.\d+)?$/;
/** `17`, `17.2`, `9.6` → the major (17, 17, 9.6); undefined for anything else or a release older than 9.6. */
function parsePostgresVersion(text) {
    const match = VERSION.exec(text.trim());
    if (!match)
        return undefined;
    const first = Number(match[1]);
    const major = first >= 10 ? first : Number(`${first}.${match[2] ?? 0}`);
    return major >= 9.6 ? major : undefined;
}
/** `server_version_num` (e.g. 170002, 90624) → the major (17, 9.6). */
function majorOfServerVersionNum(versionNum) {
    const major = Math.floor(versionNum / 10_000);
    return major >= 10 ? major : Number(`${major}.${Math.floor(versionNum / 100) % 100}`);
}

export { OLDEST_SUPPORTED_POSTGRES as O, majorOfServerVersionNum as m, parsePostgresVersion as p };
