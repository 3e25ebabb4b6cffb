import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { G as GateError, d as describeThrown } from './errors-DBjELbro.js';
import { r as readLocalMigrations } from './project-DwsJ6_MJ.js';
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

// Compares the migration history of a pull request with its base branch. `migrate deploy`
// stays silent about an edited or deleted applied migration and applies an older-named
// migration out of order, so these checks have to happen before the merge.
const MIGRATION_FILE = "migration.sql";
const LOCK_FILE = "migration_lock.toml";
/** Prisma's checksum tolerates line-ending differences, so a CRLF checkout is not an edit. */
function normalizeLineEndings(sql) {
    return sql.replace(/\r\n/g, "\n");
}
function firstDifferingLine(a, b) {
    const left = a.split("\n");
    const right = b.split("\n");
    let line = 0;
    while (line < left.length && line < right.length && left[line] === right[line])
        line++;
    return line + 1;
}
/** Folder names sort the way Prisma orders migrations: by code unit, not by locale. */
function byName(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * `head` should be what the pull request would produce once merged (the merge commit
 * `actions/checkout` checks out for `pull_request` events): compared with a branch that is
 * behind its base, the base's newer migrations would look deleted.
 */
function compareHistories(base, head, migrationsDir) {
    const findings = [];
    const baseNames = [...base.migrations.keys()].sort(byName);
    const newestOnBase = baseNames[baseNames.length - 1];
    for (const name of baseNames) {
        const file = `${name}/${MIGRATION_FILE}`;
        const before = normalizeLineEndings(base.migrations.get(name) ?? "");
        const after = head.migrations.get(name);
        if (after === undefined) {
            findings.push({
                kind: "deleted",
                severity: "error",
                file,
                message: `Migration ${name} exists on the base branch but was deleted. Databases that applied it keep its changes, and \`migrate deploy\` ignores the missing file silently, so new databases and existing ones diverge.`,
                fix: "Restore the migration folder. To undo its changes, add a new migration that reverts them.",
            });
        }
        else if (normalizeLineEndings(after) !== before) {
            findings.push({
                kind: "edited",
                severity: "error",
                file,
                line: firstDifferingLine(before, normalizeLineEndings(after)),
                message: `Migration ${name} exists on the base branch and was edited. Databases that already applied it never run the new version, and \`migrate deploy\` does not warn, so their schema no longer matches the history.`,
                fix: "Revert the edit and put the change in a new migration (`prisma migrate dev --create-only`).",
            });
        }
    }
    if (newestOnBase !== undefined) {
        for (const name of [...head.migrations.keys()].sort(byName)) {
            if (base.migrations.has(name) || byName(name, newestOnBase) >= 0)
                continue;
            const jumped = baseNames.filter((other) => byName(other, name) > 0);
            findings.push(outOfOrderFinding(name, head.migrations.get(name) ?? "", jumped.map((other) => ({ name: other, sql: base.migrations.get(other) ?? "" })), migrationsDir));
        }
    }
    if (base.lockProvider !== undefined && head.lockProvider !== base.lockProvider) {
        findings.push({
            kind: "provider-changed",
            severity: "error",
            file: LOCK_FILE,
            message: head.lockProvider === undefined
                ? `${LOCK_FILE} was removed; it recorded provider "${base.lockProvider}".`
                : `${LOCK_FILE} changes the provider from "${base.lockProvider}" to "${head.lockProvider}". \`migrate deploy\` refuses to run against the existing database (P3019).`,
            fix: "Keep the provider of the existing database. Switching databases needs a new migration history and a data migration, not an edit of this file.",
        });
    }
    return findings;
}
const ACKNOWLEDGEMENT = /^[ \t]*--[ \t]*gate:ignore[ \t]+out-of-order[ \t]+(\S.*?)[ \t]*$/m;
/**
 * A migration named before the newest one on the base: databases that have the newer ones
 * apply it after them, fresh databases before them. Harmless when it commutes with every
 * migration it jumped (they touch different objects); a risk when they share an object.
 */
function outOfOrderFinding(name, sql, jumped, migrationsDir) {
    const newest = jumped[jumped.length - 1].name;
    const own = touchedObjects(sql);
    const conflicts = jumped
        .map((other) => ({ name: other.name, shared: sharedObjects(own, touchedObjects(other.sql)) }))
        .filter((other) => other.shared.length > 0);
    const acknowledged = ACKNOWLEDGEMENT.exec(sql)?.[1];
    const file = `${name}/${MIGRATION_FILE}`;
    const folder = (migration) => (migrationsDir ? path.posix.join(migrationsDir, migration) : migration);
    const renamed = nameSortingAfter(newest, name);
    const rename = `rename the folder so it sorts after ${newest}, only while no database has applied it yet: \`git mv ${folder(name)} ${folder(renamed)}\``;
    const acknowledge = `or, if the order is right as it is, accept it with a line \`-- gate:ignore out-of-order <why the order does not matter>\` in ${file}.`;
    const base = { kind: "out-of-order", file, ...(acknowledged ? { acknowledged } : {}) };
    if (own.opaque.length > 0) {
        return {
            ...base,
            severity: "error",
            message: `New migration ${name} sorts before ${newest}, the newest on the base branch: databases that have ${jumped.length} newer migration(s) apply it last, fresh databases in the middle. Whether the order matters cannot be read from its SQL (${own.opaque[0]}…).`,
            fix: `${capitalized(rename)}; ${acknowledge}`,
        };
    }
    if (conflicts.length === 0) {
        return {
            ...base,
            severity: "warning",
            message: `New migration ${name} sorts before ${newest}, the newest on the base branch, but touches nothing the ${jumped.length} newer migration(s) touch: applied before or after them, it gives the same schema.`,
            fix: `Nothing is needed for correctness. To keep the history in order: ${rename}; ${acknowledge}`,
        };
    }
    const described = conflicts.map((conflict) => `${conflict.name} (${conflict.shared.map(describeObject).join(", ")})`).join("; ");
    const enumOrder = conflicts.some((conflict) => conflict.shared.some((object) => object.startsWith("type:"))) ? " Enum values added in another order end up in another order (ORDER BY and comparisons on the enum differ between databases)." : "";
    return {
        ...base,
        severity: "error",
        message: `New migration ${name} sorts before ${newest}, the newest on the base branch, and touches the same objects as newer migration(s): ${described}. Existing databases apply it after them, fresh databases before them, so the two can end up different, or the migration can fail on one of them.${enumOrder}`,
        fix: `${capitalized(rename)}; ${acknowledge}`,
    };
}
/** `name` with a timestamp one second after `newest`'s, so it sorts right after it (Prisma's `YYYYMMDDHHMMSS_` prefix). */
function nameSortingAfter(newest, name) {
    const stamp = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(newest);
    const description = name.replace(/^\d+_?/, "") || "migration";
    if (!stamp)
        return `${newest}_${description}`;
    const [year, month, day, hour, minute, second] = stamp.slice(1).map(Number);
    const next = new Date(Date.UTC(year, month - 1, day, hour, minute, second) + 1000).toISOString().replace(/\D/g, "").slice(0, 14);
    return `${next}_${description}`;
}
function capitalized(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
function describeObject(object) {
    const [kind, name] = object.split(/:(.*)/s);
    return `${kind} ${name}`;
}
/** The migration files to lint: new or changed relative to the base, in apply order. */
function isOnBaseUnchanged(base, name, sql) {
    const before = base.migrations.get(name);
    return before !== undefined && normalizeLineEndings(before) === normalizeLineEndings(sql);
}
function changedMigrationFiles(base, head, migrationsDir) {
    return [...head.migrations.entries()]
        .filter(([name, sql]) => !isOnBaseUnchanged(base, name, sql))
        .sort(([a], [b]) => byName(a, b))
        .map(([name, sql]) => ({ path: path.posix.join(toPosix(migrationsDir), name, MIGRATION_FILE), sql }));
}
/** The migrations the base already had, unchanged, in apply order: what the linter reads as deployed. */
function unchangedMigrations(base, head) {
    return [...head.migrations.entries()]
        .filter(([name, sql]) => isOnBaseUnchanged(base, name, sql))
        .sort(([a], [b]) => byName(a, b))
        .map(([name, sql]) => ({ path: `${name}/${MIGRATION_FILE}`, sql }));
}
function toPosix(file) {
    return file.split(path.sep).join(path.posix.sep);
}
function parseLockProvider(toml) {
    return /^\s*provider\s*=\s*"([^"]*)"/m.exec(toml)?.[1];
}
async function readSnapshotFromDisk(migrationsDir) {
    const migrations = new Map(readLocalMigrations(migrationsDir).map((migration) => [migration.name, migration.sql]));
    const lock = await readFile(path.join(migrationsDir, LOCK_FILE), "utf8").catch(() => undefined);
    return { migrations, lockProvider: lock === undefined ? undefined : parseLockProvider(lock) };
}
const GIT_TIMEOUT_MS = 30_000;
const GIT_MAX_BUFFER = 64 * 1024 * 1024;
const PARALLEL_READS = 8;
class GitFailure extends Error {
}
function git(repoDir, args) {
    return new Promise((resolve, reject) => {
        execFile("git", args, { cwd: repoDir, timeout: GIT_TIMEOUT_MS, maxBuffer: GIT_MAX_BUFFER, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } }, (error, stdout, stderr) => {
            if (!error)
                return resolve(stdout);
            if (error.code === "ENOENT") {
                return reject(new GateError("invalid-input", "git is not installed or not on PATH; the check reads the base branch's migrations with git.", ["Run the check on a runner with git (all GitHub-hosted runners have it)."]));
            }
            if (error.killed) {
                return reject(new GateError("timeout", `git ${args[0]} did not finish within ${GIT_TIMEOUT_MS / 1000} s in ${repoDir}.`));
            }
            reject(new GitFailure(stderr.trim() || describeThrown(error)));
        });
    });
}
async function assertRefExists(repoDir, ref) {
    try {
        await git(repoDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
        return;
    }
    catch (error) {
        if (!(error instanceof GitFailure))
            throw error;
    }
    const insideRepo = await git(repoDir, ["rev-parse", "--is-inside-work-tree"]).then(() => true, () => false);
    if (!insideRepo) {
        throw new GateError("invalid-input", `${repoDir} is not a git repository, so the base branch's migrations cannot be read.`, [
            "Check out the repository with actions/checkout before this step.",
        ]);
    }
    const shallow = (await git(repoDir, ["rev-parse", "--is-shallow-repository"]).catch(() => "")).trim() === "true";
    const branch = ref.replace(/^(refs\/remotes\/)?origin\//, "");
    throw new GateError("invalid-input", `The base ref '${ref}' is not in this checkout${shallow ? " (it is a shallow clone, which holds only the checked-out commit)" : ""}, so the migrations cannot be compared with the base branch.`, [
        "Check out with full history: actions/checkout with `fetch-depth: 0`.",
        `Or fetch only the base branch before this step: git fetch --no-tags --depth=1 origin ${branch}:refs/remotes/origin/${branch}`,
    ]);
}
/**
 * The migrations as they are at `ref`. `migrationsDir` is absolute or relative to `repoDir`,
 * and a folder that did not exist at `ref` gives an empty snapshot.
 */
async function readSnapshotAtRef(repoDir, migrationsDir, ref) {
    await assertRefExists(repoDir, ref);
    const relative = toPosix(path.relative(repoDir, path.resolve(repoDir, migrationsDir))) || ".";
    const listing = await git(repoDir, ["ls-tree", "-r", "--name-only", "-z", "--end-of-options", ref, "--", relative]);
    const files = listing.split("\0").filter(Boolean);
    const show = (file) => git(repoDir, ["show", "--end-of-options", `${ref}:./${file}`]);
    const migrationFiles = files.filter((file) => {
        const inside = path.posix.relative(relative, file).split("/");
        return inside.length === 2 && inside[1] === MIGRATION_FILE;
    });
    const migrations = new Map();
    for (let start = 0; start < migrationFiles.length; start += PARALLEL_READS) {
        const batch = migrationFiles.slice(start, start + PARALLEL_READS);
        const contents = await Promise.all(batch.map(show));
        batch.forEach((file, k) => migrations.set(path.posix.basename(path.posix.dirname(file)), contents[k]));
    }
    const lockFile = path.posix.join(relative, LOCK_FILE);
    const lock = files.includes(lockFile) ? await show(lockFile) : undefined;
    return { migrations, lockProvider: lock === undefined ? undefined : parseLockProvider(lock) };
}

export { readSnapshotFromDisk as a, compareHistories as b, changedMigrationFiles as c, readSnapshotAtRef as r, unchangedMigrations as u };
