#!/usr/bin/env node
// A stand-in for Prisma's native `schema-engine` binary, for machines that cannot download
// it (Prisma's binary host is unreachable; no npm package ships the binary). Both Prisma 6
// and 7 start whatever PRISMA_SCHEMA_ENGINE_BINARY names and speak to it over stdio; this
// script answers the way the native binary does, using Prisma's own Wasm schema engine
// (the `build/schema_engine_bg.wasm` of the very CLI that started it, same prisma-engines
// commit) connected to PostgreSQL through @prisma/adapter-pg. The CLI, the migration logic,
// the advisory lock and most error texts are therefore Prisma's own; this script owns the
// process boundary and the PostgreSQL session.
//
// Where it differs from the native binary (kept as small as possible):
// - The connection goes through node-postgres, not tokio-postgres/quaint: one session
//   (a pool of one connection that never idles out), as the native connector holds one.
//   Its TLS is the native engine's, not node-postgres's (engine-tls.mjs): sslmode
//   disable/prefer/require with any other value read as prefer, no verification unless
//   sslaccept=strict, sslcert a CA, sslidentity a PKCS#12 identity; `prefer` is decided by
//   asking the server for TLS once per target, and a verifying connection trusts Node's CAs.
// - A migration script is sent as one simple-query message, as the native connector does
//   (`client.simple_query(script)`); adapter-pg alone would split it on every `;`.
// - The texts of P1000, P1001, P1003, P3018 (and P3006 around a P3018) are rebuilt (see
//   native-errors.mjs): the Wasm engine reports them without their codes. Every other error
//   (P1002, P3005, P3008, P3009, P3012, P3019, …) is the Wasm engine's own text.
// - A failed migration's `logs` column gets the rebuilt P3018 text followed by the Wasm
//   engine's span trace, whose last frame names `schema_engine_wasm::…` where the native
//   binary's would name its RPC layer.
// - Which CLI started it is read from the parent process (/proc/<ppid>/cmdline on Linux), or
//   else from the `prisma` package resolved from the working directory.
// - A diff between files only (`--from-empty --to-schema-datamodel …`) opens no connection
//   natively; the Wasm engine still asks which PostgreSQL it talks to, and is told 17.0.
// - A `url` diff target (Prisma 6's `--from-url`) is refused by the Wasm engine; the session
//   is opened on that URL and the target handed over as that session's datasource.
// - The connection is opened before the first command that needs the database, where the
//   native engine opens it inside the command; the session is the same one afterwards.
// - A shadow database is created as `prisma_migrate_shadow_db_<uuid>` through the main
//   session and dropped WITH (FORCE) after its session closed, or, when a shadow URL is
//   given, that database's schema is dropped and recreated (the native engine resets it).
// - PostgreSQL's internal "char" type (oid 18) is read as text: adapter-pg cannot decode it.
// - Log lines on stderr carry the fields the CLI reads (level, target, fields.message,
//   fields.error_code), not every field of the native tracing output.
// - `--version` prints the CLI's engines hash; there is no other binary to compare with.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { engineConnection, EngineTlsError } from "./engine-tls.mjs";
import { applyMigrationError, connectionError, knownError, shadowReplayError } from "./native-errors.mjs";

const requireHere = createRequire(import.meta.url);
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
/** The JSON-RPC error code of every user-facing error the native engine answers with. */
const RPC_ERROR_CODE = 4466;
const RPC_ERROR_MESSAGE = "An error happened. Check the data field for details.";

// ---------------------------------------------------------------------------------------
// Which CLI started us

/** The package folder of the Prisma CLI that spawned this process. */
function callingCli() {
  const candidates = [];
  try {
    // The parent is the CLI's Node process: `node …/prisma/build/index.js migrate deploy`.
    const argv = readFileSync(`/proc/${process.ppid}/cmdline`, "utf8").split("\0");
    if (argv[1]) candidates.push(path.dirname(argv[1]));
  } catch {
    // Not Linux: fall back to the project's own install, found from the working directory.
  }
  for (let folder of candidates) {
    for (; folder !== path.dirname(folder); folder = path.dirname(folder)) {
      try {
        const manifest = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8"));
        if (manifest.name === "prisma") return { dir: folder, version: manifest.version };
      } catch {
        // keep walking up
      }
    }
  }
  const manifestPath = createRequire(path.join(process.cwd(), "package.json")).resolve("prisma/package.json");
  return { dir: path.dirname(manifestPath), version: JSON.parse(readFileSync(manifestPath, "utf8")).version };
}

function enginesHash(cli) {
  const manifestPath = createRequire(path.join(cli.dir, "package.json")).resolve("@prisma/engines-version/package.json");
  return JSON.parse(readFileSync(manifestPath, "utf8")).prisma.enginesVersion;
}

/** The JS glue whose import and export names fit the CLI's Wasm engine, one per major. */
const GLUE_BY_MAJOR = { 6: "schema-engine-wasm-6", 7: "schema-engine-wasm-7" };

async function loadWasmEngine(cli) {
  const major = Number(cli.version.split(".")[0]);
  const gluePackage = GLUE_BY_MAJOR[major];
  if (!gluePackage) throw new Error(`the stand-in schema engine has no Wasm glue for Prisma ${cli.version}`);
  const gluePath = path.join(path.dirname(requireHere.resolve(gluePackage)), "schema_engine_bg.js");
  const glue = await import(gluePath);
  const module = new WebAssembly.Module(readFileSync(path.join(cli.dir, "build", "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue.SchemaEngine;
}

// ---------------------------------------------------------------------------------------
// Arguments, both calling conventions

/**
 * Prisma 7: `--datamodels FILE… --datasource '{"url":…,"shadowDatabaseUrl":…}' [cli CMD]`.
 * Prisma 6: `cli --datasource <URL> CMD`, or `--datamodels FILE…` (URL from the schema), or
 * nothing at all (`migrate diff`: the shadow URL comes with the request).
 */
function parseArguments(argv) {
  const parsed = { datamodels: [], datasource: undefined, cliCommand: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") parsed.version = true;
    else if (arg === "--datamodels") parsed.datamodels.push(argv[++i]);
    else if (arg === "--datasource") {
      const value = argv[++i];
      parsed.datasource = value.trim().startsWith("{") ? JSON.parse(value) : { url: value };
    } else if (arg === "cli") parsed.cliCommand = "";
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") i++;
    else if (parsed.cliCommand === "" && !arg.startsWith("-")) parsed.cliCommand = arg;
  }
  return parsed;
}

/** The value of `url`, `directUrl` or `shadowDatabaseUrl` in the schema's datasource block. */
function datasourceProperty(schemaText, property) {
  const block = /datasource\s+\w+\s*\{([\s\S]*?)\}/.exec(schemaText)?.[1];
  if (!block) return undefined;
  const line = new RegExp(`^\\s*${property}\\s*=\\s*(.+)$`, "m").exec(block)?.[1]?.trim();
  if (!line) return undefined;
  const fromEnv = /^env\(\s*"([^"]+)"\s*\)/.exec(line);
  if (fromEnv) return process.env[fromEnv[1]];
  return /^"([^"]*)"/.exec(line)?.[1];
}

/**
 * The URLs the engine connects to. Like the native engine, migrations use `directUrl` when
 * the schema has one.
 */
function resolveDatasource(args, datamodels) {
  if (args.datasource) return { url: args.datasource.url, shadowUrl: args.datasource.shadowDatabaseUrl };
  for (const [, text] of datamodels) {
    const url = datasourceProperty(text, "directUrl") ?? datasourceProperty(text, "url");
    if (url) return { url, shadowUrl: datasourceProperty(text, "shadowDatabaseUrl") };
  }
  return { url: undefined, shadowUrl: undefined };
}

// ---------------------------------------------------------------------------------------
// PostgreSQL through adapter-pg, the way the native connector uses the database

async function poolConfig(url) {
  // One session: the advisory lock belongs to it. idleTimeoutMillis 0 keeps it open.
  return { ...(await engineConnection(url)), max: 1, idleTimeoutMillis: 0 };
}

/** The schema named by `?schema=` (default public), where the history table lives. */
function schemaOf(url) {
  return (url && new URL(url).searchParams.get("schema")) ?? "public";
}

async function adapterFor(url) {
  return new PrismaPg(await poolConfig(url), { schema: schemaOf(url) });
}

/**
 * A session the server ended (a shutdown or restart, a terminated backend: class 57P0x) or
 * whose socket closed (class 08, node-postgres' own wording).
 */
function endsSession(error) {
  return /^(57P0[123]|08[0-9A-Z]{3})$/.test(String(error?.code ?? "")) || /Connection terminated|ECONNRESET|EPIPE|not queryable/i.test(String(error?.message ?? ""));
}

/**
 * Reads "char" as text, and sends a migration script whole, as one simple query. The native
 * engine has one session: once the server ended it, every later statement fails (tokio-postgres
 * `Error { kind: Closed }`), where the adapter's pool would quietly open a new connection.
 */
function nativeLike(adapter, onScriptError) {
  const queryable = Object.getPrototypeOf(adapter);
  const performIO = queryable.performIO;
  adapter.performIO = async function (query) {
    if (adapter.sessionEnded) throw new Error("Server has closed the connection.");
    const result = await performIO.call(this, query);
    for (const field of result?.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  adapter.executeScript = async function (script) {
    try {
      // No values: node-postgres sends a simple-query message, PostgreSQL runs it as one
      // implicit transaction (unless the script itself says BEGIN/COMMIT).
      await this.client.query(script);
    } catch (error) {
      if (endsSession(error)) adapter.sessionEnded = true;
      onScriptError(script, error);
      this.onError(error);
    }
  };
  return adapter;
}

/**
 * For a diff between files only (`--from-empty --to-schema-datamodel …`) the native engine
 * opens no connection at all; the Wasm engine still asks its adapter which PostgreSQL it
 * talks to. Without any URL, this adapter answers that one question (as PostgreSQL 17) and
 * refuses everything else.
 */
function databaseLessAdapter() {
  const refuse = async () => {
    throw new Error("No database URL was given to the schema engine.");
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async queryRaw(query) {
      if (!/current_setting\('server_version_num'\)/.test(query.sql)) return await refuse();
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 17.0", 170000]],
      };
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: refuse,
    getConnectionInfo: () => ({ schemaName: "public", supportsRelationJoins: true }),
    async dispose() {},
  };
}

class NativeLikePg extends PrismaPg {
  /** The engine's session to `url`; a TLS file it cannot read is reported when the session opens, as natively. */
  static async create(url, shadowUrl, onScriptError) {
    if (!url) return new NativeLikePg(url, {}, shadowUrl, onScriptError);
    try {
      return new NativeLikePg(url, await poolConfig(url), shadowUrl, onScriptError);
    } catch (error) {
      if (!(error instanceof EngineTlsError)) throw error;
      const factory = new NativeLikePg(url, {}, shadowUrl, onScriptError);
      factory.refusal = error;
      return factory;
    }
  }

  constructor(url, config, shadowUrl, onScriptError) {
    super(config, { schema: schemaOf(url) });
    this.url = url;
    this.shadowUrl = shadowUrl;
    this.onScriptError = onScriptError;
    this.adapters = [];
  }

  async connect() {
    if (!this.url) return databaseLessAdapter();
    const adapter = nativeLike(await super.connect(), this.onScriptError);
    this.adapters.push(adapter);
    return adapter;
  }

  /**
   * Opens the engine's one session before its first command, as the native engine connects,
   * and maps a refused connection to its native code. The session stays for what follows.
   */
  async openSession() {
    if (this.refusal) return connectionError(this.url, this.refusal);
    const main = this.adapters[0] ?? (await this.connect());
    try {
      (await main.client.connect()).release();
      return undefined;
    } catch (error) {
      return connectionError(this.url, error) ?? { is_panic: false, message: String(error.message) };
    }
  }

  async connectToShadowDb() {
    if (this.shadowUrl) return await this.resetExternalShadow(this.shadowUrl);
    // Created and dropped through the main session, as the native connector does.
    const main = this.adapters[0] ?? (await this.connect());
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await main.client.query(`CREATE DATABASE "${name}"`);
    const url = new URL(this.url);
    url.pathname = `/${name}`;
    const shadow = nativeLike(await (await adapterFor(url.toString())).connect(), this.onScriptError);
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
    return shadow;
  }

  async resetExternalShadow(url) {
    const shadow = nativeLike(await (await adapterFor(url)).connect(), this.onScriptError);
    const schema = schemaOf(url);
    await shadow.client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
    return shadow;
  }

  /**
   * The native engine records the failed step's logs as its error's Display (prisma-engines
   * `apply_migrations.rs`: `let logs = err.to_string()`), the P3018 text followed by the
   * span trace; the Wasm engine recorded its own connector error. Replace the text, keep the trace.
   */
  async recordNativeLogs(migrationName, message) {
    const main = this.adapters[0];
    if (!main) return;
    const table = `"${schemaOf(this.url).replace(/"/g, '""')}"."_prisma_migrations"`;
    const where = `migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`;
    const row = await main.client.query(`SELECT logs FROM ${table} WHERE ${where}`, [migrationName]);
    const trace = /\n(\s+0: [\s\S]*)$/.exec(row.rows[0]?.logs ?? "")?.[1];
    await main.client.query(`UPDATE ${table} SET logs = $2 WHERE ${where}`, [migrationName, trace ? `${message}\n${trace}` : message]);
  }

  async disposeAll() {
    await Promise.all(this.adapters.map((adapter) => adapter.dispose().catch(() => undefined)));
  }
}

/** Connects once, the way the native engine does before its first command, and maps a refusal. */
async function probeConnection(url) {
  let client;
  try {
    client = new pg.Client(await engineConnection(url));
    await client.connect();
    return undefined;
  } catch (error) {
    return connectionError(url, error) ?? { is_panic: false, message: String(error.message) };
  } finally {
    await client?.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------
// `schema-engine … cli <command>`: JSON log lines on stderr, exit code 0 or 1

function log(level, fields) {
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target: "schema_engine::logger" })}\n`);
}

async function runCliCommand(command, url) {
  // The CLI skips the first stderr line before it parses the rest as JSON.
  log("INFO", { message: "Starting schema engine CLI" });
  const fail = (error) => {
    log("ERROR", { is_panic: false, error_code: error.error_code, message: error.message });
    return 1;
  };
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1)) || "postgres";
  const admin = new URL(url);
  admin.pathname = "/postgres";
  admin.searchParams.delete("schema");
  switch (command) {
    case "can-connect-to-database": {
      const refused = await probeConnection(url);
      if (refused) return fail(refused);
      log("INFO", { message: "Connection successful" });
      return 0;
    }
    case "create-database": {
      const refused = await probeConnection(admin.toString());
      if (refused) return fail(refused);
      const client = new pg.Client(await engineConnection(admin.toString()));
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } catch (error) {
        if (error.code !== "42P04") return fail(knownError("P3000", `Failed to create database: ${error.message}`));
      } finally {
        await client.end();
      }
      log("INFO", { message: `Database '${database}' was successfully created.` });
      return 0;
    }
    case "drop-database": {
      const client = new pg.Client(await engineConnection(admin.toString()));
      await client.connect();
      try {
        await client.query(`DROP DATABASE "${database.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      log("INFO", { message: `The database '${database}' was successfully dropped.` });
      return 0;
    }
    default:
      return fail({ message: `Unknown cli command: ${command}` });
  }
}

// ---------------------------------------------------------------------------------------
// The JSON-RPC server on stdin/stdout

/** Engine methods whose name differs in the Wasm engine. */
const WASM_METHOD = { getDatabaseVersion: "version" };
/** Methods that need no database session, so the session is not opened for them. */
const WITHOUT_DATABASE = new Set(["diff"]);

async function serve(args) {
  const cli = callingCli();
  const datamodels = args.datamodels.map((file) => [file, readFileSync(file, "utf8")]);
  const datasource = resolveDatasource(args, datamodels);

  let lastScriptFailure;
  const onScriptError = (script, error) => (lastScriptFailure = { script, error });
  let factory;
  let engine;
  let sessionOpened = false;

  const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
  let nextPrintId = 1;
  const pendingPrints = new Map();
  /** The native `diff` prints its script through a `print` request to the CLI. */
  const printThroughCli = (content) =>
    new Promise((resolve) => {
      const id = `print-${nextPrintId++}`;
      pendingPrints.set(id, resolve);
      send({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });

  /**
   * Prisma 6 starts the engine for `migrate diff` without a datasource: the request names the
   * databases, as `url` targets, schema datasources, or the shadow database URL.
   */
  function urlsOfDiff(params) {
    const targets = [params?.from, params?.to];
    const live =
      targets.find((target) => target?.tag === "url")?.url ??
      targets.filter((target) => target?.tag === "schemaDatasource").map((target) => resolveDatasource({}, target.files.map((file) => [file.path, file.content])).url)[0];
    return { url: live ?? params?.shadowDatabaseUrl ?? undefined, shadowUrl: params?.shadowDatabaseUrl ?? undefined };
  }

  /**
   * The Wasm engine refuses `url` diff targets (its database is the adapter's); the native
   * engine connects to the URL. The engine's session already points there, so the target
   * becomes that session's datasource.
   */
  function asWasmDiffTarget(target) {
    if (target?.tag !== "url") return target;
    return { tag: "schemaDatasource", configDir: process.cwd(), files: [{ path: "schema.prisma", content: `datasource db {\n  provider = "postgresql"\n  url      = ${JSON.stringify(target.url)}\n}\n` }] };
  }

  async function engineFor(requested) {
    if (engine) return engine;
    const url = datasource.url ?? requested.url;
    factory = await NativeLikePg.create(url, datasource.shadowUrl ?? requested.shadowUrl, onScriptError);
    const SchemaEngine = await loadWasmEngine(cli);
    engine = await SchemaEngine.new({ datamodels: datamodels.length > 0 ? datamodels : undefined }, () => {}, bindMigrationAwareSqlAdapterFactory(factory));
    return engine;
  }

  /**
   * The user-facing error for a failed call, with the codes the native engine gives. A script
   * PostgreSQL rejected is P3018 (inside P3006 when it was replayed into a shadow database).
   */
  async function nativeError(method, params, error) {
    const scriptFailure = lastScriptFailure;
    lastScriptFailure = undefined;
    const coded = error && typeof error === "object" && /^P\d{4}$/.test(String(error.code ?? ""));
    // The native engine records the failed step on its one session: gone, that write fails
    // and its error is the answer (quaint's ConnectionClosed).
    if (factory?.adapters[0]?.sessionEnded) return knownError("P1017", "Server has closed the connection.");
    if (scriptFailure && method === "applyMigrations") {
      const directory = params.migrationsList.migrationDirectories.find((each) => each.migrationFile?.content?.value === scriptFailure.script);
      if (directory) {
        const rebuilt = applyMigrationError(directory.path, scriptFailure.script, scriptFailure.error);
        await factory.recordNativeLogs(directory.path, rebuilt.message);
        return rebuilt;
      }
    }
    if (scriptFailure && coded && error.code === "P3006") {
      const migration = /Migration `([^`]+)` failed to apply cleanly/.exec(error.message)?.[1] ?? "";
      return shadowReplayError(migration, applyMigrationError(migration, scriptFailure.script, scriptFailure.error));
    }
    if (coded) return knownError(error.code, error.message, error.meta ?? {});
    return { is_panic: false, message: error instanceof Error ? error.message : String(error?.message ?? error) };
  }

  async function handle(request) {
    const { id, method, params } = request;
    try {
      const wasm = await engineFor(urlsOfDiff(params));
      if (!WITHOUT_DATABASE.has(method) && !sessionOpened && datasource.url) {
        sessionOpened = true;
        const refused = await factory.openSession();
        if (refused) return send({ jsonrpc: "2.0", id, error: { code: RPC_ERROR_CODE, message: RPC_ERROR_MESSAGE, data: refused } });
      }
      const name = WASM_METHOD[method] ?? method;
      if (typeof wasm[name] !== "function") throw new Error(`The stand-in schema engine does not implement ${method}.`);
      const result = await wasm[name](method === "diff" ? { ...params, from: asWasmDiffTarget(params.from), to: asWasmDiffTarget(params.to) } : params);
      if (method === "diff" && typeof result?.stdout === "string") {
        if (result.stdout.length > 0) await printThroughCli(result.stdout.replace(/\n$/, ""));
        return send({ jsonrpc: "2.0", id, result: { exitCode: result.exitCode } });
      }
      send({ jsonrpc: "2.0", id, result: result ?? null });
    } catch (error) {
      send({ jsonrpc: "2.0", id, error: { code: RPC_ERROR_CODE, message: RPC_ERROR_MESSAGE, data: await nativeError(method, params, error) } });
    }
  }

  const pending = new Set();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line);
    if (message.method === undefined && pendingPrints.has(message.id)) {
      pendingPrints.get(message.id)();
      pendingPrints.delete(message.id);
      return;
    }
    const work = handle(message).finally(() => pending.delete(work));
    pending.add(work);
  });
  // The CLI ends the engine by closing its stdin: finish what runs, close the session, exit.
  await new Promise((resolve) => lines.once("close", resolve));
  await Promise.allSettled([...pending]);
  await factory?.disposeAll();
}

async function main() {
  const args = parseArguments(process.argv.slice(2));
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${enginesHash(callingCli())}\n`);
    return 0;
  }
  if (args.cliCommand !== undefined) {
    if (!args.datasource?.url) {
      log("ERROR", { is_panic: false, message: "The cli subcommands need --datasource." });
      return 1;
    }
    return await runCliCommand(args.cliCommand, args.datasource.url);
  }
  await serve(args);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    log("ERROR", { is_panic: false, message: `The stand-in schema engine failed: ${error?.stack ?? error}` });
    process.exit(1);
  },
);
