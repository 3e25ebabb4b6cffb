import { i as isWordToken, h as hasWords, b as breaksRunningVersion, R as RULES } from './migration-phases-RNZdOZo8.js';
import { s as splitStatements } from './lexer-vuO9IFuk.js';
import { G as GateError } from './errors-DBjELbro.js';

// Whether cancelling a migration while it waits for a lock provably leaves nothing of it
// behind, decided from its migration.sql before it runs. Pure.
//
// Prisma's native schema engine sends the whole file as one simple-query message, which
// PostgreSQL runs as one implicit transaction (see failed-migration-effects.ts for where that
// is read from). A cancelled statement then rolls back every statement of the file, unless
// the file steps outside that transaction itself:
// - transaction control (BEGIN, COMMIT, SAVEPOINT, …) commits part of it or changes its shape;
// - statements that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM,
//   …) make the file run differently, and a cancelled CREATE INDEX CONCURRENTLY leaves an
//   INVALID index behind;
// - CALL runs a procedure, whose own transaction control is the procedure's business;
// - dblink works through another session, whose effects no rollback of this one reaches.
// Functions the file calls are trusted to do their work inside the caller's transaction.
//
// Through a driver adapter (Prisma 6's `engine: "js"`), the file is sent statement by
// statement; the gate then cancels only a statement whose text begins the file (nothing of the
// file ran before it), which the runtime check in the lock-wait guard establishes.
const TRANSACTION_CONTROL = ["BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE"];
/** Statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001), by their leading words. */
const OUTSIDE_TRANSACTION = [
    ["VACUUM"],
    ["CREATE", "DATABASE"],
    ["DROP", "DATABASE"],
    ["CREATE", "TABLESPACE"],
    ["DROP", "TABLESPACE"],
    ["ALTER", "SYSTEM"],
    ["CREATE", "SUBSCRIPTION"],
    ["ALTER", "SUBSCRIPTION"],
    ["DROP", "SUBSCRIPTION"],
    ["REINDEX", "SYSTEM"],
    ["REINDEX", "DATABASE"],
    ["DISCARD", "ALL"],
];
function startsWith(statement, words) {
    return words.every((word, k) => isWordToken(statement.tokens[k], word));
}
function leadingWord(statement) {
    return statement.tokens[0]?.kind === "word" ? statement.tokens[0].text.toUpperCase() : "";
}
function whyNotProvable(statement) {
    const first = leadingWord(statement);
    // `PREPARE name AS …` is a prepared statement, `PREPARE TRANSACTION` is two-phase commit.
    if (TRANSACTION_CONTROL.includes(first) && (first !== "PREPARE" || isWordToken(statement.tokens[1], "TRANSACTION"))) {
        return `it controls the transaction itself (${first})`;
    }
    if (first === "CALL")
        return "it calls a procedure (CALL), which may commit on its own";
    const outside = OUTSIDE_TRANSACTION.find((words) => startsWith(statement, words));
    if (outside)
        return `${outside.join(" ")} cannot run inside a transaction`;
    if (hasWords(statement.tokens, "CONCURRENTLY"))
        return "a CONCURRENTLY operation cannot run inside a transaction";
    if (first === "CLUSTER" && statement.tokens.length === 1)
        return "CLUSTER without a table cannot run inside a transaction";
    // Inside a DO body or a function too: the text is searched, not only the words.
    if (/\bdblink/i.test(statement.text))
        return "it uses dblink, whose work no rollback of this session undoes";
    return undefined;
}
/** Provable when every statement of the file stays inside the one implicit transaction. */
function cancelSafety(sql) {
    for (const statement of splitStatements(sql)) {
        const why = whyNotProvable(statement);
        if (why)
            return { provable: false, why, line: statement.line };
    }
    return { provable: true };
}
/**
 * Whether the statement a backend is running (`pg_stat_activity.query`, cut to
 * track_activity_query_size) is this migration file, sent whole, or its first statement: in
 * either case nothing of the file ran before it in another transaction.
 */
function runsFromFileStart(runningQuery, fileSql) {
    const query = runningQuery.replace(/\r\n/g, "\n");
    const sql = fileSql.replace(/\r\n/g, "\n");
    return query.trim().length > 0 && (sql.startsWith(query) || sql.trimStart().startsWith(query.trimStart()));
}
/**
 * What to do about a Prisma backend waiting for a lock. `migrationSql` is the file of the
 * migration being applied, when there is one locally.
 */
function decideLockWait(wait, limitMs, migrationSql) {
    if (limitMs <= 0 || wait.onAdvisoryLock || wait.waitedMs < limitMs)
        return { action: "none" };
    if (!wait.migration || migrationSql === undefined)
        return { action: "keep-waiting", why: "which migration is being applied is not known" };
    const safety = cancelSafety(migrationSql);
    if (!safety.provable)
        return { action: "keep-waiting", why: `${wait.migration} cannot be cancelled without leaving part of it behind: line ${safety.line}, ${safety.why}` };
    if (wait.query === null)
        return { action: "keep-waiting", why: "the waiting statement is not visible to this database user (grant it pg_read_all_stats)" };
    if (!runsFromFileStart(wait.query, migrationSql))
        return { action: "keep-waiting", why: `the waiting statement is not ${wait.migration}'s migration.sql from its start` };
    return { action: "cancel" };
}
/**
 * The pull-request check's view of ddl-lock-wait: the gate cuts short the lock waits of the
 * migrations it can cancel, and only reports those of the others.
 */
function gateLockWaitBound(option, limit) {
    return {
        reason: `the gate cancels a lock wait longer than ${option} (${limit}) and retries the migration`,
        uncovered(sql) {
            const safety = cancelSafety(sql);
            if (safety.provable)
                return undefined;
            return `The gate's ${option} does not bound this file's lock waits: it cannot be cancelled without leaving part of it behind (line ${safety.line}, ${safety.why}), so the gate only reports the wait`;
        },
    };
}

// What the input contract-migrations makes of the pending migrations: apply them all (allow),
// refuse while one would break the running version (block), or split them around the deploy
// (after-deploy): the migrations before the first contract one are applied first, the new
// version is deployed and followed until it is healthy, and the rest are applied then. The
// gate follows the plan; the pull-request check shows it ahead of the deploy, so a refusal is
// worded for both and each adds what it did (or would) leave untouched. Pure.
function why(migration) {
    const steps = migration.contractSteps.filter((step) => step.acknowledged === undefined);
    return steps.map((step) => `${RULES[step.ruleId].title.toLowerCase()} (line ${step.line})`).join("; ");
}
const ACKNOWLEDGE = "If the running version no longer uses what it removes (its code stopped using it in an earlier deploy), say so in the migration, above the statement: `-- gate:ignore <rule-id> <why the running version no longer needs it>`.";
/** contract-migrations: block, with a contract or mixed migration pending. */
function contractBlockedError(classified, optionName) {
    const breaking = classified.filter(breaksRunningVersion);
    if (breaking.length === 0)
        return undefined;
    return new GateError("contract-blocked", `${breaking.length} pending migration(s) remove or restrict what the running version may still use, and ${optionName("contract-migrations")} is block: ${breaking.map((migration) => `${migration.name} (${why(migration)})`).join(", ")}.`, [
        "Deploy the code that no longer uses what they remove first, without these migrations; apply them in a later deploy.",
        `Or let the gate apply them after the new version is healthy: ${optionName("contract-migrations")} after-deploy (with command deploy).`,
        ACKNOWLEDGE,
    ]);
}
/**
 * contract-migrations: after-deploy. Refused when no split is safe for both versions: a mixed
 * migration (the new version needs what it adds before it starts; the running one needs what
 * it removes until it stops), or an expand migration after a contract one (the new version
 * needs it before the deploy, but it can only run after the contract one).
 */
function splitAroundDeploy(classified, optionName) {
    const mixed = classified.find((migration) => migration.phase === "mixed");
    if (mixed) {
        return new GateError("contract-blocked", `Pending migration ${mixed.name} both adds what the new version may use (${mixed.additions.join(", ")}) and removes or restricts what the running version may still use (${why(mixed)}). No moment to apply it is safe for both versions, so ${optionName("contract-migrations")} after-deploy cannot split the migrations around the deploy.`, [
            `Split it: one migration that adds (${mixed.additions.join(", ")}), deployed with the code that starts using it; a later migration that removes the rest, once no running version needs it.`,
            "A rename is the usual case: keep the database name and rename only in the Prisma schema (@map / @@map), or expand (add the new one, write to both, backfill), then contract in a later deploy.",
            ACKNOWLEDGE,
        ]);
    }
    const firstContract = classified.findIndex(breaksRunningVersion);
    if (firstContract === -1)
        return { beforeDeploy: classified.map((migration) => migration.name), afterDeploy: [] };
    const held = classified.slice(firstContract);
    const lateExpand = held.find((migration) => migration.phase === "expand");
    if (lateExpand) {
        return new GateError("contract-blocked", `Pending migration ${lateExpand.name} adds what the new version may use (${lateExpand.additions.join(", ")}), but it comes after the contract migration ${classified[firstContract].name}, which must wait until the new version is healthy. Prisma applies migrations in order, so no split is safe.`, [
            `Move ${lateExpand.name}'s changes into a migration that sorts before ${classified[firstContract].name} (rename its folder, if no database has applied it yet): it is then applied before the deploy.`,
            `Or deploy in two steps: the code with the migrations it needs first; ${classified[firstContract].name} and what follows it in a later deploy.`,
            `Or, if the new version does not need ${lateExpand.additions.join(", ")} to start, run with ${optionName("contract-migrations")} allow.`,
        ]);
    }
    return { beforeDeploy: classified.slice(0, firstContract).map((migration) => migration.name), afterDeploy: held.map((migration) => migration.name) };
}
/**
 * The plan for the pending migrations, in apply order: what runs before the deploy and what
 * waits until the new deployment is healthy, or the contract-blocked refusal.
 */
function planContract(classified, mode, optionName) {
    const allNow = { beforeDeploy: classified.map((migration) => migration.name), afterDeploy: [] };
    switch (mode) {
        case "allow":
            return allNow;
        case "block":
            return contractBlockedError(classified, optionName) ?? allNow;
        case "after-deploy":
            return splitAroundDeploy(classified, optionName);
    }
}
/**
 * The plan as the gate's summary and the check record it: the classification, what waits for
 * the healthy deployment, or the refusal.
 */
function contractPlanReport(classified, mode, optionName) {
    const plan = planContract(classified, mode, optionName);
    return plan instanceof GateError
        ? { mode, migrations: classified, heldForDeploy: [], refusal: { message: plan.message, nextSteps: plan.nextSteps } }
        : { mode, migrations: classified, heldForDeploy: plan.afterDeploy };
}

export { contractPlanReport as c, decideLockWait as d, gateLockWaitBound as g };
