import { s as splitStatements, a as statementsOf } from './lexer-vuO9IFuk.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { G as GateError } from './errors-DBjELbro.js';
import { d as describeTarget, a as sessionPath, c as connect } from './connection-Ch6lea8K.js';
import { P as PRISMA_LOCK_CALL } from './shell-RHphubvT.js';
import { d as datasourceVariables, p as projectFiles } from './project-CY9Kt091.js';
import { s as secretFormsOfUrl } from './settings-D0azROVc.js';

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

// How the project's migrations reach PostgreSQL, read from its configuration: it decides
// whether a failed migration file can have left anything committed.
const CONFIG_FILES = ["prisma.config.ts", "prisma.config.mts", "prisma.config.cts", "prisma.config.js", "prisma.config.mjs", "prisma.config.cjs", path.join(".config", "prisma.ts")];
/**
 * Prisma 7 always migrates through its native engine, one simple query per file (it ignores
 * `engine` and `adapter` for migrate); Prisma 6 goes statement by statement through a driver
 * adapter when prisma.config says `engine: "js"`.
 */
function migrationDeliveryOf(major, workingDirectory) {
    if (major === 7)
        return "one-simple-query";
    for (const name of CONFIG_FILES) {
        const file = path.join(workingDirectory, name);
        if (existsSync(file) && /\bengine\s*:\s*["']js["']/.test(readFileSync(file, "utf8")))
            return "statement-by-statement";
    }
    return "one-simple-query";
}

// Whether a connection goes through a transaction-mode pooler (PgBouncer, Supavisor, Neon's
// pooler), where Prisma's session-level advisory lock is left held on a server connection
// that nobody owns once the client leaves. Pure: the probe that gathers the behaviour is in
// pooler-probe.ts.
/** Why the URL's own shape says transaction pooler, or undefined when it does not. */
function transactionPoolerShape(url) {
    const parsed = new URL(url);
    if (/^(true|1)$/i.test(parsed.searchParams.get("pgbouncer") ?? ""))
        return "it carries pgbouncer=true";
    // Neon: ep-name-pooler.region.aws.neon.tech beside the direct ep-name.region.aws.neon.tech.
    if (/-pooler\./i.test(parsed.hostname))
        return `its host ${parsed.hostname} is a -pooler host`;
    // Supabase's Supavisor and the PgBouncer convention: 6543 pools transactions, 5432 sessions.
    if (parsed.port === "6543")
        return "its port is 6543, the transaction pooler's port";
    return undefined;
}
/**
 * The URL's shape is enough to call a URL a transaction pooler; behaviour finds the rest (a
 * self-hosted PgBouncer on 5432, a pooler that drops the startup parameters it does not
 * know). A proxy whose backends were never seen shared is taken for a session pooler: the
 * probe cannot tell it apart from a transaction pooler that a busy application kept handing
 * other backends while the probe ran, which is why the URL's shape is never overruled.
 */
function judgePooler(url, behaviour) {
    const shape = transactionPoolerShape(url);
    if (shape)
        return { kind: "transaction-pooler", why: shape };
    if (behaviour?.sharedBackend) {
        return { kind: "transaction-pooler", why: "two of the action's connections through it were served by the same server session (transaction pooling)" };
    }
    return behaviour?.proxied ? { kind: "session-pooler" } : { kind: "direct" };
}

// Which URL Prisma migrates through, by Prisma's own rule, and what the action hands Prisma
// so that it does. Pure.
//
// Prisma's rule: Prisma 6 migrates through the schema's `directUrl` when it has one, else its
// `url`; Prisma 7 has no directUrl: its CLI migrates through prisma.config.ts's
// `datasource.url`, which may read any variable (`env("DIRECT_URL")` on a pooled setup).
// The action's rule on top: database-url is what the schema's `url` and DATABASE_URL stand
// for (the application's URL, pooled or not); direct-url is the URL to migrate through; and a
// variable the step set for migrations (the schema's directUrl, the config's variable) is the
// step's: it is never replaced by database-url, which would send Prisma through the pooler.
/**
 * What the config file is loaded with (Prisma 7): database-url as DATABASE_URL, and direct-url
 * as DIRECT_URL unless the step set DIRECT_URL itself, so that a config reading
 * `env("DIRECT_URL")` loads with either.
 */
function configEnvironment(inputs) {
    const env = { DATABASE_URL: inputs.databaseUrl };
    if (inputs.directUrl && !inputs.stepEnv.DIRECT_URL)
        env.DIRECT_URL = inputs.directUrl;
    return env;
}
function conflict(variable, stepValue, directUrl, where) {
    return {
        ok: false,
        problem: `direct-url (${describeTarget(directUrl)}) and ${variable} in the step's env (${describeTarget(stepValue)}), ${where}, name different URLs to migrate through; the action does not pick one.`,
        nextSteps: [`Give one of them: remove direct-url, or remove ${variable} from the step's env (or give both the same secret).`],
    };
}
function chosen(url, variable, because, env) {
    return { ok: true, route: { url, variable, because, env } };
}
/** The route for the log and the summary: the server (no credentials) and why, with why not database-url when it is a pooler. */
function describeRoute(route, databaseUrl) {
    const shape = route.url === databaseUrl ? undefined : transactionPoolerShape(databaseUrl);
    return `${describeTarget(route.url)}, ${route.because}${shape ? `, because database-url is a transaction pooler (${shape})` : ""}`;
}
/**
 * The variable that carries the migration URL: the step's value is kept, direct-url fills it
 * when the step did not set it (and must agree when it did), database-url only when neither.
 */
function migrationVariable(inputs, variable, what, env) {
    const stepValue = inputs.stepEnv[variable];
    if (stepValue && !(variable in env)) {
        if (inputs.directUrl && inputs.directUrl !== stepValue)
            return conflict(variable, stepValue, inputs.directUrl, what);
        return chosen(stepValue, variable, `through ${variable}, ${what}, as the step's env sets it`, { ...env, [variable]: stepValue });
    }
    if (inputs.directUrl)
        return chosen(inputs.directUrl, variable, `through direct-url, given to Prisma as ${variable}, ${what}`, { ...env, [variable]: inputs.directUrl });
    return chosen(inputs.databaseUrl, variable, `through database-url, given to Prisma as ${variable}, ${what}`, { ...env, [variable]: inputs.databaseUrl });
}
function chooseMigrationRoute(inputs) {
    if (inputs.major === 6) {
        const urlVariable = inputs.schema.url ?? "DATABASE_URL";
        const directVariable = inputs.schema.directUrl !== urlVariable ? inputs.schema.directUrl : undefined;
        const env = { [urlVariable]: inputs.databaseUrl };
        if (directVariable !== "DATABASE_URL")
            env.DATABASE_URL = inputs.databaseUrl;
        if (directVariable)
            return migrationVariable(inputs, directVariable, "the schema's directUrl", env);
        // No directUrl: migrations go through the url, which database-url (or direct-url, for the CLI only) fills.
        const url = inputs.directUrl ?? inputs.databaseUrl;
        const through = inputs.directUrl ? "direct-url" : "database-url";
        return chosen(url, urlVariable, `through ${through}, given to Prisma as ${urlVariable}, the schema's url (it has no directUrl)`, { ...env, [urlVariable]: url });
    }
    const env = configEnvironment(inputs);
    const loadedUrl = inputs.config?.url;
    if (loadedUrl === undefined) {
        // No datasource.url: Prisma 7 refuses to migrate and says so itself.
        return chosen(inputs.directUrl ?? inputs.databaseUrl, "DATABASE_URL", "through DATABASE_URL (prisma.config.ts sets no datasource.url)", { ...env, DATABASE_URL: inputs.directUrl ?? inputs.databaseUrl });
    }
    const valueOf = (name) => env[name] ?? inputs.stepEnv[name];
    const read = inputs.config?.variablesRead ?? [];
    // Of the variables read holding the loaded URL, the step's own before the ones the action set.
    const variable = [...read.filter((name) => !(name in env)), ...read.filter((name) => name in env)].find((name) => valueOf(name) === loadedUrl);
    const what = "which prisma.config.ts's datasource.url reads";
    if (variable === "DATABASE_URL") {
        // database-url stands for DATABASE_URL; with direct-url, the CLI gets that instead.
        const url = inputs.directUrl ?? inputs.databaseUrl;
        return chosen(url, variable, `through ${inputs.directUrl ? "direct-url" : "database-url"}, given to Prisma as DATABASE_URL, ${what}`, { ...env, DATABASE_URL: url });
    }
    if (variable)
        return migrationVariable(inputs, variable, what, env);
    if (inputs.directUrl && inputs.directUrl !== loadedUrl) {
        return {
            ok: false,
            problem: `prisma.config.ts builds datasource.url (${describeTarget(loadedUrl)}) from no single environment variable, so direct-url (${describeTarget(inputs.directUrl)}) cannot be handed to Prisma.`,
            nextSteps: ['Make datasource.url read one variable, `url: env("DIRECT_URL")`, and set DIRECT_URL in the step\'s env (or give it as direct-url).'],
        };
    }
    return chosen(loadedUrl, undefined, "through the URL prisma.config.ts's datasource.url builds", env);
}
/** What a person does to give Prisma a direct connection, for this project. */
function directConnectionSteps(inputs, schemaFile) {
    const project = inputs.major === 6
        ? inputs.schema.directUrl
            ? `Or set ${inputs.schema.directUrl}, which the schema's directUrl reads, to the direct URL in the step's env: \`env: { ${inputs.schema.directUrl}: \${{ secrets.DIRECT_URL }} }\`.`
            : `Or do as Prisma documents for poolers: add \`directUrl = env("DIRECT_URL")\` to the datasource block of ${schemaFile}, and set DIRECT_URL in the step's env: \`env: { DIRECT_URL: \${{ secrets.DIRECT_URL }} }\`.`
        : `Or make prisma.config.ts migrate through it: \`datasource: { url: env("DIRECT_URL") }\`, with DIRECT_URL in the step's env: \`env: { DIRECT_URL: \${{ secrets.DIRECT_URL }} }\`.`;
    return [
        "Give the direct connection as the input direct-url: `direct-url: ${{ secrets.DIRECT_URL }}` (database-url stays the pooled URL your application uses).",
        project,
        "Supabase: the session pooler, `postgresql://postgres.<ref>:<password>@aws-0-<region>.pooler.supabase.com:5432/postgres` (port 5432, not 6543; GitHub's runners have no IPv6 for the direct db.<ref>.supabase.co). Neon: the same host without `-pooler` (`ep-<name>.<region>.aws.neon.tech`).",
    ];
}
/**
 * Refusal when Prisma would migrate through a transaction pooler: its migrate takes a
 * session-level advisory lock, which such a pooler leaves held on a server connection that
 * nobody owns, blocking every later deploy.
 */
function transactionPoolerRefusal(inputs, route, why, schemaFile) {
    const unusedDirectUrl = inputs.stepEnv.DIRECT_URL && route.variable !== "DIRECT_URL" ? " DIRECT_URL is set in the step's env, but nothing Prisma migrates through reads it." : "";
    return {
        problem: `Prisma would migrate to ${describeTarget(route.url)} ${route.because}, which is a transaction-mode pooler: ${why}. ` +
            `Prisma's migrate takes a session-level advisory lock (${PRISMA_LOCK_CALL}); through a transaction pooler that lock stays held on a pooled server connection after Prisma leaves, and blocks every later migration. ` +
            `No direct connection was given, so nothing was migrated or deployed.${unusedDirectUrl}`,
        nextSteps: directConnectionSteps(inputs, schemaFile),
    };
}

/**
 * Rounds of "which backend serves each of two open connections". Measured against PgBouncer
 * 1.18 in transaction mode: with the pool idle, the second connection is served by the first
 * one's backend at once (PgBouncer hands out the server connection released last). A busy
 * pool may hand out others; a few rounds make a miss unlikely, not impossible, so the URL's
 * shape is checked as well. Where the key data named the backend (a server, or a pooler
 * passing the server's key data through) one round is enough to catch an idle pool.
 */
const PROXIED_ROUNDS = 3;
const DIRECT_ROUNDS = 1;
async function backendPid(client) {
    const { rows } = await client.query("SELECT pg_backend_pid() AS pid");
    return rows[0].pid;
}
/**
 * The behaviour of the server behind `first` (a connection made by connect() to `url`). Only
 * reads pg_backend_pid(): nothing is set, locked or left on a pooled server connection. A
 * session whose key data names its backend is probed too: a pooler may pass the server's key
 * data through.
 */
async function probePooler(url, first) {
    const { proxied } = sessionPath(first);
    let second;
    try {
        second = await connect(url);
    }
    catch (error) {
        // A server answering itself that allows no second session (a role's connection limit) is
        // no pooler that passes key data through: that would take any number of clients. Through
        // a pooler, its mode cannot be told without the second connection.
        if (!proxied)
            return { proxied, sharedBackend: false };
        throw error;
    }
    try {
        for (let round = 0; round < (proxied ? PROXIED_ROUNDS : DIRECT_ROUNDS); round++) {
            const firstBefore = await backendPid(first);
            const secondPid = await backendPid(second);
            const firstAfter = await backendPid(first);
            if (secondPid === firstBefore || secondPid === firstAfter || firstBefore !== firstAfter)
                return { proxied, sharedBackend: true };
        }
        return { proxied, sharedBackend: false };
    }
    finally {
        await second.end().catch(() => undefined);
    }
}

/** What the Prisma config file is loaded with, so that it resolves the variables the route fills. */
function configLoadEnvironment(options, ports) {
    return configEnvironment({ ...options, stepEnv: ports.environment });
}
function refusal(routed, why) {
    const { problem, nextSteps } = transactionPoolerRefusal(routed.inputs, routed.route, why, routed.schemaFile);
    return new GateError("transaction-pooler", problem, nextSteps);
}
function routeMigrations(install, project, options, ports) {
    const inputs = {
        major: install.major,
        databaseUrl: options.databaseUrl,
        directUrl: options.directUrl,
        schema: datasourceVariables(project.schemaFiles),
        config: project.configDatasource,
        stepEnv: ports.environment,
    };
    const choice = chooseMigrationRoute(inputs);
    if (!choice.ok)
        throw new GateError("invalid-input", `${choice.problem} Nothing was changed.`, choice.nextSteps);
    // The step's own DIRECT_URL, or what the config builds, is no option the settings masked.
    for (const form of secretFormsOfUrl(choice.route.url))
        ports.reporter.registerSecret(form);
    const routed = { route: choice.route, inputs, schemaFile: projectFiles(project).schema, description: describeRoute(choice.route, options.databaseUrl) };
    ports.reporter.info(`Migrations go to ${routed.description}.`);
    return routed;
}
/**
 * Without a client, by the URL's shape alone, before anything connects. With `client` (a
 * connection to the route's URL), also a pooler the URL does not give away (a self-hosted
 * PgBouncer on 5432, one that ignores the startup parameters it does not know), found by how
 * it hands out server sessions. The probe only reads pg_backend_pid(): nothing is set or
 * locked on a pooled server connection.
 */
async function refuseTransactionPooler(routed, ports, client) {
    const byShape = judgePooler(routed.route.url);
    if (byShape.kind === "transaction-pooler")
        throw refusal(routed, byShape.why);
    if (!client)
        return;
    const verdict = judgePooler(routed.route.url, await probePooler(routed.route.url, client));
    if (verdict.kind === "transaction-pooler")
        throw refusal(routed, verdict.why);
    if (verdict.kind === "session-pooler") {
        ports.reporter.info("The server answers through a pooler or proxy that keeps one server session per connection (session mode): Prisma's advisory lock behaves there.");
    }
}

export { refuseTransactionPooler as a, statementNamedByError as b, configLoadEnvironment as c, failedMigrationEffects as f, migrationDeliveryOf as m, routeMigrations as r, statementAtPosition as s };
