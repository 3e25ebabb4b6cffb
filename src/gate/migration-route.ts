// Where Prisma migrates for a project (migration-url.ts decides), made known to the run: the
// URL masked, the log told which server and why; and a transaction pooler refused before any
// change: by the URL's shape before connecting, by its behaviour once connected.
import type pg from "pg";
import type { Ports } from "../core/ports.js";
import { GateError } from "../errors.js";
import { configEnvironment, chooseMigrationRoute, describeRoute, transactionPoolerRefusal, type MigrationRoute, type MigrationUrlInputs } from "../prisma/migration-url.js";
import { datasourceVariables, projectFiles, type PrismaProject } from "../prisma/project.js";
import type { PrismaInstall } from "../prisma/locate.js";
import { judgePooler } from "../postgres/pooler.js";
import { probePooler } from "../postgres/pooler-probe.js";
import { secretFormsOfUrl } from "../settings.js";

export interface RoutedMigrations {
  readonly route: MigrationRoute;
  /** The server and why, for the summary. */
  readonly description: string;
  readonly inputs: MigrationUrlInputs;
  /** The schema file, relative to working-directory, for the refusal's advice. */
  readonly schemaFile: string;
}

interface UrlOptions {
  readonly databaseUrl: string;
  readonly directUrl?: string;
}

/** What the Prisma config file is loaded with, so that it resolves the variables the route fills. */
export function configLoadEnvironment(options: UrlOptions, ports: Ports): Record<string, string> {
  return configEnvironment({ ...options, stepEnv: ports.environment });
}

function refusal(routed: Omit<RoutedMigrations, "description">, why: string): GateError {
  const { problem, nextSteps } = transactionPoolerRefusal(routed.inputs, routed.route, why, routed.schemaFile);
  return new GateError("transaction-pooler", problem, nextSteps);
}

export function routeMigrations(install: PrismaInstall, project: PrismaProject, options: UrlOptions, ports: Ports): RoutedMigrations {
  const inputs: MigrationUrlInputs = {
    major: install.major,
    databaseUrl: options.databaseUrl,
    directUrl: options.directUrl,
    schema: datasourceVariables(project.schemaFiles),
    config: project.configDatasource,
    stepEnv: ports.environment,
  };
  const choice = chooseMigrationRoute(inputs);
  if (!choice.ok) throw new GateError("invalid-input", `${choice.problem} Nothing was changed.`, choice.nextSteps);
  // The step's own DIRECT_URL, or what the config builds, is no option the settings masked.
  for (const form of secretFormsOfUrl(choice.route.url)) ports.reporter.registerSecret(form);
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
export async function refuseTransactionPooler(routed: RoutedMigrations, ports: Ports, client?: pg.Client): Promise<void> {
  const byShape = judgePooler(routed.route.url);
  if (byShape.kind === "transaction-pooler") throw refusal(routed, byShape.why);
  if (!client) return;
  const verdict = judgePooler(routed.route.url, await probePooler(routed.route.url, client));
  if (verdict.kind === "transaction-pooler") throw refusal(routed, verdict.why);
  if (verdict.kind === "session-pooler") {
    ports.reporter.info("The server answers through a pooler or proxy that keeps one server session per connection (session mode): Prisma's advisory lock behaves there.");
  }
}
