// The action against a PostgreSQL that accepts only encrypted connections, with a certificate
// from a private CA, through the bundle as GitHub runs it. Every sslmode with the right and a
// wrong CA in `sslrootcert` (libpq's way, which Prisma's engine does not read), and Prisma's own
// parameters: each run ends as Prisma's engine would end it, and leaves nothing on the server.
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, withClient } from "../support/database.js";
import { createFixtureApp, INIT_USER_SQL, type PrismaMajor } from "../support/fixture-app.js";
import { runAction, type ActionRun } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";
import {
  CERT_USER,
  CERT_USER_PASSWORD,
  expectNothingLeft,
  IDENTITY_PASSWORD,
  startTlsPostgres,
  TLS_PASSWORD,
  tlsUrl,
  type TlsPostgres,
} from "../support/tls-postgres.js";

let server: TlsPostgres;
beforeAll(async () => {
  server = await startTlsPostgres();
});
afterAll(async () => {
  await server?.stop();
});

interface MigrateOptions {
  major?: PrismaMajor;
  credentials?: string;
  /** Runs before the action: the project folder, and a working URL of the database. */
  prepare?: (appDir: string, databaseUrl: string) => void | Promise<void>;
  inputs?: Record<string, string>;
  on?: TlsPostgres;
}

async function migrate(query: string, options: MigrateOptions = {}): Promise<{ run: ActionRun; database: string }> {
  const on = options.on ?? server;
  const databaseUrl = await createDatabase(`tls_${randomBytes(2).toString("hex")}`, on.adminUrl);
  const database = new URL(databaseUrl).pathname.slice(1);
  const app = createFixtureApp({ prisma: options.major ?? 6 });
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  await options.prepare?.(app.dir, databaseUrl);
  const run = await runAction({
    inputs: { command: "migrate", "database-url": tlsUrl(on, database, query, options.credentials), "working-directory": app.dir, "max-attempts": "1", ...options.inputs },
  });
  expect(run.everything).not.toContain("SECURITY WARNING");
  await expectNothingLeft(on, database);
  expectSecretAbsent(run, TLS_PASSWORD);
  return { run, database };
}

function expectMigrated(run: ActionRun): void {
  expect(run.outputs["failure-reason"] ?? "").toBe("");
  expect(run.exitCode).toBe(0);
  expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
}

const ca = () => encodeURIComponent(server.caFile);
const wrongCa = () => encodeURIComponent(server.wrongCaFile);

// What Prisma's engine does (quaint): only disable/prefer/require exist, every other sslmode is
// prefer; without sslaccept=strict nothing is verified, so the CA in sslrootcert changes nothing.
describe.each([
  ["no sslmode", ""],
  ["sslmode=prefer", "sslmode=prefer&"],
  ["sslmode=require", "sslmode=require&"],
  ["sslmode=verify-ca", "sslmode=verify-ca&"],
  ["sslmode=verify-full", "sslmode=verify-full&"],
])("%s: encrypted, not verified, as Prisma connects", (_name, mode) => {
  test.concurrent.each([
    ["the right CA", ca],
    ["a wrong CA", wrongCa],
  ])("with %s in sslrootcert, migrates", async (_ca, file) => {
    const { run } = await migrate(`${mode}sslrootcert=${file()}`);
    expectMigrated(run);
  });
});

test.concurrent("a URL without any TLS parameter tries TLS first, as Prisma does, and migrates (RDS with rds.force_ssl)", async () => {
  const { run } = await migrate("");
  expectMigrated(run);
});

describe("sslmode=disable against a server that accepts only encrypted connections", () => {
  test.concurrent.each([
    ["the right CA", ca],
    ["a wrong CA", wrongCa],
  ])("with %s, fails on TLS (db-tls), as Prisma would, before Prisma ran", async (_ca, file) => {
    const { run } = await migrate(`sslmode=disable&sslrootcert=${file()}`);
    expect(run.outputs["failure-reason"]).toBe("db-tls");
    expect(run.outputs.attempts).toBe("0");
  });
});

describe("Prisma's own parameters", () => {
  test.concurrent("sslaccept=strict with the right CA in sslcert verifies and migrates", async () => {
    const { run } = await migrate(`sslaccept=strict&sslcert=${ca()}`);
    expectMigrated(run);
  });

  test.concurrent("a relative sslcert is read from the schema's folder (Prisma 6), where Prisma's engine runs", async () => {
    const { run } = await migrate("sslaccept=strict&sslcert=certs/ca.pem", {
      prepare: (dir) => copyCa(path.join(dir, "prisma", "certs")),
    });
    expectMigrated(run);
  });

  test.concurrent("a relative sslcert is read from prisma.config.ts's folder (Prisma 7)", async () => {
    const { run } = await migrate("sslaccept=strict&sslcert=certs/ca.pem", { major: 7, prepare: (dir) => copyCa(path.join(dir, "certs")) });
    expectMigrated(run);
  });

  test.concurrent("a client certificate as a PKCS#12 sslidentity with its sslpassword", async () => {
    const { run } = await migrate(`sslidentity=${encodeURIComponent(server.identityFile)}&sslpassword=${encodeURIComponent(IDENTITY_PASSWORD)}`, {
      credentials: `${CERT_USER}:${encodeURIComponent(CERT_USER_PASSWORD)}`,
    });
    expectMigrated(run);
    expectSecretAbsent(run, IDENTITY_PASSWORD);
  });
});

describe.each([6, 7] as const)("Prisma %i, the RDS layout", (major) => {
  test.concurrent("sslmode=verify-full&sslrootcert=<bundle> migrates, and says Prisma does not verify it", async () => {
    const { run } = await migrate(`sslmode=verify-full&sslrootcert=${ca()}`, { major });
    expectMigrated(run);
    expect(run.stdout).toContain("sslmode=verify-full, which Prisma's engine does not know");
    expect(run.stdout).toContain("sslaccept=strict&sslcert=");
  });
});

function copyCa(folder: string, from = server): void {
  mkdirSync(folder, { recursive: true });
  copyFileSync(from.caFile, path.join(folder, "ca.pem"));
}

/** The pg_dump on the project's machines is Debian's 15, which dumps no newer server. */
const DUMP_MAJOR = 15;
const pgDumpMajor = (() => {
  try {
    return Number(/(\d+)/.exec(execFileSync("pg_dump", ["--version"], { encoding: "utf8" }))?.[1]);
  } catch {
    return 0;
  }
})();
const describeWithPgDump = pgDumpMajor >= DUMP_MAJOR ? describe : describe.skip;

describeWithPgDump(`pg_dump (libpq) over TLS, on a PostgreSQL ${DUMP_MAJOR} server${pgDumpMajor >= DUMP_MAJOR ? "" : ` (skipped: no pg_dump ${DUMP_MAJOR} or newer on PATH)`}`, () => {
  let dumpServer: TlsPostgres;
  beforeAll(async () => {
    dumpServer = await startTlsPostgres({ major: DUMP_MAJOR });
  });
  afterAll(async () => {
    await dumpServer?.stop();
  });

  test("backup: always dumps through the connection Prisma's engine makes: a relative sslcert, verified", async () => {
    const backups = mkdtempSync(path.join(tmpdir(), "pgd-tls-backup-"));
    const { run } = await migrate("sslaccept=strict&sslcert=certs/ca.pem", {
      on: dumpServer,
      prepare: async (dir, databaseUrl) => {
        copyCa(path.join(dir, "prisma", "certs"), dumpServer);
        // Something to dump beside Prisma's schema, which is still empty.
        await withClient(databaseUrl, (client) => client.query("CREATE SCHEMA reports; CREATE TABLE reports.daily (day date PRIMARY KEY)"));
      },
      inputs: { backup: "always", "backup-path": backups },
    });
    expectMigrated(run);
    const [stamp] = readdirSync(backups);
    expect(readdirSync(path.join(backups, stamp))).toContain("database.dump");
    expect(run.stdout).toMatch(/database\.dump: full dump, [1-9]\d* entries/);
  });
});
