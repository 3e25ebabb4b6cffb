import { execFile } from 'node:child_process';
import { r as readLocalMigrations, i as isUtf8, n as notUtf8NameError } from './project-CY9Kt091.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { G as GateError, d as describeThrown } from './errors-DBjELbro.js';
import { t as touchedObjects, s as sharedObjects } from './touched-objects-9ES968m9.js';

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
function git(repoDir, args, encoding = "utf8") {
    return new Promise((resolve, reject) => {
        execFile("git", args, { cwd: repoDir, timeout: GIT_TIMEOUT_MS, maxBuffer: GIT_MAX_BUFFER, encoding, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } }, (error, stdout, stderr) => {
            if (!error)
                return resolve(stdout);
            if (error.code === "ENOENT") {
                return reject(new GateError("invalid-input", "git is not installed or not on PATH; the check reads the base branch's migrations with git.", ["Run the check on a runner with git (all GitHub-hosted runners have it)."]));
            }
            if (error.killed) {
                return reject(new GateError("timeout", `git ${args[0]} did not finish within ${GIT_TIMEOUT_MS / 1000} s in ${repoDir}.`));
            }
            reject(new GitFailure(stderr.toString().trim() || describeThrown(error)));
        });
    });
}
/** The NUL-separated paths of `git ls-tree -z`, or notUtf8NameError for the first path that is not UTF-8. */
function utf8Paths(listing, what, folder) {
    const paths = [];
    for (let start = 0; start < listing.length;) {
        const end = listing.indexOf(0, start);
        paths.push(listing.subarray(start, end < 0 ? listing.length : end));
        start = end < 0 ? listing.length : end + 1;
    }
    const invalid = paths.find((file) => !isUtf8(file));
    if (invalid) {
        const inside = invalid.subarray(folder === "." ? 0 : Buffer.byteLength(folder) + 1);
        const entry = inside.subarray(0, inside.indexOf("/") < 0 ? inside.length : inside.indexOf("/"));
        throw notUtf8NameError(what, folder, entry);
    }
    return paths.filter((file) => file.length > 0).map((file) => file.toString("utf8"));
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
    const listing = await git(repoDir, ["ls-tree", "-r", "--name-only", "-z", "--end-of-options", ref, "--", relative], "buffer");
    const files = utf8Paths(listing, `At ${ref}, the migrations folder`, relative);
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
