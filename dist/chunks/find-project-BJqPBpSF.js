import { q as quoteIdentifier } from './shell-RHphubvT.js';
import { c as checksumsOf, b as chooseSchema, e as readSchemaFiles, m as migrationsDirFor, k as kindOnDisk } from './project-CY9Kt091.js';
import { a as redact } from './redact-CL-xqSaj.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { G as GateError } from './errors-DBjELbro.js';
import { spawn, execFile } from 'node:child_process';

// Compares the migrations folder with the `_prisma_migrations` table. Pure.
function compareHistory(local, rows) {
    const live = rows.filter((row) => row.rolled_back_at === null);
    const finished = new Map(live.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]));
    const localNames = new Set(local.map((migration) => migration.name));
    return {
        pending: local.filter((migration) => !finished.has(migration.name)).map((migration) => migration.name),
        unfinished: live.filter((row) => row.finished_at === null),
        applied: [...finished.keys()],
        edited: local
            .filter((migration) => {
            const row = finished.get(migration.name);
            return row !== undefined && !checksumsOf(migration.sql).includes(row.checksum);
        })
            .map((migration) => migration.name),
        ...absentFromFolder([...finished.values()], localNames),
    };
}
/** Names of the migrations the history records as applied (finished, not rolled back). */
function finishedNames(rows) {
    return new Set(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
}
/** One row of the history: a migration applied again after a rollback has a row of its own. */
function rowKey(row) {
    return `${row.migration_name}\u0000${row.started_at.toISOString()}`;
}
/**
 * Migrations applied since `before` was read, in the order they finished, leaving out the rows
 * in `othersRows` (rowKey): rows known to be another session's.
 */
function appliedSince(rows, before, othersRows = new Set()) {
    return rows
        .filter((row) => row.finished_at !== null && row.rolled_back_at === null && !before.has(row.migration_name))
        .filter((row) => !othersRows.has(rowKey(row)))
        .sort((a, b) => a.finished_at.getTime() - b.finished_at.getTime() || a.started_at.getTime() - b.started_at.getTime())
        .map((row) => row.migration_name)
        .filter((name, index, names) => names.indexOf(name) === index);
}
function absentFromFolder(finished, localNames) {
    const newestLocal = Math.max(...finished.filter((row) => localNames.has(row.migration_name)).map((row) => row.started_at.getTime()));
    const absent = finished.filter((row) => !localNames.has(row.migration_name));
    return {
        missingLocally: absent.filter((row) => !(row.started_at.getTime() < newestLocal)).map((row) => row.migration_name),
        superseded: absent.filter((row) => row.started_at.getTime() < newestLocal).map((row) => row.migration_name),
    };
}

// Reads Prisma's `_prisma_migrations` table without taking any lock.
/** Enough of the logs Prisma stored for a migration to see the error, not a whole dump. */
const LOG_EXCERPT_LENGTH = 2_000;
/** The rows, oldest first; null when the table does not exist (a database Prisma never migrated). */
async function readHistoryRows(client, schema) {
    const table = `${quoteIdentifier(schema)}._prisma_migrations`;
    const exists = await client.query(`SELECT to_regclass($1) AS found`, [table]);
    if (!exists.rows[0].found)
        return null;
    const { rows } = await client.query(`SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs FROM ${table} ORDER BY started_at, migration_name`);
    return rows;
}
/** Tables in the schema other than Prisma's own: a non-empty database without history needs a baseline. */
async function countUserTables(client, schema) {
    const { rows } = await client.query(`SELECT count(*) AS count FROM pg_tables WHERE schemaname = $1 AND tablename <> '_prisma_migrations'`, [schema]);
    return Number(rows[0].count);
}
/** The one reading of a database's migration state: its history compared with the folder. */
async function readMigrationState(client, schema, local) {
    const rows = await readHistoryRows(client, schema);
    return { rows, state: compareHistory(local, rows ?? []) };
}
/** The logs Prisma stored for a migration, secrets removed and cut to the same length everywhere. */
function logExcerpt(logs) {
    return logs ? redact(logs).slice(0, LOG_EXCERPT_LENGTH) : undefined;
}

// Runs the project's own Prisma CLI as a child process, streaming its output line by line.
/**
 * Time a stopped CLI gets to exit on SIGTERM before its group is killed: short, because a
 * cancelled job has about 2.5 s between the runner's SIGTERM and its kill of the process tree.
 */
const TERMINATE_GRACE_MS = 1_500;
/** Process groups of the CLIs still running, ended if this process exits while they run. */
const liveGroups = new Set();
process.on("exit", () => {
    for (const group of liveGroups)
        signalGroup(group, "SIGKILL");
});
/** Signals every process in the group; false when none is left. */
function signalGroup(group, signal) {
    try {
        process.kill(-group, signal);
        return true;
    }
    catch {
        return false;
    }
}
function prismaChildEnvironment(extra) {
    return {
        ...process.env,
        ...extra,
        // No ANSI codes may reach the output parser.
        NO_COLOR: "1",
        FORCE_COLOR: "0",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1",
    };
}
async function runPrisma(install, args, options) {
    // In its own process group, so that stopping it reaches the engine processes it starts too,
    // and a Ctrl-C in a terminal reaches the action (which decides) rather than Prisma directly.
    const child = spawn(process.execPath, [install.entry, ...args], {
        cwd: options.cwd,
        env: prismaChildEnvironment(options.env),
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
    });
    const group = child.pid;
    if (group !== undefined)
        liveGroups.add(group);
    let stdout = "";
    let stderr = "";
    const relay = (sink) => {
        let partial = "";
        return (chunk) => {
            const text = chunk.toString("utf8");
            sink(text);
            const lines = (partial + text).split("\n");
            partial = lines.pop() ?? "";
            lines.forEach((line) => options.onLine?.(line));
        };
    };
    child.stdout.on("data", relay((text) => (stdout += text)));
    child.stderr.on("data", relay((text) => (stderr += text)));
    let aborted = false;
    const stop = () => {
        aborted = true;
        if (group === undefined)
            return;
        signalGroup(group, "SIGTERM");
        setTimeout(() => signalGroup(group, "SIGKILL"), TERMINATE_GRACE_MS).unref();
    };
    if (options.signal?.aborted)
        stop();
    options.signal?.addEventListener("abort", stop, { once: true });
    try {
        const exitCode = await new Promise((resolve, reject) => {
            child.once("error", reject);
            child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
        });
        return { exitCode, stdout, stderr, aborted };
    }
    finally {
        options.signal?.removeEventListener("abort", stop);
        if (group !== undefined) {
            // Whatever the CLI started and left behind ends with it.
            signalGroup(group, "SIGKILL");
            liveGroups.delete(group);
        }
    }
}

// Finds the Prisma CLI the project itself installed, the way Node resolves it from the
// working directory (so a monorepo with a hoisted install works). Never `npx prisma`:
// an unpinned download may bring another major.
const SUPPORTED_MAJORS = [6, 7];
function supportedMajor(version) {
    const major = Number(/^(\d+)\./.exec(version)?.[1]);
    return SUPPORTED_MAJORS.includes(major) ? major : undefined;
}
/**
 * Prisma 8 (its release candidates: 8.0.0-rc.*) has no `migrate` command group any more:
 * `prisma migrate deploy` exits 2 with CLI.UNKNOWN_COMMAND ("No command registered for
 * `migrate`, did you mean `migration`?"); migrations are applied by `prisma db migrate`, on a
 * different migration format. Running it would fail after the deploy started, so it is refused
 * before anything runs.
 */
function unsupportedVersion(version) {
    const major = Number(/^(\d+)\./.exec(version)?.[1]);
    if (major >= 8) {
        return new GateError("prisma-unsupported", `Prisma ${version} is installed. This action runs \`prisma migrate deploy\`, which Prisma ${major} no longer has (its CLI answers "No command registered for \`migrate\`", CLI.UNKNOWN_COMMAND): it supports Prisma 6 and 7.`, ["Pin Prisma 7 in the project: `npm install --save-dev --save-exact prisma@7`, commit package.json and the lock file."]);
    }
    return new GateError("prisma-unsupported", `Prisma ${version} is installed; this action supports Prisma 6 and 7.`, [
        "Upgrade the project to Prisma 6: `npm install --save-dev --save-exact prisma@6`, commit package.json and the lock file.",
    ]);
}
function locatePrisma(workingDirectory) {
    let manifestPath;
    try {
        manifestPath = createRequire(path.join(workingDirectory, "package.json")).resolve("prisma/package.json");
    }
    catch {
        throw new GateError("prisma-not-found", `The Prisma CLI is not installed for ${workingDirectory}: no node_modules/prisma was found from there upwards.`, [
            "Install the project's dependencies before this step, e.g. `npm ci` (or `pnpm install --frozen-lockfile`, `yarn install --immutable`).",
            "Make sure `prisma` is listed in the package.json of the working-directory or of the workspace root.",
        ]);
    }
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    const major = supportedMajor(manifest.version);
    if (!major)
        throw unsupportedVersion(manifest.version);
    const bin = typeof manifest.bin === "string" ? manifest.bin : (manifest.bin?.prisma ?? "build/index.js");
    const packageDir = path.dirname(manifestPath);
    return { version: manifest.version, major, entry: path.join(packageDir, bin), packageDir };
}

// Finds the project's schema and migrations the way its own Prisma does (rules in
// project.ts). The Prisma config file is TypeScript that may compute its paths, so it is
// loaded by Prisma's own loader (`@prisma/config`, from the project's Prisma install) in a
// child process, with the environment the action gives Prisma.
const CONFIG_LOAD_TIMEOUT_MS = 60_000;
/** The file names Prisma 6.19 and 7.10 look for in working-directory, in their order. */
const CONFIG_FILES = ["prisma7.config", "prisma.config", ".config/prisma", ".config/prisma.config"].flatMap((base) => [".js", ".ts", ".mjs", ".cjs", ".mts", ".cts"].map((extension) => `${base}${extension}`));
/**
 * Loads the config with Prisma's loader and prints what locates the project, the URL its
 * datasource gives Prisma 7's CLI, and the names of the environment variables the config read
 * (Prisma's env() reads process.env), so the action can tell which one carries that URL.
 */
const LOADER = `
const { loadConfigFromFile } = require(process.argv[1]);
const variablesRead = new Set();
process.env = new Proxy(process.env, { get(target, name) { if (typeof name === "string") variablesRead.add(name); return Reflect.get(target, name); } });
loadConfigFromFile({ configRoot: process.cwd() }).then((loaded) => {
  const failure = loaded.error ? (loaded.error.error ? String(loaded.error.error.message ?? loaded.error.error) : loaded.error._tag) : undefined;
  const url = loaded.config?.datasource?.url;
  process.stdout.write(JSON.stringify({
    file: loaded.resolvedPath, schema: loaded.config?.schema, migrationsPath: loaded.config?.migrations?.path, failure,
    datasourceUrl: typeof url === "string" ? url : undefined, variablesRead: [...variablesRead],
  }));
});
`;
async function loadPrismaConfig(install, workingDirectory, env) {
    const present = CONFIG_FILES.find((name) => kindOnDisk(path.join(workingDirectory, name)) === "file");
    if (!present)
        return undefined;
    let loader;
    try {
        loader = createRequire(path.join(install.packageDir, "package.json")).resolve("@prisma/config");
    }
    catch {
        // A Prisma without the config package does not read config files either.
        return undefined;
    }
    const output = await new Promise((resolve, reject) => {
        execFile(process.execPath, ["-e", LOADER, loader], { cwd: workingDirectory, env: prismaChildEnvironment(env), timeout: CONFIG_LOAD_TIMEOUT_MS }, (error, stdout, stderr) => error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout));
    });
    const loaded = JSON.parse(output);
    if (loaded.failure)
        throw configError(present, loaded.failure);
    if (!loaded.file)
        return undefined;
    return { file: loaded.file, schema: loaded.schema, migrationsPath: loaded.migrationsPath, datasource: { url: loaded.datasourceUrl, variablesRead: loaded.variablesRead } };
}
function configError(file, failure) {
    const variable = /Cannot resolve environment variable: (\w+)/.exec(failure)?.[1];
    if (variable) {
        return new GateError("invalid-input", `${file} reads the environment variable ${variable} (\`env("${variable}")\`), which this step does not set, so Prisma cannot load its configuration.`, [`Set it for this step, e.g. \`env: { ${variable}: \${{ secrets.${variable} }} }\`; database-url is already passed as DATABASE_URL, and direct-url as DIRECT_URL.`]);
    }
    return new GateError("invalid-input", `Prisma could not load ${file}: ${failure}`, [`Run \`npx prisma validate\` in the working-directory to see the problem.`]);
}
/** The nearest package.json upwards (as Prisma's `package-up` finds it) and its `prisma.schema`. */
function packageJsonSchema(workingDirectory) {
    for (let folder = workingDirectory;; folder = path.dirname(folder)) {
        const file = path.join(folder, "package.json");
        if (kindOnDisk(file) === "file") {
            const schema = JSON.parse(readFileSync(file, "utf8")).prisma?.schema;
            return { file, schema: typeof schema === "string" ? path.resolve(folder, schema) : undefined };
        }
        if (folder === path.dirname(folder))
            return undefined;
    }
}
/**
 * @param env what the action gives Prisma (DATABASE_URL and the like): a config file may read it.
 */
async function findPrismaProject(install, workingDirectory, env) {
    const config = await loadPrismaConfig(install, workingDirectory, env);
    const inputs = { major: install.major, workingDirectory, config, packageJson: packageJsonSchema(workingDirectory), kindOf: kindOnDisk };
    const choice = chooseSchema(inputs);
    if (!choice.found) {
        throw new GateError("invalid-input", choice.problem, [
            "Set working-directory to the folder you run `npx prisma migrate deploy` in (the one holding schema.prisma, prisma/ or prisma.config.ts).",
        ]);
    }
    const schemaFiles = readSchemaFiles(choice.schema, choice.kind);
    return {
        workingDirectory,
        schema: choice.schema,
        schemaFiles,
        migrationsDir: migrationsDirFor(install.major, choice.schema, choice.kind, schemaFiles, config?.migrationsPath),
        foundBy: choice.foundBy,
        configFile: config?.file,
        configDatasource: config?.datasource,
    };
}

export { logExcerpt as a, runPrisma as b, readHistoryRows as c, rowKey as d, appliedSince as e, findPrismaProject as f, countUserTables as g, finishedNames as h, compareHistory as i, locatePrisma as l, readMigrationState as r };
