// A PostgreSQL that accepts only encrypted connections, as RDS (rds.force_ssl), Supabase or a
// hardened self-hosted server does, with certificates from a private CA that Node's and the
// system's trust stores do not know. Everything is generated here with `openssl`: the CA, the
// server's certificate (localhost and 127.0.0.1, or another host name), an unrelated CA (the
// "wrong" one) and a client identity (PKCS#12) for a user that must present one.
//
// pg_hba.conf has `hostssl` lines only, so a plain connection is refused with
// "no pg_hba.conf entry for host …, no encryption". One server per test file: start it in
// beforeAll, stop it in afterAll.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { withClient } from "./database.js";
import { startEmbeddedPostgres, type EmbeddedMajor } from "./global-setup.js";
import { waitFor } from "./processes.js";

export const TLS_PASSWORD = "Tls#Srv3r!pw";
/** A user whose connections must also present a client certificate signed by the server's CA. */
export const CERT_USER = "cert_user";
export const CERT_USER_PASSWORD = "C3rt#Us3r!pw";
export const IDENTITY_PASSWORD = "Id3nt1ty#pw";

export interface TlsPostgres {
  /** The superuser's URL of `postgres`, verifying the server with the right CA (works with pg and libpq). */
  readonly adminUrl: string;
  /** PEM of the CA that signed the server's certificate. */
  readonly caFile: string;
  /** PEM of an unrelated CA. */
  readonly wrongCaFile: string;
  /** PKCS#12 client identity of CERT_USER, encrypted with IDENTITY_PASSWORD. */
  readonly identityFile: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface TlsPostgresOptions {
  /** The host the server's certificate names: this machine (default), or another host. */
  readonly certificateFor?: "localhost" | "another-host";
  /** 15 for a server the pg_dump on the project's machines (Debian's 15) can dump. */
  readonly major?: EmbeddedMajor;
}

function openssl(folder: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: folder, stdio: ["ignore", "ignore", "pipe"] });
}

function newCa(folder: string, name: string): void {
  openssl(folder, [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
    "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.pem`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
}

/** A key and a certificate signed by `ca`, with the given extensions. */
function signed(folder: string, name: string, subject: string, ca: string, extensions: string): void {
  writeFileSync(path.join(folder, `${name}.ext`), extensions);
  openssl(folder, [
    "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-subj", subject, "-keyout", `${name}.key`, "-out", `${name}.csr`,
  ]);
  openssl(folder, [
    "x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.pem`, "-CAkey", `${ca}.key`, "-CAcreateserial", "-days", "2",
    "-extfile", `${name}.ext`, "-out", `${name}.pem`,
  ]);
}

function generateCertificates(folder: string, certificateFor: TlsPostgresOptions["certificateFor"]): void {
  newCa(folder, "ca");
  newCa(folder, "wrong-ca");
  const host = certificateFor === "another-host" ? "DNS:db.another-host.test" : "DNS:localhost,IP:127.0.0.1";
  signed(folder, "server", "/CN=postgres", "ca", `subjectAltName=${host}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  signed(folder, "client", `/CN=${CERT_USER}`, "ca", "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
  const pkcs12 = ["pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-passout", `pass:${IDENTITY_PASSWORD}`, "-out", "client.p12"];
  openssl(folder, pkcs12);
}

/** As root the server runs as `postgres`, which must own its key (mode 0600) and read the rest. */
function handKeyToServer(folder: string): void {
  chmodSync(folder, 0o755);
  const key = path.join(folder, "server.key");
  chmodSync(key, 0o600);
  if (process.getuid?.() === 0) {
    const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim()));
    chownSync(key, uid, gid);
  }
}

const HBA = [
  "# Encrypted connections only; the certificate user must also present a client certificate.",
  `hostssl all ${CERT_USER} 127.0.0.1/32 scram-sha-256 clientcert=verify-ca`,
  "hostssl all all 127.0.0.1/32 scram-sha-256",
  "hostssl all all ::1/128 scram-sha-256",
  "",
].join("\n");

export async function startTlsPostgres(options: TlsPostgresOptions = {}): Promise<TlsPostgres> {
  const certificates = mkdtempSync(path.join(tmpdir(), "pgd-tls-certs-"));
  generateCertificates(certificates, options.certificateFor);
  handKeyToServer(certificates);
  const file = (name: string) => path.join(certificates, name);
  const server = await startEmbeddedPostgres({
    password: TLS_PASSWORD,
    prefix: "pgd-tls-",
    major: options.major,
    settings: { ssl: "on", ssl_cert_file: file("server.pem"), ssl_key_file: file("server.key"), ssl_ca_file: file("ca.pem") },
    beforeStart: (dataDir) => writeFileSync(path.join(dataDir, "pg_hba.conf"), HBA),
  });
  // The host the certificate names, so that the admin URL verifies it fully.
  const host = options.certificateFor === "another-host" ? "127.0.0.1" : "localhost";
  const verifying = `sslmode=verify-full&sslrootcert=${encodeURIComponent(file("ca.pem"))}`;
  // node-postgres reads libpq's `require` as verify-full unless told to read it as libpq does.
  const unverified = "uselibpqcompat=true&sslmode=require";
  const query = options.certificateFor === "another-host" ? unverified : verifying;
  const adminUrl = `postgresql://postgres:${encodeURIComponent(TLS_PASSWORD)}@${host}:${server.port}/postgres?${query}`;
  await withClient(adminUrl, (client) => client.query(`CREATE ROLE ${CERT_USER} LOGIN SUPERUSER PASSWORD '${CERT_USER_PASSWORD}'`));
  return {
    adminUrl,
    caFile: file("ca.pem"),
    wrongCaFile: file("wrong-ca.pem"),
    identityFile: file("client.p12"),
    port: server.port,
    async stop() {
      await server.stop();
      rmSync(certificates, { recursive: true, force: true });
    },
  };
}

/** The URL of `database` on the server, with `query` as its whole query (the TLS parameters under test). */
export function tlsUrl(server: Pick<TlsPostgres, "port">, database: string, query: string, credentials = `postgres:${encodeURIComponent(TLS_PASSWORD)}`): string {
  return `postgresql://${credentials}@127.0.0.1:${server.port}/${database}${query ? `?${query}` : ""}`;
}

/**
 * Nothing of a run outlives it in `database`: no session named as the action's and no Prisma
 * advisory lock. A closed socket's backend may take a moment to go; that moment has a deadline.
 */
export async function expectNothingLeft(server: Pick<TlsPostgres, "adminUrl">, database: string): Promise<void> {
  const url = new URL(server.adminUrl);
  url.pathname = `/${database}`;
  const leftOvers = () =>
    withClient(url.toString(), async (client) => {
      const { rows } = await client.query<{ what: string }>(
        `SELECT 'session ' || application_name AS what FROM pg_stat_activity
           WHERE datname = current_database() AND application_name LIKE 'prisma-gated-deploy%'
         UNION ALL
         SELECT 'advisory lock held by pid ' || pid FROM pg_locks
           WHERE locktype = 'advisory' AND objid = 72707369 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      return rows.map((row) => row.what);
    });
  const what = "the action's sessions and Prisma's advisory lock to be gone";
  const gone = await waitFor(what, async () => ((await leftOvers()).length === 0 ? true : undefined), 10_000).catch(() => false);
  if (!gone) expect(await leftOvers()).toEqual([]);
}
