// A full custom-format dump with the pg_dump on PATH, verified by listing it with pg_restore.
// pg_dump refuses a server newer than itself; that is said before it is tried.
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { libpqTlsParameters, readEngineTls, trustedRootsPem } from "../postgres/tls.js";

const run = promisify(execFile);

/**
 * libpq's URI parameters kept as they are; Prisma's own (schema, connection_limit, pgbouncer, …)
 * make libpq refuse the URL, and the TLS ones are translated (tls.ts, libpqTlsParameters).
 */
const LIBPQ_PARAMETERS = new Set([
  "application_name",
  "options",
  "connect_timeout",
  "target_session_attrs",
  "channel_binding",
  "gssencmode",
]);

export interface FullDump {
  file: string;
  bytes: number;
  /** Entries pg_restore --list reads from it. */
  entries: number;
  clientMajor: number;
}

export type DumpAvailability = { usable: true; clientMajor: number } | { usable: false; why: string };

/** The major version of the pg_dump on PATH compared with the server's. */
export async function dumpAvailability(serverMajor: number): Promise<DumpAvailability> {
  let version: string;
  try {
    version = (await run("pg_dump", ["--version"])).stdout;
  } catch {
    return { usable: false, why: "no pg_dump on PATH" };
  }
  const clientMajor = Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1]);
  if (!(clientMajor >= serverMajor)) {
    return {
      usable: false,
      why: `the pg_dump on PATH is version ${clientMajor}, older than the server (PostgreSQL ${serverMajor}), and refuses to dump it; install postgresql-client-${serverMajor} before this step (on ubuntu-latest: the PostgreSQL apt repository, \`sudo apt-get install -y postgresql-client-${serverMajor}\`)`,
    };
  }
  return { usable: true, clientMajor };
}

/**
 * The URL as libpq reads it, connecting as Prisma's engine does, and the password apart, so it
 * never appears in a process list. `rootsFile` is where the trusted CAs go when the URL verifies.
 */
function libpqConnection(url: string, rootsFile: string): { url: string; password: string; trustedRoots?: string } {
  const settings = readEngineTls(url);
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  for (const name of [...parsed.searchParams.keys()]) if (!LIBPQ_PARAMETERS.has(name)) parsed.searchParams.delete(name);
  const verifying = settings.verify && settings.mode !== "disable";
  for (const [name, value] of libpqTlsParameters(settings, verifying ? rootsFile : undefined)) parsed.searchParams.set(name, value);
  return { url: parsed.toString(), password, trustedRoots: verifying ? trustedRootsPem(settings) : undefined };
}

export async function takeFullDump(databaseUrl: string, folder: string, clientMajor: number): Promise<FullDump> {
  const file = path.join(folder, "database.dump");
  const scratch = await mkdtemp(path.join(tmpdir(), "pgd-dump-tls-"));
  try {
    const connection = libpqConnection(databaseUrl, path.join(scratch, "trusted-roots.pem"));
    if (connection.trustedRoots) await writeFile(path.join(scratch, "trusted-roots.pem"), connection.trustedRoots);
    const env = { ...process.env, PGPASSWORD: connection.password };
    await run("pg_dump", ["--format=custom", `--file=${file}`, `--dbname=${connection.url}`], { env, maxBuffer: 16 * 1024 * 1024 });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const listed = await run("pg_restore", ["--list", file], { maxBuffer: 64 * 1024 * 1024 });
  const entries = listed.stdout.split("\n").filter((line) => line.trim() && !line.startsWith(";")).length;
  if (entries === 0) throw new Error(`pg_restore --list read no entries from ${file}.`);
  return { file, bytes: (await stat(file)).size, entries, clientMajor };
}
