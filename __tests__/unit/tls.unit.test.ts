// A URL's TLS parameters read as Prisma's native engine reads them (quaint's url.rs), and the
// node-postgres and libpq settings built from them.
import path from "node:path";
import tls from "node:tls";
import {
  anchorTlsFiles,
  libpqTlsParameters,
  pgSslOption,
  readEngineTls,
  tlsFailure,
  tlsNotes,
  TlsFileError,
  type EngineTls,
} from "../../src/postgres/tls.js";
import { engineWorkingDirectory } from "../../src/prisma/project.js";

const BASE = "postgresql://app:secret@db.example.com:5432/shop";
const url = (query: string) => `${BASE}?${query}`;
const CA = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----";
const files = (entries: Record<string, string>) => (file: string) => {
  if (!(file in entries)) throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: "ENOENT" });
  return Buffer.from(entries[file]);
};

describe("sslmode", () => {
  test.each([
    ["", "prefer", undefined],
    ["sslmode=disable", "disable", undefined],
    ["sslmode=prefer", "prefer", undefined],
    ["sslmode=require", "require", undefined],
    ["sslmode=verify-ca", "prefer", "verify-ca"],
    ["sslmode=verify-full", "prefer", "verify-full"],
    ["sslmode=allow", "prefer", "allow"],
    ["sslmode=REQUIRE", "prefer", "REQUIRE"],
  ])("%s → %s", (query, mode, unknownMode) => {
    const settings = readEngineTls(url(query));
    expect(settings.mode).toBe(mode);
    expect(settings.unknownMode).toBe(unknownMode);
  });

  test("the last of two values counts, as in the engine's loop over the query", () => {
    expect(readEngineTls(url("sslmode=disable&sslmode=require")).mode).toBe("require");
  });
});

describe("sslaccept", () => {
  test.each([
    ["", false],
    ["sslaccept=accept_invalid_certs", false],
    ["sslaccept=strict", true],
    ["sslaccept=anything-else", true],
  ])("%s → verify %s", (query, verify) => {
    expect(readEngineTls(url(query)).verify).toBe(verify);
  });
});

test("sslcert is a root certificate, sslidentity a PKCS#12 identity, sslpassword its password", () => {
  const settings = readEngineTls(url("sslcert=ca.pem&sslidentity=client.p12&sslpassword=p%26ss"));
  expect(settings).toMatchObject({ rootCertificateFile: "ca.pem", identityFile: "client.p12", identityPassword: "p&ss", ignored: [] });
  expect(readEngineTls(url("")).identityPassword).toBe("");
});

test("libpq's parameters the engine does not read are listed as ignored", () => {
  expect(readEngineTls(url("sslrootcert=rds.pem&sslkey=k.pem&sslnegotiation=direct&schema=app")).ignored).toEqual(["sslrootcert", "sslkey", "sslnegotiation"]);
});

describe("pgSslOption", () => {
  const settings = (query: string): EngineTls => readEngineTls(url(query));

  test("disable connects in plain; every other mode asks for TLS without verifying by default", () => {
    expect(pgSslOption(settings("sslmode=disable"))).toBe(false);
    for (const query of ["", "sslmode=prefer", "sslmode=require", "sslmode=verify-full&sslrootcert=/nowhere.pem"]) {
      expect(pgSslOption(settings(query))).toEqual({ rejectUnauthorized: false });
    }
  });

  test("strict verifies against the system's CAs and sslcert's first certificate", () => {
    const second = CA.replace("fake", "second");
    const option = pgSslOption(settings("sslaccept=strict&sslcert=/ca.pem"), files({ "/ca.pem": `${CA}\n${second}\n` }));
    expect(option).toMatchObject({ rejectUnauthorized: true });
    const ca = (option as tls.ConnectionOptions).ca as string[];
    expect(ca).toContain(CA);
    expect(ca).not.toContain(second);
    expect(ca).toEqual(expect.arrayContaining(tls.rootCertificates.slice(0, 3)));
  });

  test("strict without sslcert keeps Node's default trust", () => {
    expect(pgSslOption(settings("sslaccept=strict"))).toEqual({ rejectUnauthorized: true });
  });

  test("the files are read even with sslmode=disable, as the engine reads them", () => {
    expect(() => pgSslOption(settings("sslmode=disable&sslcert=/missing.pem"), files({}))).toThrow(new TlsFileError("sslcert", "/missing.pem", "no such file"));
  });

  test("a file without a PEM certificate, or an identity that is not PKCS#12, is refused", () => {
    expect(() => pgSslOption(settings("sslcert=/ca.pem"), files({ "/ca.pem": "not a certificate" }))).toThrow(/holds no PEM certificate/);
    expect(() => pgSslOption(settings("sslidentity=/id.p12"), files({ "/id.p12": "garbage" }))).toThrow(/sslidentity/);
  });
});

describe("libpqTlsParameters (pg_dump)", () => {
  test.each([
    ["sslmode=disable&sslaccept=strict", undefined, [["sslmode", "disable"]]],
    ["", undefined, [["sslmode", "prefer"]]],
    ["sslmode=verify-full&sslrootcert=/rds.pem", undefined, [["sslmode", "prefer"]]],
    ["sslmode=require", undefined, [["sslmode", "require"]]],
    [
      "sslaccept=strict&sslcert=ca.pem",
      "/tmp/roots.pem",
      [
        ["sslmode", "verify-full"],
        ["sslrootcert", "/tmp/roots.pem"],
      ],
    ],
  ])("%s", (query, rootsFile, expected) => {
    expect(libpqTlsParameters(readEngineTls(url(query)), rootsFile)).toEqual(expected);
  });
});

describe("relative file paths", () => {
  test("sslcert and sslidentity resolve against the engine's folder; other values stay", () => {
    const anchored = new URL(anchorTlsFiles(url("sslcert=certs/ca.pem&sslidentity=/abs/id.p12&sslrootcert=rel.pem"), "/repo/prisma")).searchParams;
    expect(anchored.get("sslcert")).toBe(path.resolve("/repo/prisma", "certs/ca.pem"));
    expect(anchored.get("sslidentity")).toBe("/abs/id.p12");
    expect(anchored.get("sslrootcert")).toBe("rel.pem");
    expect(anchorTlsFiles(url("sslmode=require"), "/repo")).toBe(url("sslmode=require"));
  });

  test("the engine runs in the schema's datasource folder (Prisma 6) or the config file's folder (Prisma 7)", () => {
    const project = {
      workingDirectory: "/repo",
      schema: "/repo/prisma/schema",
      schemaFiles: [
        { path: "/repo/prisma/schema/models.prisma", text: "model A { id Int @id }" },
        { path: "/repo/prisma/schema/db/main.prisma", text: 'datasource db {\n  provider = "postgresql"\n}' },
      ],
      configFile: "/repo/config/prisma.config.ts",
    };
    expect(engineWorkingDirectory(6, project)).toBe("/repo/prisma/schema/db");
    expect(engineWorkingDirectory(7, project)).toBe("/repo/config");
    expect(engineWorkingDirectory(7, { ...project, configFile: undefined })).toBe("/repo");
  });
});

describe("tlsFailure", () => {
  const target = "db.example.com:5432/shop";
  const fail = (error: unknown, query = "sslaccept=strict") => tlsFailure(error, readEngineTls(url(query)), target);
  const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code });

  test("an unknown CA names sslcert, and dropping sslaccept=strict", () => {
    const failure = fail(nodeError("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate"));
    expect(failure?.message).toContain("unable to verify the first certificate");
    expect(failure?.nextSteps.join(" ")).toContain("sslcert=");
    expect(failure?.nextSteps.join(" ")).toContain("sslaccept=strict");
    expect(fail(nodeError("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"))?.nextSteps[0]).toContain("sslcert=");
  });

  test("a host name mismatch says to connect by the certificate's host", () => {
    expect(fail(nodeError("ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames"))?.nextSteps[0]).toContain("host name the certificate names");
  });

  test("require against a server without TLS", () => {
    expect(fail(new Error("The server does not support SSL connections"), "sslmode=require")?.nextSteps.join(" ")).toContain("sslmode=prefer");
  });

  test("disable against a server that accepts only encrypted connections is not a credentials problem", () => {
    const error = nodeError("28000", 'no pg_hba.conf entry for host "127.0.0.1", user "app", database "shop", no encryption');
    const failure = fail(error, "sslmode=disable");
    expect(failure?.message).toContain("accepts only encrypted connections");
    expect(failure?.nextSteps[0]).toContain("Remove `sslmode=disable`");
  });

  test("a missing file is named with its parameter", () => {
    expect(fail(new TlsFileError("sslcert", "/repo/prisma/ca.pem", "no such file"))?.message).toContain("sslcert=/repo/prisma/ca.pem");
  });

  test("failures that are not about TLS are left to the caller", () => {
    expect(fail(nodeError("28P01", "password authentication failed for user \"app\""))).toBeUndefined();
    expect(fail(nodeError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"))).toBeUndefined();
  });
});

describe("tlsNotes", () => {
  test("the RDS layout: verify-full and sslrootcert are not what Prisma reads", () => {
    const notes = tlsNotes(readEngineTls(url("sslmode=verify-full&sslrootcert=global-bundle.pem")));
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain("does not verify the server's certificate");
    expect(notes[1]).toContain("sslcert");
  });

  test("nothing to say about Prisma's own parameters", () => {
    expect(tlsNotes(readEngineTls(url("sslmode=require&sslaccept=strict&sslcert=ca.pem")))).toEqual([]);
  });
});
