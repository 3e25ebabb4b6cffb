// The native engine's TLS, for the stand-in schema engine's node-postgres connections: the
// URL's TLS parameters read as quaint reads them (the rules and their sources are written
// down in src/postgres/tls.ts, which the action's own sessions use; this script runs as a
// plain Node program and cannot import TypeScript, so it reads them again here, held to the
// same behaviour by the integration tests that run both against a TLS-only server).
//
// Where it differs from the native engine: `prefer` is decided once per connection target by
// asking the server whether it has TLS (the SSLRequest the engine also sends first), and then
// every connection to it uses TLS or plain; a verifying connection trusts Node's bundled CAs
// and sslcert's first certificate, where the engine trusts OpenSSL's system store and it.
import { readFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
const FIRST_PEM_CERTIFICATE = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----[\s\S]+?-----END (?:X509 |TRUSTED )?CERTIFICATE-----/;

/** sslmode, sslaccept, sslcert, sslidentity, sslpassword as quaint's parse_query_params reads them (last value wins). */
function engineSettings(url) {
  const given = new Map(new URL(url).searchParams);
  const sslmode = given.get("sslmode");
  return {
    mode: ["disable", "prefer", "require"].includes(sslmode) ? sslmode : "prefer",
    verify: given.has("sslaccept") && given.get("sslaccept") !== "accept_invalid_certs",
    rootCertificate: given.get("sslcert"),
    identity: given.get("sslidentity"),
    identityPassword: given.get("sslpassword") ?? "",
  };
}

/** quaint's SslParams::into_auth: the files are read before every connection, whatever the mode. */
function tlsOptions(settings) {
  const options = { rejectUnauthorized: settings.verify };
  if (settings.rootCertificate) {
    let pem;
    try {
      pem = FIRST_PEM_CERTIFICATE.exec(readFileSync(settings.rootCertificate, "latin1"))?.[0];
    } catch (error) {
      throw new EngineTlsError(`cert file not found (${error.message})`);
    }
    if (!pem) throw new EngineTlsError("cert file holds no PEM certificate");
    if (settings.verify) options.ca = [...tls.rootCertificates, pem];
  }
  if (settings.identity) {
    try {
      options.pfx = readFileSync(settings.identity);
    } catch (error) {
      throw new EngineTlsError(`identity file not found (${error.message})`);
    }
    options.passphrase = settings.identityPassword;
  }
  return options;
}

/** What quaint reports as NativeErrorKind::TlsError: the native CLI shows it as P1011. */
export class EngineTlsError extends Error {}

/** Whether the server answers an SSLRequest with S; an unreachable one is left to the connection to report. */
function serverOffersTls(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const answer = (offers) => {
      socket.destroy();
      resolve(offers);
    };
    socket.setTimeout(5_000, () => answer(true));
    socket.once("connect", () => socket.write(SSL_REQUEST));
    socket.once("data", (data) => answer(data[0] === 0x53));
    socket.once("error", () => answer(true));
  });
}

/** The node-postgres settings for `url` (connectionString without TLS parameters, and `ssl`) as the native engine connects. */
export async function engineConnection(url) {
  const settings = engineSettings(url);
  const options = tlsOptions(settings);
  const stripped = new URL(url);
  for (const name of [...stripped.searchParams.keys()]) {
    if (name.startsWith("ssl") || name === "uselibpqcompat") stripped.searchParams.delete(name);
  }
  const connectionString = stripped.toString();
  if (settings.mode === "disable") return { connectionString, ssl: false };
  if (settings.mode === "prefer" && !(await serverOffersTls(stripped.hostname.replace(/^\[|\]$/g, ""), Number(stripped.port || 5432)))) {
    return { connectionString, ssl: false };
  }
  return { connectionString, ssl: options };
}

/** TLS failures of a connection, in the native engine's words. */
export function isTlsFailure(error) {
  return (
    error instanceof EngineTlsError ||
    /server does not support SSL|certificate|self-signed|Hostname\/IP does not match/i.test(String(error?.message ?? "")) ||
    /^(ERR_TLS_|ERR_SSL_|UNABLE_TO_|CERT_|DEPTH_ZERO|SELF_SIGNED)/.test(String(error?.code ?? ""))
  );
}
