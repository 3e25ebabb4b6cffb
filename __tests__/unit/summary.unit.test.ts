// The job summary a person opens when the step is red (or green).
import { toLockHolder, type LockSession } from "../../src/postgres/lock-holder.js";
import { renderSummary } from "../../src/report/summary.js";
import { newMigrationReport, newRunReport, type RunReport } from "../../src/report/run-report.js";

const observedAt = new Date("2026-11-21T10:00:00Z");

function holderSession(overrides: Partial<LockSession> = {}): LockSession {
  return {
    pid: 31337,
    granted: true,
    applicationName: "api-crashed-7f9c",
    clientAddress: "10.0.3.7",
    user: "app",
    state: "idle",
    backendStart: new Date(observedAt.getTime() - 3_600_000),
    transactionStart: null,
    stateChange: new Date(observedAt.getTime() - 1_800_000),
    query: "SELECT pg_advisory_lock(72707369)",
    waitEvent: "ClientRead",
    observedAt,
    ...overrides,
  };
}

function report(overrides: Partial<RunReport> = {}): RunReport {
  const base = newRunReport("migrate");
  base.startedAt = new Date("2026-11-21T10:00:00Z");
  base.finishedAt = new Date("2026-11-21T10:00:42Z");
  return { ...base, ...overrides };
}

describe("renderSummary", () => {
  test("a success says which command succeeded and how long it took, and nothing about failure", () => {
    const text = renderSummary(report());
    expect(text).toMatch(/^## ✅ prisma-gated-deploy: `migrate` succeeded in 42 s/);
    expect(text).not.toContain("What to do next");
  });

  test("a failure shows the reason, the message quoted line by line, and numbered next steps", () => {
    const text = renderSummary(
      report({
        failure: {
          reason: "lock-busy",
          message: "Prisma's advisory lock is held by pid 31337.\nIt never let go within 3 s.",
          nextSteps: ["Find the process with `application_name` api-crashed-7f9c.", "Run `SELECT pg_terminate_backend(31337);` if it is a leftover."],
        },
      }),
    );
    expect(text).toMatch(/^## ❌ prisma-gated-deploy: `migrate` failed \(lock-busy\) in 42 s/);
    expect(text).toContain("> Prisma's advisory lock is held by pid 31337.\n> It never let go within 3 s.");
    expect(text).toContain("**What to do next**");
    expect(text).toContain("1. Find the process with `application_name` api-crashed-7f9c.");
    expect(text).toContain("2. Run `SELECT pg_terminate_backend(31337);` if it is a leftover.");
  });

  test("warnings are GitHub warning callouts, multi-line ones kept inside the callout", () => {
    const text = renderSummary(report({ warnings: ["database-url looks like a pooler.\nUse the direct URL."] }));
    expect(text).toContain("> [!WARNING]\n> database-url looks like a pooler.\n> Use the direct URL.");
  });

  test("the migration section shows the lock holder as a table and the terminated session", () => {
    const migration = newMigrationReport();
    migration.prismaVersion = "6.19.3";
    migration.target = "db.example.com:5432/shop";
    migration.pendingBefore = ["20260101000000_init"];
    migration.applied = ["20260101000000_init"];
    migration.attempts = 1;
    migration.lockWaitMs = 2_500;
    migration.lockHolder = toLockHolder(holderSession());
    migration.terminated = [toLockHolder(holderSession({ pid: 4242, applicationName: "worker-old" }))];
    const text = renderSummary(report({ migration }));

    expect(text).toContain("### Migrations");
    expect(text).toContain("| Prisma | 6.19.3 |");
    expect(text).toContain("| Applied by this run | `20260101000000_init` |");
    expect(text).toContain("| Waited for the lock | 2.5 s |");
    expect(text).toContain("#### Prisma's advisory lock (`pg_advisory_lock(72707369)`)");
    expect(text).toContain("| pid | application_name | client | state | for | connected | kind |");
    expect(text).toContain("| 31337 | api-crashed-7f9c | 10.0.3.7 | idle | 30 min | 1 h 0 min ago | idle-leftover |");
    expect(text).toMatch(/- \*\*Terminated\*\* stale idle session: pid 4242, application_name 'worker-old'/);
  });

  test("Prisma's output tail appears only when the run failed", () => {
    const migration = newMigrationReport();
    migration.prismaOutputTail = "Error: P3018\nMigration name: 20260102000000_broken";
    const failure = { reason: "migration-failed" as const, message: "A migration failed to apply.", nextSteps: [] };

    const failed = renderSummary(report({ migration, failure }));
    expect(failed).toContain("Prisma's output (last lines)");
    expect(failed).toContain("Migration name: 20260102000000_broken");

    const succeeded = renderSummary(report({ migration }));
    expect(succeeded).not.toContain("Prisma's output");
    expect(succeeded).not.toContain("P3018");
  });

  test("a failed migration shows its file and line, SQLSTATE, database error and statement", () => {
    const migration = newMigrationReport();
    migration.failedMigration = {
      name: "20260102000000_broken",
      file: "prisma/migrations/20260102000000_broken/migration.sql",
      line: 5,
      sqlState: "42704",
      databaseError: 'type "bogus_type" does not exist',
      statement: 'ALTER TABLE "User" ALTER COLUMN "age" TYPE bogus_type;',
    };
    const text = renderSummary(report({ migration, failure: { reason: "migration-failed", message: "failed", nextSteps: [] } }));
    expect(text).toContain("#### Failed migration `20260102000000_broken`");
    expect(text).toContain("| File | prisma/migrations/20260102000000_broken/migration.sql:5 |");
    expect(text).toContain("| SQLSTATE | 42704 |");
    expect(text).toContain('```sql\nALTER TABLE "User" ALTER COLUMN "age" TYPE bogus_type;\n```');
  });

  test("edited and missing migrations are warned about in the section", () => {
    const migration = newMigrationReport();
    migration.editedMigrations = ["20260101000000_init"];
    migration.missingLocally = ["20260101120000_hotfix"];
    const text = renderSummary(report({ migration }));
    expect(text).toMatch(/Applied migrations edited afterwards.*`20260101000000_init`/);
    expect(text).toMatch(/not in prisma\/migrations: `20260101120000_hotfix`/);
  });

  test("the archive, the deployment and the check follow the migrations, each rendered from its result", () => {
    const archive = {
      file: "/tmp/deploy.zip",
      bytes: 2048,
      sha256Base64: "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=",
      files: 12,
      ignoreFile: null,
      excluded: [],
      excludedCount: 0,
      envFilesExcluded: [],
      symlinksSkipped: [],
    };
    const upload = { uploadId: "up-1", deploymentId: "dep-1", deploymentUrl: "https://zeabur.com/deployments/dep-1", attempts: 1 };
    const text = renderSummary(
      report({
        migration: newMigrationReport(),
        archive,
        upload,
        deployment: { status: "RUNNING", buildLogTail: [] },
        check: { prismaVersion: "6.19.3", drift: { found: false }, lint: [], history: [] },
      }),
    );
    const order = ["### Migrations", "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=", "### Zeabur deployment", "`RUNNING`", "## Migration check"].map((marker) => text.indexOf(marker));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test("the check's report has one title, not two", () => {
    const text = renderSummary(report({ check: { prismaVersion: "6.19.3", drift: { found: false }, lint: [], history: [] } }));
    expect(text.match(/Migration check/g)).toHaveLength(1);
  });

  test("status shows what is pending, without the rows only a migrating run has, and folds a long list", () => {
    const migration = { ...newMigrationReport(), prismaVersion: "6.19.3", pendingBefore: Array.from({ length: 163 }, (_, k) => `20260101${String(k).padStart(6, "0")}_m${k}`) };
    const text = renderSummary({ ...report(), command: "status", migration });
    expect(text).toContain("| Pending | <details><summary>163 migrations</summary>");
    expect(text).not.toContain("Applied by this run");
    expect(text).not.toContain("attempts");
    expect(text).toContain("| Prisma | 6.19.3 |");
    const migrate = renderSummary({ ...report(), migration: { ...migration, pendingBefore: migration.pendingBefore.slice(0, 2) } });
    expect(migrate).toContain("Applied by this run");
    expect(migrate).toContain("| Pending before the run | `20260101000000_m0`, `20260101000001_m1` |");
  });
});
