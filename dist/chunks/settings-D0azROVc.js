import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { p as parseDuration } from './duration-nHHrcb7T.js';
import { G as GateError } from './errors-DBjELbro.js';
import { r as registerSecret } from './redact-CL-xqSaj.js';
import { O as OPTIONS, d as defaultValue, C as COMMANDS, o as option } from './options-DIaJ1Lml.js';
import { p as parsePostgresVersion } from './postgres-version-C25lLO17.js';

// The one gateway for options: the action's inputs and the command line's flags both arrive
// here as an InputReader. Every option is validated before the first side effect, and every
// secret and its derived forms are registered before anything could print them.
const FAIL_ON = ["error", "warning", "never"];
const BACKUP_MODES = ["never", "destructive", "always"];
/** What contract-migrations does with a migration that the running version may still use (see gate/contract-plan.ts). */
const CONTRACT_MODES = ["allow", "block", "after-deploy"];
const OBJECT_ID = /^[0-9a-f]{24}$/;
function invalid(message, ...nextSteps) {
    return new GateError("invalid-input", message, nextSteps);
}
function oneOf(name, value, allowed) {
    if (allowed.includes(value))
        return value;
    throw invalid(`Invalid ${name} '${value}'. Expected one of: ${allowed.join(", ")}.`);
}
function duration(name, value) {
    const ms = parseDuration(value);
    if (ms === undefined || ms <= 0) {
        throw invalid(`Invalid ${name} '${value}'. Expected a duration such as 90s, 5m, 1h or a number of seconds, at most 24 days.`);
    }
    return ms;
}
/** A duration where 0 switches the behaviour off. */
function durationOrOff(name, value) {
    const ms = parseDuration(value);
    if (ms === undefined) {
        throw invalid(`Invalid ${name} '${value}'. Expected a duration such as 10s, 1m or a number of seconds, or 0 to turn it off.`);
    }
    return ms;
}
function httpUrl(name, value) {
    let parsed;
    try {
        parsed = new URL(value);
    }
    catch {
        parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
        throw invalid(`Invalid ${name} '${value}'. Expected an http(s) URL such as https://api.example.com/health.`);
    }
    return value;
}
function positiveInteger(name, value) {
    if (!/^\d+$/.test(value) || Number(value) < 1) {
        throw invalid(`Invalid ${name} '${value}'. Expected a whole number of at least 1.`);
    }
    return Number(value);
}
/** A PostgreSQL major as the lint rules take it: 9.6, 10, 11, ... */
function postgresMajor(name, value) {
    const major = parsePostgresVersion(value);
    if (major === undefined) {
        throw invalid(`Invalid ${name} '${value}'. Expected a PostgreSQL major version such as 16 or 9.6 (9.6 and later).`, "The database tells its own: psql \"$DATABASE_URL\" -c 'SHOW server_version'");
    }
    return major;
}
function bool(name, value) {
    if (/^(true|yes|1)$/i.test(value))
        return true;
    if (/^(false|no|0)$/i.test(value))
        return false;
    throw invalid(`Invalid ${name} '${value}'. Expected true or false.`);
}
/** Every form in which a URL's password could be printed: raw, decoded, re-encoded. */
function secretFormsOfUrl(url) {
    const forms = [url];
    try {
        const parsed = new URL(url);
        if (parsed.password) {
            const decoded = safeDecode(parsed.password);
            const encoded = encodeURIComponent(decoded);
            // Percent-encoding may be written in either case; base64 is how a password travels in a header or a config blob.
            const lowerEncoded = encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
            forms.push(parsed.password, decoded, encoded, lowerEncoded, Buffer.from(decoded).toString("base64"));
        }
        // The password of a client identity file (sslidentity), as Prisma reads it from the query.
        for (const identityPassword of parsed.searchParams.getAll("sslpassword")) {
            forms.push(identityPassword, encodeURIComponent(identityPassword), new URLSearchParams({ p: identityPassword }).toString().slice(2));
        }
    }
    catch {
        // Not a URL: the raw string is all there is to mask.
    }
    return [...new Set(forms.filter((form) => form.length > 0))];
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
function postgresUrl(name, value) {
    let parsed;
    try {
        parsed = new URL(value);
    }
    catch {
        throw invalid(`Invalid ${name}: it is not a URL. Expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE (special characters in the password percent-encoded).`);
    }
    if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
        throw invalid(`Invalid ${name}: the scheme is '${parsed.protocol.replace(/:$/, "")}'. This action migrates PostgreSQL: expected postgresql://…`);
    }
    if (!parsed.hostname)
        throw invalid(`Invalid ${name}: it names no host.`);
    if (parsed.pathname.length <= 1)
        throw invalid(`Invalid ${name}: it names no database (…/DATABASE at the end).`);
    return value;
}
function folder(name, value, base) {
    const resolved = path.resolve(base, value);
    if (!existsSync(resolved)) {
        throw invalid(`The ${name} '${value}' does not exist (resolved to ${resolved}).`, "Check out the repository first (actions/checkout) and give the path relative to the repository root.");
    }
    if (!statSync(resolved).isDirectory()) {
        throw invalid(`The ${name} '${value}' is a file, not a folder (resolved to ${resolved}).`, `Give ${name} the folder to package, e.g. the one that contains it: ${path.dirname(value)}`);
    }
    return resolved;
}
function existingFile(name, value, base) {
    const resolved = path.resolve(base, value);
    if (!existsSync(resolved) || !statSync(resolved).isFile()) {
        throw invalid(`The ${name} file '${value}' does not exist (resolved to ${resolved}).`, "Give the path of a SQL file, relative to the working-directory.");
    }
    return resolved;
}
/** Every form in which a secret option could be printed: itself, a URL's password, an auth header. */
function registerSecretForms(value, registerSecret) {
    const forms = secretFormsOfUrl(value);
    forms.forEach(registerSecret);
    // A token or key (not a URL with a password) also travels as an Authorization header.
    if (forms.length === 1)
        registerSecret(`Bearer ${value}`);
}
/** The command the options ask for, read before validation so that even a refused run reports it. */
function requestedCommand(input) {
    return input("command").trim() || defaultValue("command");
}
/** The database URL a command cannot run without, validated; refused with how to give it. */
function requiredDatabaseUrl(value, command, dialect) {
    if (!value) {
        throw invalid(`${dialect.noun} ${dialect.name("database-url")} is required for command '${command}'.`, dialect.howToSet("database-url"));
    }
    return postgresUrl(dialect.name("database-url"), value);
}
/** How the action names its inputs: as `with:` keys, set from a workflow. */
function actionDialect(registerSecret) {
    return {
        noun: "Input",
        name: (option) => option,
        howToSet: (name, example) => example === undefined
            ? `Pass it from a secret: \`${name}: \${{ secrets.${option(name).env ?? name.toUpperCase().replace(/-/g, "_")} }}\`.`
            : `Pass \`${name}: ${example}\`.`,
        registerSecret,
    };
}
/**
 * Builds the settings from the options. Throws GateError('invalid-input') on the first
 * problem, before anything touches a database, the network or the file system beyond
 * checking that folders exist. `workspace` is what relative folders are resolved against.
 */
function readSettings(input, workspace, dialect = actionDialect(registerSecret)) {
    /** The option, trimmed, or the table's default when it is empty. */
    const text = (option) => input(option).trim() || defaultValue(option);
    const optional = (option) => text(option) || undefined;
    const name = dialect.name;
    // Secrets first, so that even an error about a later option cannot echo them.
    for (const secret of OPTIONS.filter((candidate) => candidate.secret)) {
        // squash takes several database URLs, one a line.
        for (const value of text(secret.name).split("\n")) {
            if (value.trim())
                registerSecretForms(value.trim(), dialect.registerSecret);
        }
    }
    const databaseUrlRaw = optional("database-url");
    const directUrlRaw = optional("direct-url");
    const shadowRaw = optional("shadow-database-url");
    const apiKey = optional("zeabur-api-key");
    const githubToken = optional("github-token");
    const command = oneOf(name("command"), text("command"), COMMANDS);
    const workingDirectory = folder(name("working-directory"), text("working-directory"), workspace);
    const maxAttempts = positiveInteger(name("max-attempts"), text("max-attempts"));
    const timeoutMs = duration(name("timeout"), text("timeout"));
    const staleText = optional("terminate-stale-lock-after");
    const terminateStaleLockAfterMs = staleText === undefined ? undefined : duration(name("terminate-stale-lock-after"), staleText);
    const ddlLockWaitMs = durationOrOff(name("ddl-lock-wait"), text("ddl-lock-wait"));
    const backup = oneOf(name("backup"), text("backup"), BACKUP_MODES);
    const contractMigrations = oneOf(name("contract-migrations"), text("contract-migrations"), CONTRACT_MODES);
    const backupPath = path.resolve(workspace, text("backup-path"));
    const wait = bool(name("wait"), text("wait"));
    const allowStaleBuild = bool(name("allow-stale-build"), text("allow-stale-build"));
    const waitTimeoutMs = duration(name("wait-timeout"), text("wait-timeout"));
    const uploadTimeoutMs = duration(name("upload-timeout"), text("upload-timeout"));
    const settleMs = durationOrOff(name("settle-period"), text("settle-period"));
    const healthUrl = optional("health-url") && httpUrl(name("health-url"), text("health-url"));
    const failOn = oneOf(name("fail-on"), text("fail-on"), FAIL_ON);
    const postgresVersionText = optional("postgres-version");
    const postgresVersion = postgresVersionText === undefined ? undefined : postgresMajor(name("postgres-version"), postgresVersionText);
    const exclude = input("exclude")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.length > 0 && !line.startsWith("#"));
    const databaseUrls = (databaseUrlRaw ?? "")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
        .map((url) => postgresUrl(name("database-url"), url));
    if (databaseUrls.length > 1 && command !== "squash") {
        throw invalid(`${name("database-url")} holds ${databaseUrls.length} URLs; only squash takes more than one.`);
    }
    const databaseUrl = databaseUrls[0];
    const shadowDatabaseUrl = shadowRaw && postgresUrl(name("shadow-database-url"), shadowRaw);
    const directUrl = directUrlRaw && postgresUrl(name("direct-url"), directUrlRaw);
    const deployPathText = optional("deploy-path");
    const common = {
        command,
        workingDirectory,
        databaseUrl,
        directUrl,
        maxAttempts,
        timeoutMs,
        terminateStaleLockAfterMs,
        allowStaleBuild,
        ddlLockWaitMs,
        backup,
        contractMigrations,
        backupPath,
        deployPath: deployPathText ? folder(name("deploy-path"), deployPathText, workspace) : workingDirectory,
        exclude,
        uploadTimeoutMs,
        wait,
        waitTimeoutMs,
        settleMs,
        healthUrl,
        githubToken,
        githubEnvironment: text("github-environment"),
        shadowDatabaseUrl,
        baseRef: optional("base-ref"),
        failOn,
        postgresVersion,
        zeabur: undefined,
    };
    const requireDatabase = () => requiredDatabaseUrl(databaseUrl, command, dialect);
    switch (command) {
        case "migrate":
            refuseAfterDeployWithout("command deploy");
            return Object.freeze({ ...common, command, databaseUrl: requireDatabase() });
        case "status":
            return Object.freeze({ ...common, command, databaseUrl: requireDatabase() });
        case "deploy": {
            if (!wait)
                refuseAfterDeployWithout(`${name("wait")} true`);
            const gate = requireDatabase();
            return Object.freeze({ ...common, command, databaseUrl: gate, zeabur: zeaburSettings() });
        }
        case "upload":
            return Object.freeze({ ...common, command, zeabur: zeaburSettings() });
        case "resolve":
            return Object.freeze({ ...common, command, databaseUrl: requireDatabase(), ...resolveOptions() });
        case "squash": {
            if (!shadowDatabaseUrl) {
                throw invalid(`${name("shadow-database-url")} is required for squash: the old history and the new baseline are each applied to a scratch database created beside it, and their catalogs compared.`, `Pass a disposable database: ${dialect.howToSet("shadow-database-url", "postgresql://postgres:postgres@localhost:5432/shadow")}.`);
            }
            for (const url of databaseUrls) {
                if (sameDatabase(url, shadowDatabaseUrl)) {
                    throw invalid(`${name("shadow-database-url")} points at the same database as one of the ${name("database-url")} values. Scratch databases are created beside it: it must be a disposable one.`);
                }
            }
            const append = optional("append");
            return Object.freeze({
                ...common,
                command,
                shadowDatabaseUrl,
                databaseUrls,
                appendPath: append ? existingFile(name("append"), append, workingDirectory) : undefined,
                dryRun: bool(name("dry-run"), text("dry-run")),
            });
        }
        case "check": {
            if (!shadowDatabaseUrl) {
                throw invalid(`${dialect.noun} ${name("shadow-database-url")} is required for command 'check': Prisma replays the migrations into it to compare them with the schema.`, `Use a disposable PostgreSQL database (in CI, a service container). ${dialect.howToSet("shadow-database-url", "postgresql://postgres:postgres@localhost:5432/shadow")}`);
            }
            refuseShadowOnDatabase();
            return Object.freeze({ ...common, command, shadowDatabaseUrl });
        }
    }
    /** after-deploy applies contract migrations once the new version is healthy: it needs the deploy, and to follow it. */
    function refuseAfterDeployWithout(needed) {
        if (contractMigrations !== "after-deploy")
            return;
        throw invalid(`${name("contract-migrations")} after-deploy needs ${needed}: the contract migrations are applied only once the new deployment is followed to healthy.`, command === "migrate" ? `Use command deploy, or stop before a contract migration instead: ${dialect.howToSet("contract-migrations", "block")}` : dialect.howToSet("wait", "true"));
    }
    function refuseShadowOnDatabase() {
        if (databaseUrl && shadowDatabaseUrl && sameDatabase(databaseUrl, shadowDatabaseUrl)) {
            throw invalid(`${name("shadow-database-url")} points at the same database as ${name("database-url")}. The shadow database is reset: it must be a disposable one, never a real database.`);
        }
    }
    function resolveOptions() {
        refuseShadowOnDatabase();
        const rolledBack = optional("rolled-back");
        const applied = optional("applied");
        const force = optional("force");
        const downSql = optional("down-sql");
        for (const [option, value] of [["rolled-back", rolledBack], ["applied", applied]]) {
            if (value !== undefined && !/^[^/\\\s"'`$]+$/.test(value)) {
                throw invalid(`Invalid ${name(option)} '${value}'. Expected the name of a migration folder, such as 20260102000000_add_orders.`);
            }
        }
        if (rolledBack && applied) {
            throw invalid(`${name("rolled-back")} and ${name("applied")} were both given. A failed migration is either rolled back (to be applied again) or completed by hand (applied): choose one.`);
        }
        if (force && !applied) {
            throw invalid(`${name("force")} only applies to ${name("applied")}: it is the reason to record a migration applied although its objects are missing.`);
        }
        const needsShadow = [applied && !force ? name("applied") : undefined, downSql ? name("down-sql") : undefined].filter(Boolean);
        if (needsShadow.length > 0 && !shadowDatabaseUrl) {
            throw invalid(`${needsShadow.join(" and ")} need${needsShadow.length === 1 ? "s" : ""} ${name("shadow-database-url")}: the migrations before the failed one are replayed into it to compare with the database.`, `Pass a disposable database: ${dialect.howToSet("shadow-database-url", "postgresql://postgres:postgres@localhost:5432/shadow")}.`);
        }
        const decision = rolledBack
            ? { kind: "rolled-back", migration: rolledBack }
            : applied
                ? { kind: "applied", migration: applied, force }
                : undefined;
        return { decision, downSqlPath: downSql ? path.resolve(workingDirectory, downSql) : undefined };
    }
    function zeaburSettings() {
        const serviceId = text("zeabur-service-id");
        const environmentId = text("zeabur-environment-id");
        const missing = [
            apiKey ? undefined : name("zeabur-api-key"),
            serviceId ? undefined : name("zeabur-service-id"),
            environmentId ? undefined : name("zeabur-environment-id"),
        ].filter(Boolean);
        if (!apiKey || missing.length > 0) {
            throw invalid(`${dialect.noun} ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} required for command '${command}'.`, "Create an API key in the Zeabur dashboard (Settings → Developer), store it as a secret, and copy the service and environment ids from the service's URL.");
        }
        for (const [option, value] of [["zeabur-service-id", serviceId], ["zeabur-environment-id", environmentId]]) {
            if (!OBJECT_ID.test(value)) {
                throw invalid(`Invalid ${name(option)} '${value}'. Zeabur ids are 24 hexadecimal characters, as in the dashboard URL …/services/<id>?envID=<id>.`);
            }
        }
        const apiUrlText = text("zeabur-api-url");
        const badApiUrl = () => invalid(`Invalid ${name("zeabur-api-url")} '${apiUrlText}'. Expected an http(s) URL such as https://api.zeabur.com.`);
        let apiUrl;
        try {
            apiUrl = new URL(apiUrlText);
        }
        catch {
            throw badApiUrl();
        }
        if (apiUrl.protocol !== "https:" && apiUrl.protocol !== "http:")
            throw badApiUrl();
        return { apiKey, serviceId, environmentId, apiUrl: apiUrlText.replace(/\/+$/, "") };
    }
}
function sameDatabase(a, b) {
    const left = new URL(a);
    const right = new URL(b);
    const port = (url) => url.port || "5432";
    return left.hostname === right.hostname && port(left) === port(right) && left.pathname === right.pathname;
}

export { FAIL_ON as F, readSettings as a, actionDialect as b, requiredDatabaseUrl as c, postgresMajor as p, requestedCommand as r, secretFormsOfUrl as s };
