// The stand-in schema engine speaks the native binary's protocol: the command line of both
// CLIs, JSON log lines for `cli` commands, JSON-RPC over stdio with `print` requests, native
// error codes, one database session, and an exit when stdin closes.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";
import { createDatabase, databaseUrl, withClient } from "../support/database.js";
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS, prismaOfflineEnv, STAND_IN_SCHEMA_ENGINE, type FixtureApp, type PrismaMajor } from "../support/fixture-app.js";

function enginesHashOf(app: FixtureApp): string {
  const cli = path.dirname(createRequire(path.join(app.dir, "package.json")).resolve("prisma/package.json"));
  const manifest = createRequire(path.join(cli, "package.json")).resolve("@prisma/engines-version/package.json");
  return JSON.parse(readFileSync(manifest, "utf8")).prisma.enginesVersion;
}

function runCli(app: FixtureApp, args: string[]) {
  const result = spawnSync(STAND_IN_SCHEMA_ENGINE, args, { cwd: app.dir, encoding: "utf8", env: { ...process.env, ...prismaOfflineEnv() } });
  const logLines = result.stderr.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line));
  return { exitCode: result.status, logLines, stdout: result.stdout };
}

/** `cli` arguments in each major's convention: Prisma 6 passes the URL itself after `cli`, Prisma 7 JSON before it. */
function cliArgs(major: PrismaMajor, url: string, command: string): string[] {
  return major === 6 ? ["cli", "--datasource", url, command] : ["--datasource", JSON.stringify({ url }), "cli", command];
}

interface RpcEngine {
  child: ChildProcessWithoutNullStreams;
  call(method: string, params?: unknown): Promise<{ result?: unknown; error?: { code: number; message: string; data: Record<string, unknown> } }>;
  /** Everything the engine asked the CLI to print, in order. */
  printed: string[];
  exited: Promise<number | null>;
}

function startRpc(app: FixtureApp, args: string[], env: Record<string, string> = {}): RpcEngine {
  const child = spawn(STAND_IN_SCHEMA_ENGINE, args, { cwd: app.dir, env: { ...process.env, ...prismaOfflineEnv(), ...env } });
  const waiting = new Map<number, (response: never) => void>();
  const printed: string[] = [];
  let nextId = 1;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const message = JSON.parse(line);
    if (message.method === "print") {
      printed.push(message.params.content);
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: message.id, result: {} })}\n`);
      return;
    }
    waiting.get(message.id)?.(message as never);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return {
    child,
    printed,
    exited,
    call(method, params) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
      });
    },
  };
}

function migrationsList(app: FixtureApp, migrations: Array<[string, string]>) {
  return {
    baseDir: path.join(app.dir, "prisma", "migrations"),
    lockfile: { path: "migration_lock.toml", content: 'provider = "postgresql"\n' },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map(([name, sql]) => ({ path: name, migrationFile: { path: "migration.sql", content: { tag: "ok", value: sql } } })),
  };
}

const NO_FILTER = { externalTables: [], externalEnums: [] };

async function shadowDatabases(url: string): Promise<string[]> {
  return await withClient(url, async (client) => {
    const result = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma\\_migrate\\_shadow\\_db\\_%'`);
    return result.rows.map((row) => row.datname as string);
  });
}

/**
 * Temporary shadow databases that appeared since `before` and are still there. Other tests
 * running at the same time create and drop their own, so a newcomer gets up to 10 s to go.
 */
async function shadowDatabasesLeftBeside(url: string, before: string[]): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const left = (await shadowDatabases(url)).filter((name) => !before.includes(name));
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function applicationSessions(url: string, applicationName: string): Promise<number> {
  return await withClient(url, async (client) => {
    const result = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1", [applicationName]);
    return result.rows[0].n as number;
  });
}

describe.each(PRISMA_MAJORS)("the stand-in engine for Prisma %i", (major) => {
  let app: FixtureApp;
  beforeAll(() => {
    app = createFixtureApp({ prisma: major });
  });

  test("--version names the engine build of the CLI it stands in for", () => {
    const result = spawnSync(STAND_IN_SCHEMA_ENGINE, ["--version"], { cwd: app.dir, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(`schema-engine-cli ${enginesHashOf(app)}`);
  });

  test("cli can-connect-to-database reports P1003 for a missing database; create-database creates it", async () => {
    const name = `missing_${major}_${Date.now()}`;
    const url = databaseUrl(name);
    const missing = runCli(app, cliArgs(major, url, "can-connect-to-database"));
    expect(missing.exitCode).toBe(1);
    const error = missing.logLines.find((line) => line.level === "ERROR");
    expect(error).toMatchObject({ target: "schema_engine::logger", fields: { error_code: "P1003", message: `Database \`${name}\` does not exist` } });
    // The CLI skips the first stderr line before parsing the rest: the error must not be first.
    expect(missing.logLines[0].level).toBe("INFO");

    expect(runCli(app, cliArgs(major, url, "create-database")).exitCode).toBe(0);
    expect(runCli(app, cliArgs(major, url, "can-connect-to-database")).exitCode).toBe(0);
  });

  test("cli can-connect-to-database: wrong password is P1000, nothing listening is P1001", () => {
    const wrong = new URL(databaseUrl("postgres"));
    wrong.password = "not-the-password";
    const auth = runCli(app, cliArgs(major, wrong.toString(), "can-connect-to-database"));
    expect(auth.logLines.find((line) => line.level === "ERROR")?.fields.error_code).toBe("P1000");
    const closed = runCli(app, cliArgs(major, "postgresql://postgres:pw@127.0.0.1:1/x", "can-connect-to-database"));
    expect(closed.logLines.find((line) => line.level === "ERROR")?.fields).toMatchObject({
      error_code: "P1001",
      message: "Can't reach database server at `127.0.0.1:1`\n\nPlease make sure your database server is running at `127.0.0.1:1`.",
    });
  });

  test("applyMigrations sends a script whole: a failing one is P3018 with its SQLSTATE, leaves nothing, and its logs are the native text", async () => {
    const url = await createDatabase(`engine${major}`);
    const tagged = new URL(url);
    tagged.searchParams.set("application_name", `stand-in-${major}`);
    const engine = major === 7 ? startRpc(app, ["--datamodels", path.join(app.dir, "prisma", "schema.prisma"), "--datasource", JSON.stringify({ url: tagged.toString() })]) : startRpc(app, ["--datamodels", path.join(app.dir, "prisma", "schema.prisma")], { DATABASE_URL: tagged.toString() });
    const failing = `-- AlterTable\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n\n-- a ';' inside a string and a DO block must not split the script\nDO $$ BEGIN PERFORM 'a;b'; END $$;\nALTER TABLE "Missing" ADD COLUMN "x" INTEGER;\n`;
    const migrations: Array<[string, string]> = [
      ["20260101000000_init", INIT_USER_SQL],
      ["20260102000000_broken", failing],
    ];
    const response = await engine.call("applyMigrations", { migrationsList: migrationsList(app, migrations), filters: NO_FILTER });
    // One session for the whole engine, as the native binary holds one.
    expect(await applicationSessions(url, `stand-in-${major}`)).toBe(1);
    engine.child.stdin.end();
    expect(await engine.exited).toBe(0);
    expect(await applicationSessions(url, `stand-in-${major}`)).toBe(0);

    expect(response.error?.code).toBe(4466);
    expect(response.error?.data).toMatchObject({ is_panic: false, error_code: "P3018", meta: { migration_name: "20260102000000_broken", database_error_code: "42P01" } });
    const message = String(response.error?.data.message);
    expect(message).toContain("Migration name: 20260102000000_broken\n\nDatabase error code: 42P01\n\nDatabase error:\nERROR: relation \"Missing\" does not exist");
    expect(message).toContain('DbError { severity: "ERROR", parsed_severity: Some(Error), code: SqlState(E42P01), message: "relation \\"Missing\\" does not exist", detail: None, hint: None, position: None,');
    await withClient(url, async (client) => {
      // PostgreSQL ran the file as one implicit transaction: the first statement is gone too.
      const columns = await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'User' ORDER BY column_name`);
      expect(columns.rows.map((row) => row.column_name)).toEqual(["email", "id"]);
      const rows = await client.query(`SELECT migration_name, finished_at, logs FROM _prisma_migrations ORDER BY started_at`);
      expect(rows.rows.map((row) => [row.migration_name, row.finished_at !== null])).toEqual([
        ["20260101000000_init", true],
        ["20260102000000_broken", false],
      ]);
      expect(rows.rows[1].logs).toMatch(/^A migration failed to apply\.[\s\S]*Database error code: 42P01/);
    });
  });

  test("diff prints its script through a print request, answers the exit code, and drops its shadow database", async () => {
    const url = await createDatabase(`diff${major}`);
    const engine = major === 7 ? startRpc(app, ["--datasource", JSON.stringify({ url })]) : startRpc(app, []);
    const schema = readFileSync(path.join(app.dir, "prisma", "schema.prisma"), "utf8") + `\nmodel Post {\n  id Int @id\n}\n`;
    const shadowsBefore = await shadowDatabases(url);
    const response = await engine.call("diff", {
      from: { tag: "migrations", ...migrationsList(app, [["20260101000000_init", INIT_USER_SQL]]) },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
      // Prisma 6 names the shadow database in the request; Prisma 7 lets the engine create one.
      ...(major === 6 ? { shadowDatabaseUrl: url } : {}),
    });
    engine.child.stdin.end();
    expect(await engine.exited).toBe(0);
    expect(response.result).toEqual({ exitCode: 2 });
    expect(engine.printed).toHaveLength(1);
    expect(engine.printed[0]).toMatch(/^-- CreateTable\nCREATE TABLE "Post"[\s\S]*\);$/);
    expect(await shadowDatabasesLeftBeside(url, shadowsBefore)).toEqual([]);
  });
});
