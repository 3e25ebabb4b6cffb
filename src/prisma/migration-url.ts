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
import { describeTarget } from "../postgres/connection.js";
import { PRISMA_LOCK_CALL } from "../postgres/identifiers.js";
import { transactionPoolerShape } from "../postgres/pooler.js";
import type { DatasourceVariables } from "./project.js";

export interface MigrationUrlInputs {
  readonly major: 6 | 7;
  /** The option database-url. */
  readonly databaseUrl: string;
  /** The option direct-url. */
  readonly directUrl?: string;
  /** Prisma 6: the variables the schema's datasource reads. */
  readonly schema: DatasourceVariables;
  /** Prisma 7: prisma.config.ts's datasource.url as loaded, and the variables the config read. */
  readonly config?: { readonly url?: string; readonly variablesRead: readonly string[] };
  /** The step's own environment: what the person set. */
  readonly stepEnv: Readonly<Record<string, string | undefined>>;
}

export interface MigrationRoute {
  /** The URL Prisma migrates through: the action's own session must reach the same server. */
  readonly url: string;
  /** The variable that carries it to Prisma; undefined when prisma.config.ts builds the URL itself. */
  readonly variable?: string;
  /** Why this URL, for the log and the summary (no credentials). */
  readonly because: string;
  /** What the action sets for Prisma, on top of the step's environment. */
  readonly env: Readonly<Record<string, string>>;
}

export type MigrationRouteChoice = { readonly ok: true; readonly route: MigrationRoute } | { readonly ok: false; readonly problem: string; readonly nextSteps: readonly string[] };

/**
 * What the config file is loaded with (Prisma 7): database-url as DATABASE_URL, and direct-url
 * as DIRECT_URL unless the step set DIRECT_URL itself, so that a config reading
 * `env("DIRECT_URL")` loads with either.
 */
export function configEnvironment(inputs: Pick<MigrationUrlInputs, "databaseUrl" | "directUrl" | "stepEnv">): Record<string, string> {
  const env: Record<string, string> = { DATABASE_URL: inputs.databaseUrl };
  if (inputs.directUrl && !inputs.stepEnv.DIRECT_URL) env.DIRECT_URL = inputs.directUrl;
  return env;
}

function conflict(variable: string, stepValue: string, directUrl: string, where: string): MigrationRouteChoice {
  return {
    ok: false,
    problem: `direct-url (${describeTarget(directUrl)}) and ${variable} in the step's env (${describeTarget(stepValue)}), ${where}, name different URLs to migrate through; the action does not pick one.`,
    nextSteps: [`Give one of them: remove direct-url, or remove ${variable} from the step's env (or give both the same secret).`],
  };
}

function chosen(url: string, variable: string | undefined, because: string, env: Record<string, string>): MigrationRouteChoice {
  return { ok: true, route: { url, variable, because, env } };
}

/** The route for the log and the summary: the server (no credentials) and why, with why not database-url when it is a pooler. */
export function describeRoute(route: MigrationRoute, databaseUrl: string): string {
  const shape = route.url === databaseUrl ? undefined : transactionPoolerShape(databaseUrl);
  return `${describeTarget(route.url)}, ${route.because}${shape ? `, because database-url is a transaction pooler (${shape})` : ""}`;
}

/**
 * The variable that carries the migration URL: the step's value is kept, direct-url fills it
 * when the step did not set it (and must agree when it did), database-url only when neither.
 */
function migrationVariable(inputs: MigrationUrlInputs, variable: string, what: string, env: Record<string, string>): MigrationRouteChoice {
  const stepValue = inputs.stepEnv[variable];
  if (stepValue && !(variable in env)) {
    if (inputs.directUrl && inputs.directUrl !== stepValue) return conflict(variable, stepValue, inputs.directUrl, what);
    return chosen(stepValue, variable, `through ${variable}, ${what}, as the step's env sets it`, { ...env, [variable]: stepValue });
  }
  if (inputs.directUrl) return chosen(inputs.directUrl, variable, `through direct-url, given to Prisma as ${variable}, ${what}`, { ...env, [variable]: inputs.directUrl });
  return chosen(inputs.databaseUrl, variable, `through database-url, given to Prisma as ${variable}, ${what}`, { ...env, [variable]: inputs.databaseUrl });
}

export function chooseMigrationRoute(inputs: MigrationUrlInputs): MigrationRouteChoice {
  if (inputs.major === 6) {
    const urlVariable = inputs.schema.url ?? "DATABASE_URL";
    const directVariable = inputs.schema.directUrl !== urlVariable ? inputs.schema.directUrl : undefined;
    const env: Record<string, string> = { [urlVariable]: inputs.databaseUrl };
    if (directVariable !== "DATABASE_URL") env.DATABASE_URL = inputs.databaseUrl;
    if (directVariable) return migrationVariable(inputs, directVariable, "the schema's directUrl", env);
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
  const valueOf = (name: string) => env[name] ?? inputs.stepEnv[name];
  const read = inputs.config?.variablesRead ?? [];
  // Of the variables read holding the loaded URL, the step's own before the ones the action set.
  const variable = [...read.filter((name) => !(name in env)), ...read.filter((name) => name in env)].find((name) => valueOf(name) === loadedUrl);
  const what = "which prisma.config.ts's datasource.url reads";
  if (variable === "DATABASE_URL") {
    // database-url stands for DATABASE_URL; with direct-url, the CLI gets that instead.
    const url = inputs.directUrl ?? inputs.databaseUrl;
    return chosen(url, variable, `through ${inputs.directUrl ? "direct-url" : "database-url"}, given to Prisma as DATABASE_URL, ${what}`, { ...env, DATABASE_URL: url });
  }
  if (variable) return migrationVariable(inputs, variable, what, env);
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
function directConnectionSteps(inputs: MigrationUrlInputs, schemaFile: string): string[] {
  const project =
    inputs.major === 6
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
export function transactionPoolerRefusal(inputs: MigrationUrlInputs, route: MigrationRoute, why: string, schemaFile: string): { problem: string; nextSteps: string[] } {
  const unusedDirectUrl = inputs.stepEnv.DIRECT_URL && route.variable !== "DIRECT_URL" ? " DIRECT_URL is set in the step's env, but nothing Prisma migrates through reads it." : "";
  return {
    problem:
      `Prisma would migrate to ${describeTarget(route.url)} ${route.because}, which is a transaction-mode pooler: ${why}. ` +
      `Prisma's migrate takes a session-level advisory lock (${PRISMA_LOCK_CALL}); through a transaction pooler that lock stays held on a pooled server connection after Prisma leaves, and blocks every later migration. ` +
      `No direct connection was given, so nothing was migrated or deployed.${unusedDirectUrl}`,
    nextSteps: directConnectionSteps(inputs, schemaFile),
  };
}
