// The one gateway for inputs: nothing else reads `core.getInput`. Every input is validated
// here, before the first side effect, and every secret and its derived forms are masked.
// Names, defaults and which inputs are secret come from the options table.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { parseDuration } from "./duration.js";
import { GateError } from "./errors.js";
import { COMMANDS, defaultValue, OPTIONS, type Command, type OptionName } from "./options.js";
import { registerSecret } from "./redact.js";

export { COMMANDS, type Command };

export const FAIL_ON = ["error", "warning", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface ZeaburSettings {
  readonly apiKey: string;
  readonly serviceId: string;
  readonly environmentId: string;
  /** Without a trailing slash. */
  readonly apiUrl: string;
}

export interface Settings {
  readonly command: Command;
  /** Absolute; where `prisma/` lives and from where the project's `prisma` package resolves. */
  readonly workingDirectory: string;
  readonly databaseUrl?: string;
  readonly maxAttempts: number;
  /** Deadline for the whole run. */
  readonly timeoutMs: number;
  /** Idle lock holders older than this may be terminated; undefined means never. */
  readonly terminateStaleLockAfterMs?: number;
  readonly zeabur?: ZeaburSettings;
  /** Absolute folder to package. */
  readonly deployPath: string;
  readonly exclude: readonly string[];
  readonly wait: boolean;
  readonly waitTimeoutMs: number;
  readonly githubToken?: string;
  /** The GitHub Deployments environment a deploy is recorded under. */
  readonly githubEnvironment: string;
  readonly shadowDatabaseUrl?: string;
  readonly baseRef?: string;
  readonly failOn: FailOn;
}

/** Reads inputs by name; `core.getInput` in the action, a map in unit tests. */
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
    throw invalid(`Invalid ${name} '${value}'. Expected a duration such as 90s, 5m, 1h or a number of seconds.`);
  }
  return ms;
}

function positiveInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw invalid(`Invalid ${name} '${value}'. Expected a whole number of at least 1.`);
  }
  return Number(value);
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
      forms.push(parsed.password, decoded, encodeURIComponent(decoded));
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

/** Every form in which a secret input could be printed: itself, a URL's password, an auth header. */
function registerSecretForms(value: string): void {
  const forms = secretFormsOfUrl(value);
  forms.forEach(registerSecret);
  // A token or key (not a URL with a password) also travels as an Authorization header.
  if (forms.length === 1) registerSecret(`Bearer ${value}`);
}

/** The command the inputs ask for, read before validation so that even a refused run reports it. */
export function requestedCommand(input: InputReader): string {
  return input("command").trim() || defaultValue("command");
}

/**
 * Builds the settings from the inputs. Throws GateError('invalid-input') on the first
 * problem, before anything touches a database, the network or the file system beyond
 * checking that folders exist.
 */
export function readSettings(input: InputReader, workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()): Settings {
  /** The input, trimmed, or the table's default when it is empty. */
  const text = (name: OptionName): string => input(name).trim() || defaultValue(name);
  const optional = (name: OptionName): string | undefined => text(name) || undefined;

  // Secrets first, so that even an error about a later input cannot echo them.
  for (const secret of OPTIONS.filter((candidate) => candidate.secret)) {
    const value = optional(secret.name);
    if (value) registerSecretForms(value);
  }
  const databaseUrlRaw = optional("database-url");
  const shadowRaw = optional("shadow-database-url");
  const apiKey = optional("zeabur-api-key");
  const githubToken = optional("github-token");

  const command = oneOf("command", text("command"), COMMANDS);
  const workingDirectory = folder("working-directory", text("working-directory"), workspace);
  const maxAttempts = positiveInteger("max-attempts", text("max-attempts"));
  const timeoutMs = duration("timeout", text("timeout"));
  const staleText = optional("terminate-stale-lock-after");
  const terminateStaleLockAfterMs = staleText === undefined ? undefined : duration("terminate-stale-lock-after", staleText);
  const wait = bool("wait", text("wait"));
  const waitTimeoutMs = duration("wait-timeout", text("wait-timeout"));
  const failOn = oneOf("fail-on", text("fail-on"), FAIL_ON);
  const exclude = input("exclude")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith("#"));

  const needsDatabase = command === "deploy" || command === "migrate" || command === "status";
  if (needsDatabase && !databaseUrlRaw) {
    throw invalid(
      `Input database-url is required for command '${command}'.`,
      "Pass it from a secret: `database-url: ${{ secrets.DATABASE_URL }}`.",
    );
  }
  const databaseUrl = databaseUrlRaw && postgresUrl("database-url", databaseUrlRaw);

  let shadowDatabaseUrl: string | undefined;
  if (command === "check") {
    if (!shadowRaw) {
      throw invalid(
        "Input shadow-database-url is required for command 'check': Prisma replays the migrations into it to compare them with the schema.",
        "Add a PostgreSQL service container to the job and pass `shadow-database-url: postgresql://postgres:postgres@localhost:5432/shadow`.",
      );
    }
    shadowDatabaseUrl = postgresUrl("shadow-database-url", shadowRaw);
    if (databaseUrl && sameDatabase(databaseUrl, shadowDatabaseUrl)) {
      throw invalid(
        "shadow-database-url points at the same database as database-url. The shadow database is reset: it must be a disposable one, never a real database.",
      );
    }
  }

  let zeabur: ZeaburSettings | undefined;
  if (command === "deploy" || command === "upload") {
    const serviceId = text("zeabur-service-id");
    const environmentId = text("zeabur-environment-id");
    const missing = [
      apiKey ? undefined : "zeabur-api-key",
      serviceId ? undefined : "zeabur-service-id",
      environmentId ? undefined : "zeabur-environment-id",
    ].filter(Boolean);
    if (missing.length > 0) {
      throw invalid(
        `Input ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} required for command '${command}'.`,
        "Create an API key in the Zeabur dashboard (Settings → Developer), store it as a secret, and copy the service and environment ids from the service's URL.",
      );
    }
    for (const [name, value] of [["zeabur-service-id", serviceId], ["zeabur-environment-id", environmentId]] as const) {
      if (!OBJECT_ID.test(value)) {
        throw invalid(`Invalid ${name} '${value}'. Zeabur ids are 24 hexadecimal characters, as in the dashboard URL …/services/<id>?envID=<id>.`);
      }
    }
    const apiUrlText = text("zeabur-api-url");
    let apiUrl: URL;
    try {
      apiUrl = new URL(apiUrlText);
    } catch {
      throw invalid(`Invalid zeabur-api-url '${apiUrlText}'. Expected an http(s) URL such as https://api.zeabur.com.`);
    }
    if (apiUrl.protocol !== "https:" && apiUrl.protocol !== "http:") {
      throw invalid(`Invalid zeabur-api-url '${apiUrlText}'. Expected an http(s) URL such as https://api.zeabur.com.`);
    }
    zeabur = { apiKey: apiKey as string, serviceId, environmentId, apiUrl: apiUrlText.replace(/\/+$/, "") };
  }

  const deployPathText = optional("deploy-path");
  const deployPath = deployPathText ? folder("deploy-path", deployPathText, workspace) : workingDirectory;

  return Object.freeze({
    command,
    workingDirectory,
    databaseUrl,
    maxAttempts,
    timeoutMs,
    terminateStaleLockAfterMs,
    zeabur,
    deployPath,
    exclude,
    wait,
    waitTimeoutMs,
    githubToken,
    githubEnvironment: text("github-environment"),
    shadowDatabaseUrl,
    baseRef: optional("base-ref"),
    failOn,
  });
}

function sameDatabase(a: string, b: string): boolean {
  const left = new URL(a);
  const right = new URL(b);
  const port = (url: URL) => url.port || "5432";
  return left.hostname === right.hostname && port(left) === port(right) && left.pathname === right.pathname;
}
