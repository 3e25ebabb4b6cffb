import { s as splitStatements, a as statementsOf } from './lexer-vuO9IFuk.js';

// What a migration that failed half-way left in the database, as far as the way Prisma sent
// it to PostgreSQL decides. Pure.
//
// Where each claim comes from:
// - Prisma's native schema engine (Prisma 6 and 7 alike) sends a migration.sql to PostgreSQL
//   as ONE simple-query message: prisma-engines, PostgreSQL connector,
//   `apply_migration_script` → `client.simple_query(script)`
//   (schema-engine/connectors/sql-schema-connector/src/flavour/postgres/connector/native/mod.rs;
//   the same call in the older layouts `flavour/postgres/native/mod.rs`,
//   `flavour/postgres/connection.rs` and `flavour/postgres.rs`). It is reached from
//   `apply_migrations.rs` through `connector.apply_script(name, &script)`, once per migration,
//   after `record_migration_started`; no transaction is opened around it. A failure is reported
//   as P3018 (`ApplyMigrationError`, with `Database error code: <SQLSTATE>`). Every stored
//   version of these files read for this (2026-11-29) has the one `simple_query` call; the
//   snapshots at the exact engine commits of Prisma 6.19.3 (c2990dca) and 7.10.1 (59be4fda)
//   could not be fetched, but both CLIs' Wasm engines, built from those commits, trace the
//   failure through the same `sql_schema_connector::apply_migration::apply_script`.
// - PostgreSQL runs the statements of one simple-query message as one implicit transaction,
//   unless the text itself holds transaction control: a COMMIT (or END) commits what came
//   before it, a BEGIN turns the implicit block into an explicit one (PostgreSQL docs,
//   "Protocol: Multiple Statements in a Simple Query"). Statements that cannot run inside a
//   transaction block (CREATE INDEX CONCURRENTLY, VACUUM, CREATE DATABASE, …) fail with
//   SQLSTATE 25001 when they share the message with another statement, and then nothing runs.
//   Alone in its file, a CREATE INDEX CONCURRENTLY that fails leaves an INVALID index behind.
// - Through a driver adapter (Prisma 6's `engine: "js"` mode in prisma.config.ts),
//   `@prisma/adapter-pg`'s `executeScript` splits the file on every `;` and sends the pieces
//   one by one, each committing on its own; the failure then has no P-code
//   ("external connector error"). Prisma 7's migrate offers no adapter mode.
function keywords(statement, count) {
    return statement.tokens
        .slice(0, count)
        .map((token) => token.text.toUpperCase())
        .join(" ");
}
const COMMITS = /^(COMMIT|END)\b/;
function isConcurrentIndex(statement) {
    return /^CREATE (UNIQUE )?INDEX CONCURRENTLY\b/.test(keywords(statement, 4));
}
/**
 * @param failingLine the 1-based line of the failing statement, when it is known.
 */
function failedMigrationEffects(delivery, sql, failingLine) {
    const statements = splitStatements(sql);
    if (delivery === "statement-by-statement") {
        return {
            partlyApplied: true,
            explanation: "Prisma ran this migration through a driver adapter, which sends it statement by statement: the statements before the failing one were applied. Check what is in the database before resolving.",
        };
    }
    const before = failingLine === undefined ? statements : statements.filter((statement) => statement.line < failingLine);
    const lastCommit = [...before].reverse().find((statement) => COMMITS.test(keywords(statement, 1)));
    if (lastCommit) {
        return {
            partlyApplied: true,
            explanation: `PostgreSQL ran migration.sql as one transaction, but the file commits it itself (line ${lastCommit.line}): the statements up to that COMMIT were applied, the rest was not. Check what is in the database before resolving.`,
        };
    }
    if (statements.length === 1 && isConcurrentIndex(statements[0])) {
        return {
            partlyApplied: true,
            explanation: "A CREATE INDEX CONCURRENTLY that fails leaves an INVALID index behind: drop it (`DROP INDEX CONCURRENTLY …`) before the migration runs again.",
        };
    }
    return {
        partlyApplied: false,
        explanation: "Prisma sent migration.sql to PostgreSQL as one query, which ran as one transaction: nothing of this migration was applied.",
    };
}

// Finds the statement of migration.sql that failed, so the summary and the annotation can
// point at its line. Pure.
function locationOf(statement) {
    return { line: statement.line, statement: statement.text };
}
function endOf(statement) {
    return statement.tokens[statement.tokens.length - 1]?.end ?? 0;
}
/** The statement that contains a character offset reported by PostgreSQL (1-based, as Prisma prints it). */
function statementAtPosition(sql, position) {
    const offset = Math.max(0, position - 1);
    // The first statement not yet over at that offset: a position in the blank lines or
    // comments before a statement belongs to it. Read one statement at a time, up to it.
    for (const candidate of statementsOf(sql)) {
        if (offset < endOf(candidate))
            return locationOf(candidate);
    }
    return undefined;
}
/**
 * When only the database's message is known ("type \"bogus\" does not exist"), the failing
 * statement is the first one that names the object the message names.
 */
function statementNamedByError(sql, databaseError) {
    const quoted = [...databaseError.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
    const bare = /(?:table|relation|type|column|index|constraint):?\s+([A-Za-z_][\w.]*)/i.exec(databaseError)?.[1];
    const names = [...quoted, ...(bare ? [bare] : [])].map((name) => name.split(".").pop());
    if (names.length === 0)
        return undefined;
    const patterns = names.map((name) => new RegExp(`(^|[^\\w])"?${escapeRegExp(name)}"?([^\\w]|$)`, "i"));
    // One pass over the statements, keeping for each name the first statement that names it;
    // the first name (in the message's order) that some statement names wins.
    const firstNaming = patterns.map(() => undefined);
    for (const candidate of statementsOf(sql)) {
        patterns.forEach((pattern, index) => {
            if (!firstNaming[index] && pattern.test(candidate.text))
                firstNaming[index] = locationOf(candidate);
        });
        if (firstNaming[0])
            break;
    }
    return firstNaming.find((location) => location !== undefined);
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export { statementNamedByError as a, failedMigrationEffects as f, statementAtPosition as s };
