// TLS going wrong between the runner and the database, against real TLS servers (a private
// CA, a certificate for another host) and the run's plain server, through the bundle. Each
// failure is db-tls, names its cause and the URL parameter that changes it, happens before
// Prisma runs, and leaves nothing on the server.
import { randomBytes } from "node:crypto";
import { createDatabase, passwordOf } from "../support/database.js";
import { faultTest } from "../support/faults.js";
import { createFixtureApp, INIT_USER_SQL } from "../support/fixture-app.js";
import { runAction, type ActionRun } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";
import { CERT_USER, CERT_USER_PASSWORD, expectNothingLeft, startTlsPostgres, TLS_PASSWORD, tlsUrl, type TlsPostgres } from "../support/tls-postgres.js";

let server: TlsPostgres;
/** Presents a certificate, signed by the same CA, for a host other than the one connected to. */
let otherHost: TlsPostgres;
beforeAll(async () => {
  [server, otherHost] = await Promise.all([startTlsPostgres(), startTlsPostgres({ certificateFor: "another-host" })]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), otherHost?.stop()]);
});

async function newDatabase(on: TlsPostgres): Promise<string> {
  return new URL(await createDatabase(`tls_${randomBytes(2).toString("hex")}`, on.adminUrl)).pathname.slice(1);
}

async function migrate(url: string): Promise<ActionRun> {
  const app = createFixtureApp();
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  const run = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir, "max-attempts": "3" } });
  expect(run.everything).not.toContain("SECURITY WARNING");
  return run;
}

/** A TLS failure: db-tls, not retried, Prisma never started, the cause and the fix in the summary. */
function expectTlsFailure(run: ActionRun, cause: string, fix: string): void {
  expect(run.exitCode).toBe(1);
  expect(run.outputs["failure-reason"]).toBe("db-tls");
  expect(run.outputs.attempts).toBe("0");
  expect(run.stdout).not.toContain("Retrying in");
  expect(run.summary).toContain(cause);
  expect(run.summary).toContain(fix);
  expectSecretAbsent(run, TLS_PASSWORD);
}

faultTest(
  {
    id: "tls-disable-against-tls-only",
    area: "Database",
    fault: "`sslmode=disable` against a server that accepts only encrypted connections (pg_hba `hostssl`, RDS `rds.force_ssl`)",
    action: "Reads the refusal (SQLSTATE 28000, \"no encryption\") as TLS, not as credentials; stops before Prisma runs, without retrying",
    userSees: "`failure-reason: db-tls`: the server accepts only encrypted connections; remove `sslmode=disable`; not a credentials problem",
  },
  async () => {
    const database = await newDatabase(server);
    const run = await migrate(tlsUrl(server, database, "sslmode=disable"));
    expectTlsFailure(run, "accepts only encrypted connections", "Remove `sslmode=disable`");
    expect(run.summary).toContain("not a credentials problem");
    expect(run.summary).not.toContain("Check the user and password");
    await expectNothingLeft(server, database);
  },
);

faultTest(
  {
    id: "tls-unknown-ca",
    area: "Database",
    fault: "`sslaccept=strict` and the server's certificate is signed by a CA the runner does not trust (a wrong `sslcert`)",
    action: "Verifies as Prisma's engine does (system CAs and `sslcert`'s certificate), fails before Prisma runs, without retrying",
    userSees: "`failure-reason: db-tls`: the certificate is not signed by a trusted CA; give the provider's CA in `sslcert=` (not libpq's `sslrootcert`), or drop `sslaccept=strict`",
  },
  async () => {
    const database = await newDatabase(server);
    const run = await migrate(tlsUrl(server, database, `sslaccept=strict&sslcert=${encodeURIComponent(server.wrongCaFile)}`));
    expectTlsFailure(run, "no trusted CA signed", "`sslcert=`");
    expect(run.summary).toContain("remove `sslaccept=strict`");
    await expectNothingLeft(server, database);
  },
);

faultTest(
  {
    id: "tls-host-name-mismatch",
    area: "Database",
    fault: "`sslaccept=strict` and the server's certificate, from a trusted CA, names another host",
    action: "Checks the host name as Prisma's engine does; fails before Prisma runs, without retrying",
    userSees: "`failure-reason: db-tls`: the certificate names another host; connect by the host it names (Prisma has no verify-ca), or drop `sslaccept=strict`",
  },
  async () => {
    const database = await newDatabase(otherHost);
    const run = await migrate(tlsUrl(otherHost, database, `sslaccept=strict&sslcert=${encodeURIComponent(otherHost.caFile)}`));
    expectTlsFailure(run, "names another host", "host name the certificate names");
    await expectNothingLeft(otherHost, database);
  },
);

faultTest(
  {
    id: "tls-ca-file-missing",
    area: "Database",
    fault: "`sslcert` names a file that is not there (not committed, or a path relative to the wrong folder)",
    action: "Reads the file before connecting, as Prisma's engine does, from the folder the engine runs in; stops before Prisma runs",
    userSees: "`failure-reason: db-tls` naming `sslcert=` and the resolved path of the missing file",
  },
  async () => {
    const database = await newDatabase(server);
    const run = await migrate(tlsUrl(server, database, "sslaccept=strict&sslcert=certs/rds-global-bundle.pem"));
    expectTlsFailure(run, "prisma/certs/rds-global-bundle.pem", "no such file");
    await expectNothingLeft(server, database);
  },
);

faultTest(
  {
    id: "tls-client-certificate-required",
    area: "Database",
    fault: "The server requires a client certificate (pg_hba `clientcert=verify-ca`) and the URL gives none",
    action: "Reads the refusal as TLS; stops before Prisma runs",
    userSees: "`failure-reason: db-tls`: a client certificate is required; give it as a PKCS#12 `sslidentity=` with `sslpassword=`",
  },
  async () => {
    const database = await newDatabase(server);
    const run = await migrate(tlsUrl(server, database, "", `${CERT_USER}:${encodeURIComponent(CERT_USER_PASSWORD)}`));
    expectTlsFailure(run, "requires a client certificate", "sslidentity=");
    expectSecretAbsent(run, CERT_USER_PASSWORD);
    await expectNothingLeft(server, database);
  },
);

faultTest(
  {
    id: "tls-require-without-tls",
    area: "Database",
    fault: "`sslmode=require` against a server without TLS",
    action: "Fails as Prisma's engine does (it never falls back to plain with `require`); stops before Prisma runs",
    userSees: "`failure-reason: db-tls`: the server does not offer TLS; enable it, or use `sslmode=prefer`",
  },
  async () => {
    // The run's own server has no TLS.
    const url = new URL(await createDatabase("notls"));
    url.searchParams.set("sslmode", "require");
    const run = await migrate(url.toString());
    expectTlsFailure(run, "does not offer TLS", "sslmode=prefer");
    expectSecretAbsent(run, passwordOf(url.toString()));
  },
);
