// The action's own connection to the database: short timeouts, a recognisable
// application_name, and errors a person can act on.
import pg from "pg";
import { GateError } from "../errors.js";
import { redact } from "../redact.js";
import { isTlsParameter, pgSslOption, readEngineTls, serverRefusedTls, tlsFailure, type EngineTls } from "./tls.js";

export const ACTION_APPLICATION_NAME = "prisma-gated-deploy";
export const CONNECT_TIMEOUT_MS = 10_000;
const STATEMENT_TIMEOUT_MS = 10_000;

/** The schema Prisma keeps `_prisma_migrations` in: `?schema=` of the URL, else public. */
export function schemaOf(url: string): string {
  return new URL(url).searchParams.get("schema") || "public";
}

/** Where the URL points, without credentials, for messages. */
export function describeTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

/**
 * Connection settings from a Prisma URL: pg understands libpq's parameters, not Prisma's; and
 * the action's own session is always named as the action's (a name in the URL would win over
 * the config in pg, and make the action's session look like the application's). TLS is set
 * apart (`ssl`, from tls.ts), so pg reads no TLS parameter of the URL its own way.
 */
function clientConfig(url: string, applicationName: string): pg.ClientConfig {
  const parsed = new URL(url);
  for (const notForTheSideConnection of ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout", "connect_timeout", "application_name"]) {
    parsed.searchParams.delete(notForTheSideConnection);
  }
  for (const name of [...parsed.searchParams.keys()]) if (isTlsParameter(name)) parsed.searchParams.delete(name);
  return {
    connectionString: parsed.toString(),
    application_name: applicationName,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 2_000,
  };
}

/** How the action's session reaches its server, as connect() found it. */
export interface SessionPath {
  /** A pooler or proxy answered the connection: the key data it sent names another process than the backend. */
  readonly proxied: boolean;
}

const sessionPaths = new WeakMap<pg.Client, SessionPath>();

/** What connect() learned about the client's path to the server. */
export function sessionPath(client: pg.Client): SessionPath {
  const found = sessionPaths.get(client);
  if (!found) throw new Error("not a client made by connect()");
  return found;
}

/**
 * Session settings are made after connecting, never sent as startup parameters: PgBouncer and
 * Supavisor refuse a connection whose startup packet carries one they do not know
 * ("unsupported startup parameter: statement_timeout"); only user, database and
 * application_name go there. And the statement timeout is set only on a session that is the
 * server's alone: PostgreSQL's BackendKeyData carries the backend's own pid, a pooler's carries
 * a key of its own, so a pid equal to pg_backend_pid() is a direct session and its setting
 * dies with it. Through a pooler a session-level SET would stay on a server connection the
 * pool hands to the application's next transaction (and SET LOCAL would need every statement
 * wrapped in a transaction), so there nothing is set and the client-side query_timeout bounds
 * every wait. One statement decides and sets, so nothing runs between the check and the set.
 */
async function setUpSession(client: pg.Client): Promise<SessionPath> {
  const keyDataPid = (client as unknown as { processID: number }).processID;
  const { rows } = await client.query<{ backend_pid: number }>(
    "SELECT pg_backend_pid() AS backend_pid, CASE WHEN pg_backend_pid() = $1 THEN set_config('statement_timeout', $2, false) END",
    [keyDataPid, String(STATEMENT_TIMEOUT_MS)],
  );
  return { proxied: rows[0].backend_pid !== keyDataPid };
}

export async function connect(url: string, applicationName = ACTION_APPLICATION_NAME): Promise<pg.Client> {
  const tls = readEngineTls(url);
  try {
    return await connectAsPrismaEngine(clientConfig(url, applicationName), tls);
  } catch (error) {
    throw connectionError(error, url);
  }
}

/** TLS as the engine does it: `prefer` talks plain only when the server answered that it has no TLS. */
async function connectAsPrismaEngine(config: pg.ClientConfig, tls: EngineTls): Promise<pg.Client> {
  const ssl = pgSslOption(tls);
  try {
    return await openClient({ ...config, ssl });
  } catch (error) {
    if (tls.mode !== "prefer" || !serverRefusedTls(error)) throw error;
    return await openClient({ ...config, ssl: false });
  }
}

async function openClient(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  // A server that goes away between queries must not crash the process; the next query reports it.
  client.on("error", () => undefined);
  try {
    await client.connect();
    sessionPaths.set(client, await setUpSession(client));
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

export function connectionError(error: unknown, url: string): GateError {
  const code = (error as { code?: string }).code;
  const detail = redact(error instanceof Error ? error.message : String(error));
  const target = describeTarget(url);
  const tls = tlsFailure(error, readEngineTls(url), target);
  if (tls) return new GateError("db-tls", redact(tls.message), tls.nextSteps);
  if (code === "28P01" || code === "28000") {
    return new GateError("db-auth", `The database at ${target} rejected the credentials in database-url: ${detail}.`, [
      "Check the user and password in the DATABASE_URL secret (special characters in the password must be percent-encoded).",
      "Retrying does not help with wrong credentials, so the action did not retry.",
    ]);
  }
  if (code === "3D000") {
    return new GateError("db-unreachable", `The database in database-url does not exist on ${target}: ${detail}.`, [
      "Check the database name at the end of the URL.",
    ]);
  }
  return new GateError("db-unreachable", `Could not connect to the database at ${target}: ${detail}.`, [
    "Check that the host and port are right and reachable from the GitHub runner (firewall, allow-listed IPs, a private network needs a self-hosted runner).",
  ]);
}

/** Connection failures worth retrying: everything but a wrong password or database name. */
export function isRetryableConnectionError(error: GateError): boolean {
  return error.reason === "db-unreachable" && !/does not exist/.test(error.message);
}
