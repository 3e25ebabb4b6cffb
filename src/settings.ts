// The one gateway for options: the action's inputs and the command line's flags both arrive
// here as an InputReader. Every option is validated before the first side effect, and every
// secret and its derived forms are registered before anything could print them.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { parseDuration } from "./duration.js";
import { GateError } from "./errors.js";
import { registerSecret } from "./redact.js";
import { COMMANDS, defaultValue, option, OPTIONS, type Command, type OptionName } from "./options.js";
import { parsePostgresVersion } from "./check/postgres-version.js";

export { COMMANDS, type Command };

export const FAIL_ON = ["error", "warning", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const BACKUP_MODES = ["never", "destructive", "always"] as const;
export type BackupMode = (typeof BACKUP_MODES)[number];

/** What contract-migrations does with a migration that the running version may still use (see gate/contract-plan.ts). */
export const CONTRACT_MODES = ["allow", "block", "after-deploy"] as const;
export type ContractMode = (typeof CONTRACT_MODES)[number];

export interface ZeaburSettings {
  readonly apiKey: string;
  readonly serviceId: string;
  readonly environmentId: string;
  /** Without a trailing slash. */
  readonly apiUrl: string;
}

/** What every command's settings hold; each command's type below says what it requires. */
interface CommonSettings {
  readonly command: Command;
  /** Absolute; where `prisma/` lives and from where the project's `prisma` package resolves. */
  readonly workingDirectory: string;
  readonly databaseUrl?: string;
  /** The URL to migrate through when databaseUrl is a transaction pooler. */
  readonly directUrl?: string;
  readonly maxAttempts: number;
  /** Deadline for the whole run. */
  readonly timeoutMs: number;
  /** Idle lock holders older than this may be terminated; undefined means never. */
  readonly terminateStaleLockAfterMs?: number;
  /** Deploy even when the database has applied migrations this build's folder lacks. */
  readonly allowStaleBuild: boolean;
  /** How long a migration may wait for a table lock before a provably safe one is cancelled; 0 means never. */
  readonly ddlLockWaitMs: number;
  readonly backup: BackupMode;
  /** What to do with pending migrations that remove or restrict what the running version may still use. */
  readonly contractMigrations: ContractMode;
  /** Absolute; each run's backup goes into a timestamped folder inside. */
  readonly backupPath: string;
  readonly zeabur?: ZeaburSettings;
  /** Absolute folder to package. */
  readonly deployPath: string;
  readonly exclude: readonly string[];
  /** The budget of the whole upload (create, send, prepare). */
  readonly uploadTimeoutMs: number;
  readonly wait: boolean;
  readonly waitTimeoutMs: number;
  /** How long a RUNNING deployment is still followed; 0: RUNNING is enough. */
  readonly settleMs: number;
  readonly healthUrl?: string;
  readonly githubToken?: string;
  /** The GitHub Deployments environment a deploy is recorded under. */
  readonly githubEnvironment: string;
  readonly shadowDatabaseUrl?: string;
  readonly baseRef?: string;
  readonly failOn: FailOn;
  /** The PostgreSQL major the lint rules judge for, when given; the database's own version wins. */
  readonly postgresVersion?: number;
}

/** The migration gate's needs: `migrate` and the first half of `deploy`. */
export type GateSettings = CommonSettings & { readonly databaseUrl: string };
/** Packaging and shipping to Zeabur: `upload` and the second half of `deploy`. */
export type ShipSettings = CommonSettings & { readonly zeabur: ZeaburSettings };

export type MigrateSettings = GateSettings & { readonly command: "migrate" };
export type DeploySettings = GateSettings & ShipSettings & { readonly command: "deploy" };
export type UploadSettings = ShipSettings & { readonly command: "upload" };
export type StatusSettings = CommonSettings & { readonly command: "status"; readonly databaseUrl: string };
export type CheckSettings = CommonSettings & { readonly command: "check"; readonly shadowDatabaseUrl: string };

/** What `resolve` records for a failed migration; absent: it only reports. */
export type ResolveDecision =
  | { readonly kind: "rolled-back"; readonly migration: string }
  /** `force` is the person's reason to record it although its objects are missing. */
  | { readonly kind: "applied"; readonly migration: string; readonly force?: string };

export type ResolveSettings = CommonSettings & {
  readonly command: "resolve";
  readonly databaseUrl: string;
  readonly decision?: ResolveDecision;
  /** Absolute path the SQL back to the state before the migration is written to. */
  readonly downSqlPath?: string;
};
export type SquashSettings = CommonSettings & {
  readonly command: "squash";
  readonly shadowDatabaseUrl: string;
  /** Every database the baseline is recorded in; it must be at the latest migration. */
  readonly databaseUrls: readonly string[];
  /** Absolute path of the SQL appended to the baseline. */
  readonly appendPath?: string;
  readonly dryRun: boolean;
};
export type Settings = MigrateSettings | DeploySettings | UploadSettings | StatusSettings | CheckSettings | ResolveSettings | SquashSettings;

/**
 * What differs between the front-ends reading the options: how an option is named in a
 * message (`database-url` in a workflow, `--database-url` on the command line), how to give
 * it a value, and where secrets are registered.
 */
export interface OptionDialect {
  /** What this front-end calls an option at the start of a sentence: "Input", "Option". */
  readonly noun: string;
  /** The option as a person using this front-end writes it. */
  name(option: OptionName): string;
  /**
   * A sentence saying how to give the option a value, with an exact example fit to paste;
   * without `example`, a secret taken from where this front-end keeps secrets.
   */
  howToSet(option: OptionName, example?: string): string;
  /** Called for every secret and every derived form of it, before any validation message. */
  registerSecret(secret: string): void;
}

/** Reads options by name; `core.getInput` in the action, flags and environment on the command line, a map in unit tests. */
export type InputReader = (name: OptionName) => string;

const OBJECT_ID = /^[0-9a-f]{24}$/;

function invalid(message: string, ...nextSteps: string[]): GateError {
  return new GateError("invalid-input", message, nextSteps);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(`Invalid ${name} '${value}'. Expected one of: ${allowed.join(", ")}.`);
}

function duration(name: string, value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) {
    throw invalid(`Invalid ${name} '${value}'. Expected a duration such as 90s, 5m, 1h or a number of seconds, at most 24 days.`);
  }
  return ms;
}

/** A duration where 0 switches the behaviour off. */
function durationOrOff(name: string, value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) {
    throw invalid(`Invalid ${name} '${value}'. Expected a duration such as 10s, 1m or a number of seconds, or 0 to turn it off.`);
  }
  return ms;
}

function httpUrl(name: string, value: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw invalid(`Invalid ${name} '${value}'. Expected an http(s) URL such as https://api.example.com/health.`);
  }
  return value;
}

function positiveInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw invalid(`Invalid ${name} '${value}'. Expected a whole number of at least 1.`);
  }
  return Number(value);
}

/** A PostgreSQL major as the lint rules take it: 9.6, 10, 11, ... */
export function postgresMajor(name: string, value: string): number {
  const major = parsePostgresVersion(value);
  if (major === undefined) {
    throw invalid(
      `Invalid ${name} '${value}'. Expected a PostgreSQL major version such as 16 or 9.6 (9.6 and later).`,
      "The database tells its own: psql \"$DATABASE_URL\" -c 'SHOW server_version'",
    );
  }
  return major;
}

function bool(name: string, value: string): boolean {
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  throw invalid(`Invalid ${name} '${value}'. Expected true or false.`);
}

/** Every form in which a URL's password could be printed: raw, decoded, re-encoded. */
export function secretFormsOfUrl(url: string): string[] {
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
  } catch {
    // Not a URL: the raw string is all there is to mask.
  }
  return [...new Set(forms.filter((form) => form.length > 0))];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function postgresUrl(name: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalid(
      `Invalid ${name}: it is not a URL. Expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE (special characters in the password percent-encoded).`,
    );
  }
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    throw invalid(`Invalid ${name}: the scheme is '${parsed.protocol.replace(/:$/, "")}'. This action migrates PostgreSQL: expected postgresql://…`);
  }
  if (!parsed.hostname) throw invalid(`Invalid ${name}: it names no host.`);
  if (parsed.pathname.length <= 1) throw invalid(`Invalid ${name}: it names no database (…/DATABASE at the end).`);
  return value;
}

function folder(name: string, value: string, base: string): string {
  const resolved = path.resolve(base, value);
  if (!existsSync(resolved)) {
    throw invalid(
      `The ${name} '${value}' does not exist (resolved to ${resolved}).`,
      "Check out the repository first (actions/checkout) and give the path relative to the repository root.",
    );
  }
  if (!statSync(resolved).isDirectory()) {
    throw invalid(
      `The ${name} '${value}' is a file, not a folder (resolved to ${resolved}).`,
      `Give ${name} the folder to package, e.g. the one that contains it: ${path.dirname(value)}`,
    );
  }
  return resolved;
}

function existingFile(name: string, value: string, base: string): string {
  const resolved = path.resolve(base, value);
  if (!existsSync(resolved) || !statSync(resolved).isFile()) {
    throw invalid(`The ${name} file '${value}' does not exist (resolved to ${resolved}).`, "Give the path of a SQL file, relative to the working-directory.");
  }
  return resolved;
}

/** Every form in which a secret option could be printed: itself, a URL's password, an auth header. */
function registerSecretForms(value: string, registerSecret: (secret: string) => void): void {
  const forms = secretFormsOfUrl(value);
  forms.forEach(registerSecret);
  // A token or key (not a URL with a password) also travels as an Authorization header.
  if (forms.length === 1) registerSecret(`Bearer ${value}`);
}

/** The command the options ask for, read before validation so that even a refused run reports it. */
export function requestedCommand(input: InputReader): string {
  return input("command").trim() || defaultValue("command");
}

/** The database URL a command cannot run without, validated; refused with how to give it. */
export function requiredDatabaseUrl(value: string | undefined, command: string, dialect: OptionDialect): string {
  if (!value) {
    throw invalid(`${dialect.noun} ${dialect.name("database-url")} is required for command '${command}'.`, dialect.howToSet("database-url"));
  }
  return postgresUrl(dialect.name("database-url"), value);
}

/** How the action names its inputs: as `with:` keys, set from a workflow. */
export function actionDialect(registerSecret: (secret: string) => void): OptionDialect {
  return {
    noun: "Input",
    name: (option) => option,
    howToSet: (name, example) =>
      example === undefined
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
export function readSettings(input: InputReader, workspace: string, dialect: OptionDialect = actionDialect(registerSecret)): Settings {
  /** The option, trimmed, or the table's default when it is empty. */
  const text = (option: OptionName): string => input(option).trim() || defaultValue(option);
  const optional = (option: OptionName): string | undefined => text(option) || undefined;
  const name = dialect.name;

  // Secrets first, so that even an error about a later option cannot echo them.
  for (const secret of OPTIONS.filter((candidate) => candidate.secret)) {
    // squash takes several database URLs, one a line.
    for (const value of text(secret.name).split("\n")) {
      if (value.trim()) registerSecretForms(value.trim(), dialect.registerSecret);
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
    zeabur: undefined as ZeaburSettings | undefined,
  };

  const requireDatabase = (): string => requiredDatabaseUrl(databaseUrl, command, dialect);

  switch (command) {
    case "migrate":
      refuseAfterDeployWithout("command deploy");
      return Object.freeze({ ...common, command, databaseUrl: requireDatabase() });
    case "status":
      return Object.freeze({ ...common, command, databaseUrl: requireDatabase() });
    case "deploy": {
      if (!wait) refuseAfterDeployWithout(`${name("wait")} true`);
      const gate = requireDatabase();
      return Object.freeze({ ...common, command, databaseUrl: gate, zeabur: zeaburSettings() });
    }
    case "upload":
      return Object.freeze({ ...common, command, zeabur: zeaburSettings() });
    case "resolve":
      return Object.freeze({ ...common, command, databaseUrl: requireDatabase(), ...resolveOptions() });
    case "squash": {
      if (!shadowDatabaseUrl) {
        throw invalid(
          `${name("shadow-database-url")} is required for squash: the old history and the new baseline are each applied to a scratch database created beside it, and their catalogs compared.`,
          `Pass a disposable database: ${dialect.howToSet("shadow-database-url", "postgresql://postgres:postgres@localhost:5432/shadow")}.`,
        );
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
        throw invalid(
          `${dialect.noun} ${name("shadow-database-url")} is required for command 'check': Prisma replays the migrations into it to compare them with the schema.`,
          `Use a disposable PostgreSQL database (in CI, a service container). ${dialect.howToSet("shadow-database-url", "postgresql://postgres:postgres@localhost:5432/shadow")}`,
        );
      }
      refuseShadowOnDatabase();
      return Object.freeze({ ...common, command, shadowDatabaseUrl });
    }
  }

  /** after-deploy applies contract migrations once the new version is healthy: it needs the deploy, and to follow it. */
  function refuseAfterDeployWithout(needed: string): void {
    if (contractMigrations !== "after-deploy") return;
    throw invalid(
      `${name("contract-migrations")} after-deploy needs ${needed}: the contract migrations are applied only once the new deployment is followed to healthy.`,
      command === "migrate" ? `Use command deploy, or stop before a contract migration instead: ${dialect.howToSet("contract-migrations", "block")}` : dialect.howToSet("wait", "true"),
    );
  }

  function refuseShadowOnDatabase(): void {
    if (databaseUrl && shadowDatabaseUrl && sameDatabase(databaseUrl, shadowDatabaseUrl)) {
      throw invalid(
        `${name("shadow-database-url")} points at the same database as ${name("database-url")}. The shadow database is reset: it must be a disposable one, never a real database.`,
      );
    }
  }

  function resolveOptions(): { decision?: ResolveDecision; downSqlPath?: string } {
    refuseShadowOnDatabase();
    const rolledBack = optional("rolled-back");
    const applied = optional("applied");
    const force = optional("force");
    const downSql = optional("down-sql");
    for (const [option, value] of [["rolled-back", rolledBack], ["applied", applied]] as const) {
      if (value !== undefined && !/^[^/\\\s"'`$]+$/.test(value)) {
        throw invalid(`Invalid ${name(option)} '${value}'. Expected the name of a migration folder, such as 20260102000000_add_orders.`);
      }
    }
    if (rolledBack && applied) {
      throw invalid(
        `${name("rolled-back")} and ${name("applied")} were both given. A failed migration is either rolled back (to be applied again) or completed by hand (applied): choose one.`,
      );
    }
    if (force && !applied) {
      throw invalid(`${name("force")} only applies to ${name("applied")}: it is the reason to record a migration applied although its objects are missing.`);
    }
    const needsShadow = [applied && !force ? name("applied") : undefined, downSql ? name("down-sql") : undefined].filter(Boolean);
    if (needsShadow.length > 0 && !shadowDatabaseUrl) {
      throw invalid(
        `${needsShadow.join(" and ")} need${needsShadow.length === 1 ? "s" : ""} ${name("shadow-database-url")}: the migrations before the failed one are replayed into it to compare with the database.`,
        `Pass a disposable database: ${dialect.howToSet("shadow-database-url", "postgresql://postgres:postgres@localhost:5432/shadow")}.`,
      );
    }
    const decision: ResolveDecision | undefined = rolledBack
      ? { kind: "rolled-back", migration: rolledBack }
      : applied
        ? { kind: "applied", migration: applied, force }
        : undefined;
    return { decision, downSqlPath: downSql ? path.resolve(workingDirectory, downSql) : undefined };
  }

  function zeaburSettings(): ZeaburSettings {
    const serviceId = text("zeabur-service-id");
    const environmentId = text("zeabur-environment-id");
    const missing = [
      apiKey ? undefined : name("zeabur-api-key"),
      serviceId ? undefined : name("zeabur-service-id"),
      environmentId ? undefined : name("zeabur-environment-id"),
    ].filter(Boolean);
    if (!apiKey || missing.length > 0) {
      throw invalid(
        `${dialect.noun} ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} required for command '${command}'.`,
        "Create an API key in the Zeabur dashboard (Settings → Developer), store it as a secret, and copy the service and environment ids from the service's URL.",
      );
    }
    for (const [option, value] of [["zeabur-service-id", serviceId], ["zeabur-environment-id", environmentId]] as const) {
      if (!OBJECT_ID.test(value)) {
        throw invalid(`Invalid ${name(option)} '${value}'. Zeabur ids are 24 hexadecimal characters, as in the dashboard URL …/services/<id>?envID=<id>.`);
      }
    }
    const apiUrlText = text("zeabur-api-url");
    const badApiUrl = () => invalid(`Invalid ${name("zeabur-api-url")} '${apiUrlText}'. Expected an http(s) URL such as https://api.zeabur.com.`);
    let apiUrl: URL;
    try {
      apiUrl = new URL(apiUrlText);
    } catch {
      throw badApiUrl();
    }
    if (apiUrl.protocol !== "https:" && apiUrl.protocol !== "http:") throw badApiUrl();
    return { apiKey, serviceId, environmentId, apiUrl: apiUrlText.replace(/\/+$/, "") };
  }
}

function sameDatabase(a: string, b: string): boolean {
  const left = new URL(a);
  const right = new URL(b);
  const port = (url: URL) => url.port || "5432";
  return left.hostname === right.hostname && port(left) === port(right) && left.pathname === right.pathname;
}
