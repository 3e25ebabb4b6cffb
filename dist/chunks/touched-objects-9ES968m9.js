import { l as lex } from './lexer-vuO9IFuk.js';
import { C as Cursor, i as isWordToken, s as splitTopLevel, a as columnList } from './migration-phases-RNZdOZo8.js';

// What a migration touches, object by object: tables it creates, drops, renames or writes;
// columns and constraints it adds, changes or drops; types, indexes and other named
// objects. Two migrations commute (either order gives the same schema and data) when
// neither touches what the other does; a table touched as a whole overlaps with each of its
// columns. Pure. A statement whose effect cannot be read from its text (a DO block, a
// function, a SELECT that may call one) makes the migration opaque.
const OPAQUE_START = ["DO", "EXECUTE", "CALL", "SELECT", "COPY", "WITH"];
const NAMED_KINDS = { TYPE: "type", DOMAIN: "type", INDEX: "index", SEQUENCE: "sequence", VIEW: "table", EXTENSION: "extension", SCHEMA: "schema", TRIGGER: "trigger", POLICY: "policy" };
const SKIPPED = ["IF", "NOT", "EXISTS", "ONLY", "CONCURRENTLY", "UNIQUE", "MATERIALIZED", "OR", "REPLACE", "UNLOGGED", "TEMPORARY", "TEMP", "COLUMN", "CONSTRAINT"];
function skip(cursor) {
    while (SKIPPED.some((word) => cursor.isWord(word)))
        cursor.index++;
    return cursor;
}
/** A foreign key depends on the referenced columns (the whole table when none are named), not on the rest of the table. */
function referenced(statement, read) {
    statement.tokens.forEach((token, k) => {
        if (!isWordToken(token, "REFERENCES"))
            return;
        const cursor = new Cursor(statement.tokens.slice(k + 1));
        const table = cursor.name();
        if (!table)
            return;
        const columns = cursor.peek()?.text === "(" ? columnList(cursor.rest()) : undefined;
        if (columns)
            for (const column of columns)
                read(`column:${table.key}.${column}`);
        else
            read(`table:${table.key}`);
    });
}
function alterTable(table, cursor, add) {
    if (cursor.isWord("RENAME") && (cursor.isWord("TO", 1)))
        return add(`table:${table.key}`);
    for (const action of splitTopLevel(cursor.rest())) {
        const act = new Cursor(action);
        const verb = act.peek()?.text.toUpperCase();
        act.index++;
        if (verb === "RENAME") {
            if (act.accept("CONSTRAINT")) {
                const from = act.name();
                if (from)
                    add(`constraint:${table.key}.${from.key}`);
                continue;
            }
            act.accept("COLUMN");
            const from = act.name();
            act.accept("TO");
            const to = act.name();
            for (const name of [from, to])
                if (name)
                    add(`column:${table.key}.${name.key}`);
            continue;
        }
        if (verb !== "ADD" && verb !== "DROP" && verb !== "ALTER" && verb !== "VALIDATE") {
            add(`table:${table.key}`);
            continue;
        }
        if (act.accept("CONSTRAINT") || verb === "VALIDATE") {
            const name = act.name();
            if (name)
                add(`constraint:${table.key}.${name.key}`);
            for (const column of columnList(act.rest()) ?? [])
                add(`column:${table.key}.${column}`);
            continue;
        }
        if (act.isTableConstraint()) {
            add(`table:${table.key}`);
            continue;
        }
        const column = skip(act).name();
        if (column)
            add(`column:${table.key}.${column.key}`);
    }
}
function touchedObjects(sql) {
    const objects = new Set();
    const reads = new Set();
    const opaque = [];
    const add = (object) => objects.add(object);
    for (const statement of lex(sql).statements) {
        const cursor = new Cursor(statement.tokens);
        const first = statement.tokens[0];
        const isFunction = isWordToken(first, "CREATE") && statement.tokens.some((token) => isWordToken(token, "FUNCTION") || isWordToken(token, "PROCEDURE"));
        if (isFunction || OPAQUE_START.some((word) => isWordToken(first, word))) {
            opaque.push(statement.text.replace(/\s+/g, " ").slice(0, 80));
            continue;
        }
        // Transaction control, settings, comments and privileges change no schema object's shape.
        if (["BEGIN", "COMMIT", "END", "SET", "RESET", "START", "ROLLBACK", "COMMENT", "GRANT", "REVOKE"].some((word) => isWordToken(first, word)))
            continue;
        referenced(statement, (object) => reads.add(object));
        const verb = first.text.toUpperCase();
        cursor.index++;
        if (verb === "ALTER" && cursor.accept("TABLE")) {
            const table = skip(cursor).name();
            if (table)
                alterTable(table, cursor, add);
            continue;
        }
        if (verb === "UPDATE" || verb === "TRUNCATE" || verb === "LOCK" || (verb === "DELETE" && cursor.accept("FROM")) || (verb === "INSERT" && cursor.accept("INTO"))) {
            cursor.accept("TABLE");
            for (const part of splitTopLevel(skip(cursor).rest())) {
                const table = new Cursor(part).name();
                if (table)
                    add(`table:${table.key}`);
                if (verb === "UPDATE" || verb === "DELETE" || verb === "INSERT")
                    break;
            }
            continue;
        }
        if (verb !== "CREATE" && verb !== "DROP" && verb !== "ALTER") {
            opaque.push(statement.text.replace(/\s+/g, " ").slice(0, 80));
            continue;
        }
        skip(cursor);
        if (cursor.accept("TABLE")) {
            const tables = verb === "DROP" ? splitTopLevel(skip(cursor).rest()) : [skip(cursor).rest()];
            for (const part of tables) {
                const table = new Cursor(part).name();
                if (table)
                    add(`table:${table.key}`);
            }
            continue;
        }
        const kind = NAMED_KINDS[cursor.peek()?.text.toUpperCase() ?? ""];
        if (!kind) {
            opaque.push(statement.text.replace(/\s+/g, " ").slice(0, 80));
            continue;
        }
        cursor.index++;
        const name = skip(cursor).name();
        if (name)
            add(`${kind}:${name.key}`);
        const on = cursor.rest().findIndex((token) => isWordToken(token, "ON"));
        if (on !== -1 && (kind === "index" || kind === "trigger" || kind === "policy")) {
            const onCursor = skip(new Cursor(cursor.rest().slice(on + 1)));
            const table = onCursor.name();
            if (!table)
                continue;
            const columns = kind === "index" ? columnList(onCursor.rest()) : undefined;
            if (columns)
                for (const column of columns)
                    add(`column:${table.key}.${column}`);
            else
                add(`table:${table.key}`);
        }
    }
    return { objects, reads, opaque };
}
/** `column:user.email` and `constraint:user.x` belong to `table:user`. */
function tableOf(object) {
    const match = /^(?:column|constraint):(.*)\.[^.]*$/.exec(object);
    return match ? `table:${match[1]}` : undefined;
}
/**
 * The objects one migration changes and the other changes or depends on, a table counting
 * for its columns; empty when they commute. Two migrations that only read the same object
 * (two foreign keys to User.id) commute.
 */
function sharedObjects(a, b) {
    const overlaps = (object, other) => other.has(object) || other.has(tableOf(object) ?? "") || [...other].some((each) => tableOf(each) === object);
    const conflicts = [
        ...[...a.objects].filter((object) => overlaps(object, b.objects) || overlaps(object, b.reads)),
        ...[...a.reads].filter((object) => overlaps(object, b.objects)),
    ];
    return [...new Set(conflicts)].sort();
}

export { sharedObjects as s, touchedObjects as t };
