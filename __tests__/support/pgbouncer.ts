// A real PgBouncer (Debian's `pgbouncer` package) in front of any PostgreSQL server URL, the
// way Supabase, Neon and self-hosted setups put one in front of their servers: transaction
// pooling by default, SCRAM authentication with the server's own user and password.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { freePort } from "./global-setup.js";

export const PGBOUNCER_BINARY = "/usr/sbin/pgbouncer";
/** PgBouncer refuses to run as root; tests run as root in CI, so it runs as this user then. */
const UNPRIVILEGED_USER = "postgres";
const START_DEADLINE_MS = 20_000;

/** Undefined when PgBouncer can run here; otherwise why not, naming the package to install. */
export function pgbouncerUnavailable(): string | undefined {
  if (existsSync(PGBOUNCER_BINARY)) return undefined;
  return `${PGBOUNCER_BINARY} is missing: install the Debian/Ubuntu package \`pgbouncer\` (sudo apt-get install -y pgbouncer) to run the pooler tests.`;
}

/** `describe` when PgBouncer is installed, otherwise `describe.skip` with the reason printed once. */
export function describeWithPgbouncer(title: string, body: () => void): void {
  const missing = pgbouncerUnavailable();
  if (missing) {
    console.warn(`Skipping "${title}": ${missing}`);
    describe.skip(title, body);
    return;
  }
  describe(title, body);
}

export interface PgbouncerOptions {
  /**
   * The server PgBouncer pools for: its host, port, user and password are used, and its
   * `sslmode` and `sslrootcert`, for a server that accepts only TLS (clients reach PgBouncer
   * without TLS; the CA file must be readable by the unprivileged user).
   */
  serverUrl: string;
  poolMode?: "transaction" | "session";
  /** Startup parameters PgBouncer accepts and drops instead of refusing the connection. */
  ignoreStartupParameters?: readonly string[];
  /** Server connections per database and user. */
  poolSize?: number;
}

export interface RunningPgbouncer {
  readonly port: number;
  /** The URL of `database` through the pooler, with the server URL's credentials. */
  urlFor(database: string, query?: Record<string, string>): string;
  /** What PgBouncer logged so far. */
  log(): string;
  /** The server backends (pg_backend_pid) PgBouncer keeps open in its pools, read from its admin console. */
  serverPids(): Promise<number[]>;
  stop(): Promise<void>;
}

async function accepts(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = new Socket();
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.connect(port, "127.0.0.1");
  });
}

/** A userlist.txt line: both fields double-quoted, a double quote inside doubled. */
function userlistEntry(user: string, password: string): string {
  const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
  return `${quoted(user)} ${quoted(password)}\n`;
}

/** PgBouncer's side of the server URL's TLS parameters (libpq's names are PgBouncer's too). */
function serverTls(server: URL): string[] {
  const sslmode = server.searchParams.get("sslmode");
  const rootCert = server.searchParams.get("sslrootcert");
  return [...(sslmode ? [`server_tls_sslmode = ${sslmode}`] : []), ...(rootCert ? [`server_tls_ca_file = ${path.resolve(rootCert)}`] : [])];
}

export async function startPgbouncer(options: PgbouncerOptions): Promise<RunningPgbouncer> {
  const missing = pgbouncerUnavailable();
  if (missing) throw new Error(missing);
  const server = new URL(options.serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const port = await freePort();
  const folder = mkdtempSync(path.join(tmpdir(), "pgd-pgbouncer-"));
  // PgBouncer runs as the unprivileged user when the tests run as root: it must read the files and write its log.
  chmodSync(folder, 0o777);
  const logFile = path.join(folder, "pgbouncer.log");
  const authFile = path.join(folder, "userlist.txt");
  const configFile = path.join(folder, "pgbouncer.ini");
  writeFileSync(authFile, userlistEntry(user, password), { mode: 0o644 });
  writeFileSync(logFile, "");
  chmodSync(logFile, 0o666);
  writeFileSync(
    configFile,
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port || "5432"}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      `pool_mode = ${options.poolMode ?? "transaction"}`,
      "auth_type = scram-sha-256",
      `auth_file = ${authFile}`,
      `logfile = ${logFile}`,
      `default_pool_size = ${options.poolSize ?? 5}`,
      "max_client_conn = 200",
      // The admin console (SHOW SERVERS), for the tests to tell the pool's server sessions from anyone else's.
      `admin_users = ${user}`,
      ...(options.ignoreStartupParameters?.length ? [`ignore_startup_parameters = ${options.ignoreStartupParameters.join(",")}`] : []),
      ...serverTls(server),
      "",
    ].join("\n"),
    { mode: 0o644 },
  );
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(PGBOUNCER_BINARY, [...(asRoot ? ["-u", UNPRIVILEGED_USER] : []), configFile], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const log = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "") + stderr;

  const startedBy = Date.now() + START_DEADLINE_MS;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > startedBy) {
      child.kill("SIGKILL");
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`PgBouncer did not start listening on 127.0.0.1:${port} within ${START_DEADLINE_MS} ms:\n${log()}`);
    }
    await sleep(50);
  }
  return {
    port,
    urlFor(database, query = {}) {
      const url = new URL(options.serverUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      url.pathname = `/${database}`;
      url.search = new URLSearchParams(query).toString();
      return url.toString();
    },
    log,
    async serverPids() {
      const admin = new URL(options.serverUrl);
      admin.hostname = "127.0.0.1";
      admin.port = String(port);
      admin.pathname = "/pgbouncer";
      admin.search = "";
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        // The admin console speaks the simple query protocol only: a query without parameters.
        const { rows } = await client.query<{ remote_pid: string }>("SHOW SERVERS");
        return rows.map((row) => Number(row.remote_pid)).filter((pid) => pid > 0);
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, sleep(5_000)]);
        if (child.exitCode === null) child.kill("SIGKILL");
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
