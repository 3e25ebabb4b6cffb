// The command line as a person types it, against the embedded PostgreSQL, the real Prisma CLI
// and the local Zeabur stand-in: each command's happy path and main error, --json, exit codes.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { createDatabase, holdPrismaLock, migrationRows, passwordOf, withClient } from "../support/database.js";
import { createFixtureApp, INIT_USER_SQL, repositoryRoot } from "../support/fixture-app.js";
import { runCli, type CliRun } from "../support/run-cli.js";
import { useStandIns } from "../support/stand-ins.js";

const standIns = useStandIns({ zeabur: { apiKey: "zbr_cli_key_never_printed_77" } });

function expectNoSecret(run: CliRun, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(run.stdout.includes(secret)).toBe(false);
    expect(run.stderr.includes(secret)).toBe(false);
  }
}

function appWithOneMigration() {
  const app = createFixtureApp();
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  return app;
}

const ADD_PHONE = `ALTER TABLE "User" ADD COLUMN "phone" TEXT;\n`;

describe("help and usage", () => {
  test("--help lists every command; a command's --help lists its flags, their variables and exit codes", async () => {
    const top = await runCli(["--help"]);
    expect(top.exitCode).toBe(0);
    for (const command of ["status", "locks", "migrate", "deploy", "upload", "check", "lint"]) expect(top.stdout).toContain(`  ${command} `);
    const status = await runCli(["status", "--help"]);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain("--database-url");
    expect(status.stdout).toContain("env DATABASE_URL");
    expect(status.stdout).toMatch(/0 up to date; 1 something is pending/);
    expect(status.stdout).not.toContain("--zeabur-api-key");
    const deploy = await runCli(["deploy", "--help"]);
    expect(deploy.stdout).toContain("--terminate-stale-lock-after");
    expect(deploy.stdout).toContain("--zeabur-api-key");
  });

  test("an unknown command or flag exits 2 and says where to look", async () => {
    const unknown = await runCli(["stauts"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("prisma-gated-deploy --help");
    const flag = await runCli(["status", "--databse-url", "x"]);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain("prisma-gated-deploy status --help");
  });
});

describe("status", () => {
  test("pending migrations exit 1, up to date exits 0; the URL comes from DATABASE_URL and is never printed", async () => {
    const url = await createDatabase("clistatus");
    const app = appWithOneMigration();
    const pending = await runCli(["status", "--json"], { cwd: app.dir, env: { DATABASE_URL: url } });
    expect(pending.exitCode).toBe(1);
    expect(pending.json<{ migration: { pendingBefore: string[] } }>().migration.pendingBefore).toEqual(["20260101000000_init"]);
    expect(await migrationRows(url)).toEqual([]);

    const migrated = await runCli(["migrate"], { cwd: app.dir, env: { DATABASE_URL: url } });
    expect(migrated.exitCode).toBe(0);
    const clean = await runCli(["status"], { cwd: app.dir, env: { DATABASE_URL: url } });
    expect(clean.exitCode).toBe(0);
    expect(clean.stdout).toContain("status succeeded");
    expectNoSecret(pending, passwordOf(url));
    expectNoSecret(clean, passwordOf(url));
  });

  test("no database URL is a usage error (2) naming the flag and the variable; an unreachable database is 2 as well", async () => {
    const app = appWithOneMigration();
    const missing = await runCli(["status"], { cwd: app.dir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toContain("Option --database-url is required");
    expect(missing.stdout).toContain("DATABASE_URL");
    const unreachable = await runCli(["status", "--json", "--database-url", "postgresql://app:Unreach4ble@127.0.0.1:9/shop"], { cwd: app.dir });
    expect(unreachable.exitCode).toBe(2);
    expect(unreachable.json<{ failureReason: string }>().failureReason).toBe("db-unreachable");
    expectNoSecret(unreachable, "Unreach4ble");
  });
});

describe("migrate", () => {
  test("a stale idle holder is named, terminated, and the migrations applied", async () => {
    const url = await createDatabase("climigrate");
    const app = appWithOneMigration();
    const holder = await holdPrismaLock(url, "api-crashed-cli");
    holder.on("error", () => undefined);
    const pid = (await holder.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const run = await runCli(["migrate", "--json", "--database-url", url, "--terminate-stale-lock-after", "1s"], { cwd: app.dir });
    await holder.end().catch(() => undefined);
    expect(run.exitCode).toBe(0);
    const result = run.json<{ migration: { applied: string[]; terminated: Array<{ pid: number; applicationName: string }> } }>();
    expect(result.migration.applied).toEqual(["20260101000000_init"]);
    expect(result.migration.terminated).toEqual([expect.objectContaining({ pid, applicationName: "api-crashed-cli" })]);
    expect(run.stderr).toContain(`pid ${pid}`);
    expectNoSecret(run, passwordOf(url));
  });

  test("a failing migration exits 1 with migration-failed, the statement and the resolve command", async () => {
    const url = await createDatabase("clifail");
    const app = appWithOneMigration();
    app.addMigration("20260102000000_broken", `ALTER TABLE "Nope" ADD COLUMN "x" TEXT;\n`);
    const run = await runCli(["migrate", "--database-url", url], { cwd: app.dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("migrate failed (migration-failed)");
    expect(run.stdout).toContain('prisma migrate resolve --rolled-back 20260102000000_broken');
    // status then shows the failed migration with the logs Prisma stored, and exits 1.
    const status = await runCli(["status", "--json", "--database-url", url], { cwd: app.dir });
    expect(status.exitCode).toBe(1);
    const report = status.json<{ failureReason: string; migration: { failedMigration: { name: string; logs?: string } } }>();
    expect(report.failureReason).toBe("previous-migration-failed");
    expect(report.migration.failedMigration.name).toBe("20260102000000_broken");
    expect(report.migration.failedMigration.logs).toContain("Nope");
  });
});

describe("migrate --contract-migrations", () => {
  const DROP_PHONE = "20260103000000_drop_phone";
  const DROP_PHONE_SQL = `ALTER TABLE "User" DROP COLUMN "phone";\n`;
  type ContractReport = { migrations: Array<{ name: string; phase: string; contractSteps: Array<{ ruleId: string; line: number; acknowledged?: string }> }> };

  /** "User" with a phone column, applied through the CLI; nothing pending yet. */
  async function appliedPhone(prefix: string) {
    const url = await createDatabase(prefix);
    const app = appWithOneMigration();
    app.addMigration("20260102000000_phone", ADD_PHONE);
    expect((await runCli(["migrate", "--database-url", url], { cwd: app.dir })).exitCode).toBe(0);
    return { app, url };
  }

  async function columnsOfUser(url: string): Promise<string[]> {
    return await withClient(url, async (client) =>
      (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'User' ORDER BY column_name`)).rows.map((row) => row.column_name as string),
    );
  }

  test("block: a pending migration that drops a column exits 1 with contract-blocked, the migration and the rule; nothing applied", async () => {
    const { app, url } = await appliedPhone("cliblock");
    app.addMigration(DROP_PHONE, DROP_PHONE_SQL);
    const run = await runCli(["migrate", "--contract-migrations", "block", "--database-url", url], { cwd: app.dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("migrate failed (contract-blocked)");
    expect(run.stdout).toContain(`${DROP_PHONE} (dropping a column (line 1))`);
    expect(run.stdout).toContain(`${DROP_PHONE}: contract, blocked (drop-column (line 1))`);
    expect(run.stdout).toContain("-- gate:ignore <rule-id>");
    // The way on is spelled as the flag is typed.
    expect(run.stdout).toContain("--contract-migrations after-deploy (with command deploy)");
    expect(run.stdout).not.toContain("--contract-migrations:");
    const json = await runCli(["migrate", "--json", "--contract-migrations", "block", "--database-url", url], { cwd: app.dir });
    expect(json.exitCode).toBe(1);
    const result = json.json<{ failureReason: string; migration: { applied: string[]; contract: ContractReport } }>();
    expect(result.failureReason).toBe("contract-blocked");
    expect(result.migration.applied).toEqual([]);
    expect(result.migration.contract.migrations).toEqual([
      expect.objectContaining({ name: DROP_PHONE, phase: "contract", contractSteps: [expect.objectContaining({ ruleId: "drop-column", line: 1 })] }),
    ]);
    expect((await migrationRows(url)).map((row) => row.migration_name)).not.toContain(DROP_PHONE);
    expect(await columnsOfUser(url)).toContain("phone");
    expectNoSecret(run, passwordOf(url));
  });

  test("block: a drop acknowledged with -- gate:ignore drop-column <reason> is applied", async () => {
    const { app, url } = await appliedPhone("cliack");
    app.addMigration(DROP_PHONE, `-- gate:ignore drop-column the running version stopped reading phone in release 12\n${DROP_PHONE_SQL}`);
    const run = await runCli(["migrate", "--json", "--contract-migrations", "block", "--database-url", url], { cwd: app.dir });
    expect(run.exitCode).toBe(0);
    const result = run.json<{ migration: { applied: string[]; contract: ContractReport } }>();
    expect(result.migration.applied).toEqual([DROP_PHONE]);
    expect(result.migration.contract.migrations).toEqual([
      expect.objectContaining({
        name: DROP_PHONE,
        phase: "neutral",
        contractSteps: [expect.objectContaining({ ruleId: "drop-column", acknowledged: "the running version stopped reading phone in release 12" })],
      }),
    ]);
    expect((await migrationRows(url)).map((row) => row.migration_name)).toContain(DROP_PHONE);
    expect(await columnsOfUser(url)).not.toContain("phone");
  });

  test("check with --database-url shows the plan's phases and what --contract-migrations after-deploy will do with them", async () => {
    const { app, url } = await appliedPhone("clicontractcheck");
    app.addMigration(DROP_PHONE, DROP_PHONE_SQL);
    const shadow = await createDatabase("clicontractshadow");
    const run = await runCli(["check", "--database-url", url, "--contract-migrations", "after-deploy", "--fail-on", "never"], { cwd: app.dir, env: { SHADOW_DATABASE_URL: shadow } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Expand and contract (contract-migrations after-deploy):");
    expect(run.stdout).toContain(`${DROP_PHONE}: contract, after the new deployment is healthy (drop-column (line 1))`);
    expect(run.stdout).toContain(`The deploy applies nothing first, and ${DROP_PHONE} once the new deployment is healthy.`);
    expect(await columnsOfUser(url)).toContain("phone");
  });

  test("after-deploy is refused for migrate (exit 2) before the database is touched, pointing at deploy or --contract-migrations block", async () => {
    const url = await createDatabase("cliafter");
    const app = appWithOneMigration();
    app.addMigration(DROP_PHONE, DROP_PHONE_SQL);
    const run = await runCli(["migrate", "--contract-migrations", "after-deploy", "--database-url", url], { cwd: app.dir });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain("invalid-input");
    expect(run.stdout).toContain("--contract-migrations after-deploy needs command deploy");
    expect(run.stdout).toContain("Use command deploy");
    expect(run.stdout).toContain("`--contract-migrations block`");
    expect(run.stdout).not.toContain("contract-migrations:");
    expect(await migrationRows(url)).toEqual([]);
  });
});

test("Ctrl-C while waiting for the lock cancels like the runner does: exit 130, reason cancelled, nothing applied", async () => {
  const url = await createDatabase("clicancel");
  const app = appWithOneMigration();
  const holder = await holdPrismaLock(url, "api-busy");
  try {
    let sent = false;
    const run = await runCli(["migrate", "--json", "--database-url", url, "--timeout", "2m"], {
      cwd: app.dir,
      onOutput: (child, _stdout, stderr) => {
        if (!sent && stderr.includes("is held by pid")) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(run.exitCode).toBe(130);
    expect(run.json<{ failureReason: string }>().failureReason).toBe("cancelled");
    expect(await migrationRows(url)).toEqual([]);
  } finally {
    await holder.end();
  }
});

describe("locks", () => {
  test("names the holder and its waiter, with pg_blocking_pids, classified as the gate does", async () => {
    const url = await createDatabase("clilocks");
    const holder = await holdPrismaLock(url, "api-holder");
    const waiter = new pg.Client({ connectionString: url, application_name: "api-waiter" });
    await waiter.connect();
    waiter.on("error", () => undefined);
    const waiting = waiter.query("SELECT pg_advisory_lock(72707369)").catch(() => undefined);
    try {
      const holderPid = (await holder.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      let run: CliRun;
      for (;;) {
        run = await runCli(["locks", "--json"], { env: { DATABASE_URL: url } });
        if (run.json<{ waiters: unknown[] }>().waiters.length > 0) break;
      }
      expect(run.exitCode).toBe(0);
      const result = run.json<{ holder: { pid: number; kind: string }; waiters: Array<{ applicationName: string }>; blocked: Array<{ blockedBy: number[]; session: { applicationName: string } }> }>();
      expect(result.holder).toMatchObject({ pid: holderPid, kind: "idle-leftover" });
      expect(result.waiters.map((each) => each.applicationName)).toEqual(["api-waiter"]);
      expect(result.blocked).toEqual([expect.objectContaining({ blockedBy: [holderPid], session: expect.objectContaining({ applicationName: "api-waiter" }) })]);
      const text = await runCli(["locks"], { env: { DATABASE_URL: url } });
      expect(text.stdout).toContain(`Held by pid ${holderPid} [idle-leftover]`);
      expectNoSecret(text, passwordOf(url));
    } finally {
      await holder.end();
      await waiting;
      await waiter.end();
    }
  });

  test("--watch refreshes until Ctrl-C, then exits 0", async () => {
    const url = await createDatabase("cliwatch");
    let sent = false;
    const run = await runCli(["locks", "--watch"], {
      env: { DATABASE_URL: url },
      onOutput: (child, stdout) => {
        if (!sent && (stdout.match(/Prisma's advisory lock/g) ?? []).length >= 2) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(run.exitCode).toBe(0);
    expect((run.stdout.match(/Free: nobody holds it/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  test("an unreachable database exits 2", async () => {
    const run = await runCli(["locks", "--database-url", "postgresql://app:Unreach4ble@127.0.0.1:9/shop"]);
    expect(run.exitCode).toBe(2);
    expectNoSecret(run, "Unreach4ble");
  });
});

describe("lint", () => {
  const DROP_FILE = "prisma/migrations/20260103000000_drop/migration.sql";

  function migrationsFolder(): string {
    const app = appWithOneMigration();
    app.addMigration("20260102000000_phone", ADD_PHONE);
    app.addMigration("20260103000000_drop", `ALTER TABLE "User" DROP COLUMN "phone";\n`);
    return app.dir;
  }

  test("findings exit 1; --json has findings with ruleId, severity, file and line; --format github; --fail-on never", async () => {
    const dir = migrationsFolder();
    const run = await runCli(["lint", DROP_FILE, "--json"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    const findings = run.json<{ findings: Array<{ ruleId: string; severity: string; file: string; line: number }> }>().findings;
    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: "drop-column", severity: "error", file: DROP_FILE, line: 1 })]));
    const github = await runCli(["lint", DROP_FILE, "--format", "github"], { cwd: dir });
    expect(github.stdout).toContain(`::error file=${DROP_FILE},line=1,title=drop-column::`);
    const never = await runCli(["lint", DROP_FILE, "--fail-on", "never"], { cwd: dir });
    expect(never.exitCode).toBe(0);
    expect(never.stdout).toContain("drop-column");
  });

  test("a migrations folder: tables its own migrations create count as new; with --base only what changed since is linted", async () => {
    const dir = migrationsFolder();
    // Linted as a whole, "User" is created by the folder's first migration: a new table, nothing to warn about.
    const whole = await runCli(["lint", "prisma/migrations", "--json"], { cwd: dir });
    expect(whole.exitCode).toBe(0);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir });
    git("init", "-q", "-b", "main");
    rmSync(path.join(dir, "prisma", "migrations", "20260103000000_drop"), { recursive: true });
    git("add", "-A");
    git("-c", "user.name=dev", "-c", "user.email=dev@example.invalid", "commit", "-q", "-m", "base");
    mkdirSync(path.join(dir, "prisma", "migrations", "20260103000000_drop"));
    writeFileSync(path.join(dir, DROP_FILE), `ALTER TABLE "User" DROP COLUMN "phone";\n`);
    const changed = await runCli(["lint", "prisma/migrations", "--base", "main", "--json"], { cwd: dir });
    expect(changed.exitCode).toBe(1);
    const result = changed.json<{ files: string[]; findings: Array<{ ruleId: string }> }>();
    expect(result.files).toEqual([DROP_FILE]);
    expect(result.findings.map((finding) => finding.ruleId)).toContain("drop-column");
  });

  test("with --base the base's migrations are read as deployed: SET NOT NULL after a validated check passes, except on --postgres-version 11", async () => {
    const app = appWithOneMigration();
    app.addMigration("20260102000000_phone", ADD_PHONE);
    app.addMigration("20260103000000_phone_check", `SET lock_timeout = '5s';\nALTER TABLE "User" ADD CONSTRAINT "User_phone_not_null" CHECK ("phone" IS NOT NULL) NOT VALID;\n`);
    app.addMigration("20260104000000_phone_validate", `ALTER TABLE "User" VALIDATE CONSTRAINT "User_phone_not_null";\n`);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: app.dir });
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("-c", "user.name=dev", "-c", "user.email=dev@example.invalid", "commit", "-q", "-m", "base");
    app.addMigration("20260105000000_phone_required", `SET lock_timeout = '5s';\nALTER TABLE "User" ALTER COLUMN "phone" SET NOT NULL;\n`);

    const current = await runCli(["lint", "prisma/migrations", "--base", "main", "--json"], { cwd: app.dir });
    expect(current.json<{ findings: unknown[] }>().findings).toEqual([]);
    expect(current.exitCode).toBe(0);
    const old = await runCli(["lint", "prisma/migrations", "--base", "main", "--postgres-version", "11", "--json"], { cwd: app.dir });
    expect(old.exitCode).toBe(1);
    expect(old.json<{ findings: Array<{ ruleId: string; message: string }> }>().findings).toEqual([
      expect.objectContaining({ ruleId: "set-not-null", message: expect.stringContaining("PostgreSQL 11 scans every row") }),
    ]);
    const bad = await runCli(["lint", "prisma/migrations", "--postgres-version", "eleven"], { cwd: app.dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr + bad.stdout).toContain("Invalid --postgres-version 'eleven'. Expected a PostgreSQL major version such as 16 or 9.6");
  });

  test("a file without findings exits 0; a missing path or bad --format exits 2", async () => {
    const dir = mkdtempSync(path.join(repositoryRoot, "__tests__", ".work", "lint-"));
    mkdirSync(path.join(dir, "sql"));
    writeFileSync(path.join(dir, "sql", "create.sql"), INIT_USER_SQL);
    const clean = await runCli(["lint", "sql/create.sql", "--json"], { cwd: dir });
    expect(clean.exitCode).toBe(0);
    expect(clean.json<{ findings: unknown[] }>().findings).toEqual([]);
    expect((await runCli(["lint", "sql/nothing.sql"], { cwd: dir })).exitCode).toBe(2);
    expect((await runCli(["lint", "sql", "--format", "yaml"], { cwd: dir })).exitCode).toBe(2);
  });
});

describe("deploy and upload", () => {
  test("deploy migrates, uploads and follows the deployment to RUNNING; the API key is never printed", async () => {
    const url = await createDatabase("clideploy");
    const app = appWithOneMigration();
    app.writeFile("src/main.js", "console.log('api');\n");
    const service = standIns.zeabur.addService();
    const run = await runCli(
      ["deploy", "--json", "--zeabur-service-id", service.serviceId, "--zeabur-environment-id", service.environmentId, "--zeabur-api-url", standIns.zeabur.url],
      { cwd: app.dir, env: { DATABASE_URL: url, ZEABUR_API_KEY: standIns.zeabur.apiKey } },
    );
    expect(run.exitCode).toBe(0);
    const result = run.json<{ migration: { applied: string[] }; deployment: { status: string }; upload: { deploymentId: string } }>();
    expect(result.migration.applied).toEqual(["20260101000000_init"]);
    expect(result.deployment.status).toBe("RUNNING");
    expect(standIns.zeabur.deployments.some((deployment) => deployment.id === result.upload.deploymentId)).toBe(true);
    expectNoSecret(run, standIns.zeabur.apiKey, passwordOf(url));
  });

  test("a malformed service id is refused before anything is uploaded (exit 2, the flag named)", async () => {
    const app = appWithOneMigration();
    const before = standIns.zeabur.requests.length;
    const run = await runCli(["upload", "--zeabur-service-id", "nope", "--zeabur-environment-id", "abcdef0123456789abcdef01", "--zeabur-api-url", standIns.zeabur.url], {
      cwd: app.dir,
      env: { ZEABUR_API_KEY: standIns.zeabur.apiKey },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain("Invalid --zeabur-service-id 'nope'");
    expect(standIns.zeabur.requests.length).toBe(before);
  });
});

test("an empty folder to upload fails before any request, naming the flag to fix", async () => {
  const empty = mkdtempSync(path.join(repositoryRoot, "__tests__", ".work", "empty-"));
  const service = standIns.zeabur.addService();
  const before = standIns.zeabur.requests.length;
  const run = await runCli(
    ["upload", "--deploy-path", empty, "--zeabur-service-id", service.serviceId, "--zeabur-environment-id", service.environmentId, "--zeabur-api-url", standIns.zeabur.url],
    { cwd: repositoryRoot, env: { ZEABUR_API_KEY: standIns.zeabur.apiKey } },
  );
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain("upload failed (upload-failed)");
  expect(run.stdout).toContain("Check --deploy-path");
  expect(standIns.zeabur.requests.length).toBe(before);
});

describe("check", () => {
  test("drift outside any GitHub run: exit 1 with the command that creates the migration, no crash", async () => {
    const shadow = await createDatabase("clishadow");
    const app = appWithOneMigration();
    app.appendSchema(`\nmodel Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n`);
    const run = await runCli(["check", "--json"], { cwd: app.dir, env: { SHADOW_DATABASE_URL: shadow } });
    expect(run.exitCode).toBe(1);
    const result = run.json<{ failureReason: string; check: { drift: { found: boolean; sql: string } } }>();
    expect(result.failureReason).toBe("drift");
    expect(result.check.drift.sql).toContain('CREATE TABLE "Post"');
    expect(run.stderr).not.toContain("Unexpected error");
    expectNoSecret(run, passwordOf(shadow));
  });
});

test("the database URL's password never reaches the terminal, even in a failing run's messages", async () => {
  const url = await createDatabase("clisecret");
  await withClient(url, (client) => client.query(`CREATE TABLE "Legacy" (id int)`));
  const app = appWithOneMigration();
  const run = await runCli(["migrate", "--database-url", url], { cwd: app.dir });
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain("baseline-required");
  expectNoSecret(run, passwordOf(url), encodeURIComponent(passwordOf(url)));
});
