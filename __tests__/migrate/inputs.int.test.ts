// Bad input gets a clear error, and the database is never contacted.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createFixtureApp, INIT_USER_SQL, repositoryRoot } from "../support/fixture-app.js";
import { startConnectionCounter, type ConnectionCounter } from "../support/no-connection-server.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";

const PASSWORD = "Sup3r#Secret/pw";
let counter: ConnectionCounter;
let appDir: string;

beforeAll(async () => {
  counter = await startConnectionCounter(PASSWORD);
  const app = createFixtureApp();
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  appDir = app.dir;
});
afterAll(() => counter.close());

const cases: Array<{ name: string; inputs: () => Record<string, string>; reason: string; message: RegExp }> = [
  { name: "missing database-url", inputs: () => ({ command: "migrate", "working-directory": appDir }), reason: "invalid-input", message: /database-url is required/ },
  {
    name: "malformed database-url",
    inputs: () => ({ command: "migrate", "database-url": `postgres//app:${PASSWORD}@db`, "working-directory": appDir }),
    reason: "invalid-input",
    message: /Invalid database-url: it is not a URL/,
  },
  {
    name: "missing working-directory",
    inputs: () => ({ command: "migrate", "database-url": counter.url, "working-directory": "apps/does-not-exist" }),
    reason: "invalid-input",
    message: /working-directory 'apps\/does-not-exist' does not exist/,
  },
  {
    name: "no Prisma installed",
    inputs: () => ({ command: "migrate", "database-url": counter.url, "working-directory": mkdtempSync(path.join(tmpdir(), "no-prisma-")) }),
    reason: "prisma-not-found",
    message: /Prisma CLI is not installed[\s\S]*npm ci/,
  },
  { name: "max-attempts abc", inputs: () => ({ command: "migrate", "database-url": counter.url, "working-directory": appDir, "max-attempts": "abc" }), reason: "invalid-input", message: /Invalid max-attempts 'abc'/ },
  { name: "timeout soon", inputs: () => ({ command: "migrate", "database-url": counter.url, "working-directory": appDir, timeout: "soon" }), reason: "invalid-input", message: /Invalid timeout 'soon'.*90s, 5m, 1h/ },
  { name: "unknown command", inputs: () => ({ command: "migrat", "database-url": counter.url, "working-directory": appDir }), reason: "invalid-input", message: /Invalid command 'migrat'/ },
];

test.each(cases)("$name: $reason, a clear message, and no connection to the database", async ({ inputs, reason, message }) => {
  const before = counter.connections();
  const run = await runAction({ inputs: inputs() });
  expect(run.exitCode).toBe(1);
  expect(run.outputs["failure-reason"]).toBe(reason);
  expect(run.stdout).toMatch(message);
  expect(run.summary).toMatch(message);
  expect(run.summary).toContain("failed");
  expect(counter.connections()).toBe(before);
  expectSecretAbsent(run, PASSWORD);
});

test("a wrong password is db-auth, reported without retrying and without echoing the password", async () => {
  const url = new URL(process.env.TEST_ADMIN_URL as string);
  url.password = encodeURIComponent(PASSWORD);
  const run = await runAction({ inputs: { command: "migrate", "database-url": url.toString(), "working-directory": appDir } });
  expect(run.outputs["failure-reason"]).toBe("db-auth");
  expect(run.summary).toMatch(/rejected the credentials/);
  expect(run.summary).toMatch(/does not retry|did not retry/);
  expectSecretAbsent(run, PASSWORD);
});

test("a migration folder whose name is not UTF-8: invalid-input naming it byte for byte, the rename command, no connection to the database", async () => {
  const app = createFixtureApp();
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  // "café" as Latin-1 writes it: 0xE9 alone is not UTF-8.
  const migrations = Buffer.from(path.join(app.dir, "prisma", "migrations"));
  const folder = Buffer.concat([migrations, Buffer.from("/20260102000000_caf"), Buffer.from([0xe9])]);
  mkdirSync(folder);
  writeFileSync(Buffer.concat([folder, Buffer.from("/migration.sql")]), `ALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`);
  const before = counter.connections();
  const run = await runAction({ inputs: { command: "migrate", "database-url": counter.url, "working-directory": app.dir } });
  expect(run.exitCode).toBe(1);
  expect(run.outputs["failure-reason"]).toBe("invalid-input");
  expect(run.summary).toContain("holds an entry whose name is not valid UTF-8: $'20260102000000_caf\\xe9'");
  expect(run.summary).toContain(`in bash from ${path.relative(repositoryRoot, path.join(app.dir, "prisma", "migrations"))}: \`mv -- $'20260102000000_caf\\xe9' 20260102000000_caf_\``);
  expect(run.summary).not.toContain("ENOENT");
  expect(counter.connections()).toBe(before);
  expectSecretAbsent(run, PASSWORD);
});
