import { readFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';

// How Prisma's native engine reads the TLS parameters of a PostgreSQL URL, and the
// node-postgres `ssl` option that connects exactly as it does: never stricter (a private CA
// Prisma accepts is accepted) and never weaker (a server Prisma verifies is verified).
//
// What the engine does, read from prisma/prisma-engines (the same in every release the
// action supports, 6.19 and 7.10) and the crates it connects through:
// - quaint/src/connector/postgres/url.rs, `parse_query_params`: `sslmode` is `disable`,
//   `prefer` or `require`; any other value (`verify-ca`, `verify-full`, `allow`) is read as
//   `prefer`, which is also the default. `sslaccept` is `strict` or `accept_invalid_certs`,
//   the default `accept_invalid_certs`, any other value `strict`. `sslcert` names a PEM root
//   certificate (a CA to trust, not a client certificate), `sslidentity` a PKCS#12 client
//   identity and `sslpassword` its password. Every other parameter (libpq's `sslrootcert`,
//   `sslkey`, `sslnegotiation`, …) is discarded. A parameter given twice: the last one counts.
// - quaint/src/connector/postgres/native/mod.rs, `SslParams::into_auth` and `PostgreSql::new`:
//   both files are read at every connection whatever `sslmode` says, and one that cannot be
//   read fails it ("cert file not found"); `danger_accept_invalid_certs` follows `sslaccept`,
//   so by default neither the chain nor the host name is checked.
// - native-tls src/imp/openssl.rs: `Certificate::from_pem` keeps the file's first certificate;
//   it is added to the system's trust store, not put in its place; `strict` checks the chain
//   and the host name.
// - tokio-postgres src/connect_tls.rs: `prefer` asks the server for TLS and talks plain only
//   when the server answers that it has none; a TLS handshake that fails fails the connection
//   (it is not retried in plain). `require` fails when the server has no TLS.
// - Relative file paths: the engine opens the files from its working directory, which the CLI
//   sets to the folder of the schema file holding the datasource (Prisma 6) or of
//   prisma.config.ts (Prisma 7); see engineWorkingDirectory in ../prisma/project.ts.
/** The parameters Prisma's engine reads; the ones among them naming files are resolved like Prisma's. */
const ENGINE_TLS_PARAMETERS = new Set(["sslmode", "sslaccept", "sslcert", "sslidentity", "sslpassword"]);
const ENGINE_TLS_FILES = ["sslcert", "sslidentity"];
/** URL parameters node-postgres would read as TLS settings of its own (pg-connection-string). */
function isTlsParameter(name) {
    return name.startsWith("ssl") || name === "uselibpqcompat";
}
function readEngineTls(url) {
    const given = new Map();
    // Like the engine's loop over query_pairs: a later value overrides an earlier one.
    for (const [name, value] of new URL(url).searchParams)
        given.set(name, value);
    const sslmode = given.get("sslmode");
    const known = sslmode === "disable" || sslmode === "prefer" || sslmode === "require";
    const sslaccept = given.get("sslaccept");
    return {
        mode: known ? sslmode : "prefer",
        unknownMode: sslmode !== undefined && !known ? sslmode : undefined,
        verify: sslaccept !== undefined && sslaccept !== "accept_invalid_certs",
        rootCertificateFile: given.get("sslcert"),
        identityFile: given.get("sslidentity"),
        identityPassword: given.get("sslpassword") ?? "",
        ignored: [...given.keys()].filter((name) => isTlsParameter(name) && !ENGINE_TLS_PARAMETERS.has(name)),
    };
}
/**
 * The URL with the files the engine reads given as absolute paths, resolved against the folder
 * the engine runs in, so that any process opens the same files.
 */
function anchorTlsFiles(url, engineFolder) {
    const parsed = new URL(url);
    let changed = false;
    for (const name of ENGINE_TLS_FILES) {
        const file = parsed.searchParams.get(name);
        if (file && !path.isAbsolute(file)) {
            parsed.searchParams.set(name, path.resolve(engineFolder, file));
            changed = true;
        }
    }
    return changed ? parsed.toString() : url;
}
/** A file the engine reads could not be read or used: Prisma's own connection fails on it too. */
class TlsFileError extends Error {
    parameter;
    file;
    problem;
    constructor(parameter, file, problem) {
        super(`${parameter}=${file}: ${problem}`);
        this.parameter = parameter;
        this.file = file;
        this.problem = problem;
    }
}
const PEM_CERTIFICATE = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----[\s\S]+?-----END (?:X509 |TRUSTED )?CERTIFICATE-----/;
function readFileOf(parameter, file, read) {
    try {
        return read(file);
    }
    catch (error) {
        const code = error.code;
        const problem = code === "ENOENT" ? "no such file" : code === "EACCES" ? "not readable" : String(error.message);
        throw new TlsFileError(parameter, file, problem);
    }
}
/** The CAs a verifying connection trusts: the system's (as OpenSSL's are), Node's own, and sslcert's first certificate. */
function trustedRoots(extra) {
    // tls.getCACertificates exists from Node 22.15; older Node has only its own bundle.
    const { getCACertificates } = tls;
    const system = getCACertificates ? getCACertificates("system") : [];
    return [...new Set([...tls.rootCertificates, ...system, ...(extra ? [extra] : [])])];
}
function firstCertificateOf(file, read) {
    const text = readFileOf("sslcert", file, read).toString("latin1");
    const first = PEM_CERTIFICATE.exec(text)?.[0];
    if (!first)
        throw new TlsFileError("sslcert", file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    return first;
}
/** The CAs a verifying connection trusts, as one PEM bundle (for libpq's sslrootcert). */
function trustedRootsPem(settings, read = readFileSync) {
    const extra = settings.rootCertificateFile ? firstCertificateOf(settings.rootCertificateFile, read) : undefined;
    return `${trustedRoots(extra).join("\n")}\n`;
}
/**
 * libpq's URL parameters (for pg_dump) that connect as the engine does. libpq's `sslcert` is a
 * client certificate and its `sslrootcert` replaces the trust store, so Prisma's parameters are
 * not passed as they are: a verifying connection gets `verify-full` and `rootsFile` (written
 * from trustedRootsPem). Where libpq has no equal: `prefer` with `sslaccept=strict` becomes
 * `verify-full` (libpq cannot fall back to plain and still verify), and a PKCS#12 `sslidentity`
 * cannot be given to libpq.
 */
function libpqTlsParameters(settings, rootsFile) {
    if (settings.mode === "disable")
        return [["sslmode", "disable"]];
    if (settings.verify && rootsFile)
        return [["sslmode", "verify-full"], ["sslrootcert", rootsFile]];
    return [["sslmode", settings.mode]];
}
/**
 * node-postgres's `ssl` option for the engine's settings: false for `disable`, else what to
 * present and check once the server agreed to TLS. Reads the files as the engine does, even
 * for `disable`; throws TlsFileError when one is missing or unusable.
 */
function pgSslOption(settings, read = readFileSync) {
    const options = { rejectUnauthorized: settings.verify };
    if (settings.rootCertificateFile) {
        const first = firstCertificateOf(settings.rootCertificateFile, read);
        if (settings.verify)
            options.ca = trustedRoots(first);
    }
    if (settings.identityFile) {
        const pfx = readFileOf("sslidentity", settings.identityFile, read);
        try {
            // Parsed now, as the engine parses it before connecting: a wrong password is a file problem, not the server's.
            tls.createSecureContext({ pfx, passphrase: settings.identityPassword });
        }
        catch (error) {
            const wrongPassword = /mac verify|password/i.test(String(error.message));
            throw new TlsFileError("sslidentity", settings.identityFile, wrongPassword ? "the sslpassword does not open it" : "is not a PKCS#12 file");
        }
        options.pfx = pfx;
        options.passphrase = settings.identityPassword;
    }
    return settings.mode === "disable" ? false : options;
}
/** Node's verification errors for a chain that does not end at a trusted CA. */
const UNTRUSTED_CHAIN = new Set([
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_UNTRUSTED",
    "CERT_SIGNATURE_FAILURE",
]);
/** node-postgres's words when the server answers an SSLRequest with N. */
function serverRefusedTls(error) {
    return error instanceof Error && /server does not support SSL connections/i.test(error.message);
}
const TRUST_CA_STEP = "Name the CA that signed the server's certificate with Prisma's parameter `sslcert=`: a PEM file with that CA first, since Prisma's engine trusts only the file's first certificate (a bundle such as RDS's global-bundle.pem holds many: put your server's CA alone in the file); a relative path is read from the folder of the schema file, or of prisma.config.ts with Prisma 7. libpq's `sslrootcert` is not read by Prisma's engine.";
const UNVERIFIED_STEP = "Or remove `sslaccept=strict`: Prisma's engine then encrypts the connection without verifying the certificate (its default, what `sslmode=require` means to libpq).";
/**
 * The TLS cause of a failed connection, with the URL parameter that changes it; undefined
 * when the failure is not about TLS. `settings` is what the URL asked for, `target` where it points.
 */
function tlsFailure(error, settings, target) {
    if (error instanceof TlsFileError) {
        return {
            message: `database-url names ${error.parameter}=${error.file}, which Prisma's engine reads at every connection, but that file ${error.problem}.`,
            nextSteps: [
                error.parameter === "sslcert"
                    ? "Commit the CA file (PEM) or write it in an earlier step, and give its path in `sslcert=` (relative paths are read from the folder of the schema file, or of prisma.config.ts with Prisma 7); or remove `sslcert=`."
                    : "Give `sslidentity=` a PKCS#12 file with the client certificate and key (`openssl pkcs12 -export -in client.crt -inkey client.key -out client.p12`) and its password in `sslpassword=`; or remove `sslidentity=`.",
            ],
        };
    }
    const code = error.code ?? "";
    const detail = error instanceof Error ? error.message : String(error);
    if (UNTRUSTED_CHAIN.has(code)) {
        return {
            message: `The database server at ${target} presented a TLS certificate that no trusted CA signed (${detail}), and database-url asks for it to be verified (sslaccept=strict).`,
            nextSteps: [TRUST_CA_STEP, UNVERIFIED_STEP],
        };
    }
    if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
        return {
            message: `The database server's TLS certificate names another host than ${target} (${detail}), and database-url asks for the host name to be verified (sslaccept=strict).`,
            nextSteps: [
                "Connect by a host name the certificate names (the provider's endpoint host, not an IP address or an alias).",
                "Prisma's engine has no mode that checks the chain but not the host name (it reads `sslmode=verify-ca` as `prefer`); " + UNVERIFIED_STEP.replace(/^Or r/, "r"),
            ],
        };
    }
    if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
        return {
            message: `The database server at ${target} presented a TLS certificate outside its validity period (${detail}), and database-url asks for it to be verified (sslaccept=strict).`,
            nextSteps: ["Have the server's certificate renewed (or the clock of the server or the runner fixed).", UNVERIFIED_STEP],
        };
    }
    if (serverRefusedTls(error)) {
        return {
            message: `The database server at ${target} does not offer TLS, and database-url requires it (sslmode=require).`,
            nextSteps: [
                "Enable TLS on the server (ssl = on), or connect to the provider's TLS endpoint.",
                "Or replace `sslmode=require` with `sslmode=prefer` (Prisma's default): it encrypts when the server offers TLS and connects in plain when it does not.",
            ],
        };
    }
    if (code === "28000" && /no encryption/.test(detail)) {
        if (settings.mode !== "disable") {
            return {
                message: `The database server at ${target} accepts only encrypted connections from here, but offered no TLS to this one: ${detail}.`,
                nextSteps: ["Connect to the server's TLS endpoint (a proxy in between may not pass TLS on), or have TLS enabled on the server."],
            };
        }
        return {
            message: `The database server at ${target} accepts only encrypted connections from here, and database-url turns encryption off (sslmode=disable): ${detail}.`,
            nextSteps: [
                "Remove `sslmode=disable` from the URL: Prisma's engine then encrypts whenever the server offers TLS (`prefer`, its default); `sslmode=require` insists on it.",
                "The user and password were not checked: this is not a credentials problem.",
            ],
        };
    }
    if (code === "28000" && /SSL encryption|SSL off/.test(detail)) {
        return {
            message: `The database server at ${target} refuses encrypted connections from here: ${detail}.`,
            nextSteps: ["Add `sslmode=disable` to the URL, or allow TLS connections for this host in the server's pg_hba.conf (`hostssl`)."],
        };
    }
    if (code === "28000" && /certificate/i.test(detail)) {
        return {
            message: `The database server at ${target} requires a client certificate: ${detail}.`,
            nextSteps: [
                "Give Prisma's engine the client certificate and key as a PKCS#12 file: `sslidentity=client.p12&sslpassword=…` (`openssl pkcs12 -export -in client.crt -inkey client.key -out client.p12`). libpq's `sslcert`/`sslkey` pair is not read so: Prisma reads `sslcert` as a CA.",
            ],
        };
    }
    if (/^ERR_SSL_|^ERR_TLS_/.test(code) || /SSL routines|TLS/.test(detail)) {
        return {
            message: `The TLS handshake with the database server at ${target} failed: ${detail}.`,
            nextSteps: ["Check the server's TLS setup; `sslmode=disable` connects without TLS where the server allows it."],
        };
    }
    return undefined;
}
/**
 * What a person should know about how Prisma reads the URL's TLS parameters, where libpq reads
 * them otherwise: a verification they asked for that does not happen, a file that is not read.
 */
function tlsNotes(settings) {
    const notes = [];
    if (settings.unknownMode && !settings.verify) {
        notes.push(`database-url says sslmode=${settings.unknownMode}, which Prisma's engine does not know: it connects as with sslmode=prefer and does not verify the server's certificate. The action's own connection does the same. To have Prisma verify it: \`sslaccept=strict&sslcert=<CA file>\`.`);
    }
    else if (settings.unknownMode) {
        notes.push(`database-url says sslmode=${settings.unknownMode}, which Prisma's engine reads as sslmode=prefer (sslaccept=strict still verifies the certificate whenever TLS is used).`);
    }
    if (settings.ignored.includes("sslrootcert")) {
        notes.push("database-url names sslrootcert, which Prisma's engine does not read: its CA file parameter is `sslcert` (and verification is on only with `sslaccept=strict`).");
    }
    if (settings.ignored.includes("sslkey")) {
        notes.push("database-url names sslkey, which Prisma's engine does not read: it reads `sslcert` as a CA, and takes a client certificate only as a PKCS#12 file in `sslidentity` (with `sslpassword`).");
    }
    return notes;
}

export { tlsNotes as a, anchorTlsFiles as b, tlsFailure as c, isTlsParameter as i, libpqTlsParameters as l, pgSslOption as p, readEngineTls as r, serverRefusedTls as s, trustedRootsPem as t };
