// Prisma 8 has no `migrate` commands. The action refuses it before running anything, with a
// message that matches what the release candidate really does (reproduced by the stand-in
// CLI in __tests__/fixtures/prisma-8-rc-cli, held here against the captured output).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { createFixtureApp, INIT_USER_SQL, repositoryRoot } from "../support/fixture-app.js";
import { createDatabase, migrationRows } from "../support/database.js";
import { runAction } from "../support/run-action.js";

const STAND_IN = path.join(repositoryRoot, "__tests__", "fixtures", "prisma-8-rc-cli");

function runStandIn(args: string[]): Promise<{ exitCode: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(STAND_IN, "bin", "prisma.js"), ...args], (error, stdout) =>
      resolve({ exitCode: error ? Number(error.code) : 0, stdout }),
    );
  });
}

/** The `### npx prisma <command>` sections of the capture: the JSON envelope and the exit code. */
function captured(command: string): { envelope: unknown; exitCode: number } {
  const text = readFileSync(path.join(STAND_IN, "p8-migrate-node20.txt"), "utf8");
  const section = text.split("### ").find((part) => part.startsWith(`npx prisma ${command}\n`));
  if (!section) throw new Error(`no capture of prisma ${command}`);
  const json = JSON.parse(section.split("\n")[1]);
  return { envelope: json.envelope, exitCode: Number(/^rc=(\d+)$/m.exec(section)?.[1]) };
}

test.each(["migrate deploy", "migrate status"])("the stand-in answers `prisma %s` as the release candidate did", async (command) => {
  const run = await runStandIn(command.split(" "));
  const expected = captured(command);
  expect(run.exitCode).toBe(expected.exitCode);
  expect(JSON.parse(run.stdout).envelope).toEqual(expected.envelope);
});

test("a project on the Prisma 8 release candidate: prisma-unsupported, nothing run, the fix to paste", async () => {
  const app = createFixtureApp({ prisma: 7 });
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  const modules = path.join(app.dir, "node_modules");
  mkdirSync(modules, { recursive: true });
  const link = path.join(modules, "prisma");
  (await import("node:fs")).rmSync(link, { force: true });
  symlinkSync(STAND_IN, link, "dir");
  const log = path.join(app.dir, "prisma8-invocations.log");
  const url = await createDatabase("prisma8");

  const run = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir }, env: { PRISMA8_STAND_IN_LOG: log } });
  expect(run.exitCode).toBe(1);
  expect(run.outputs["failure-reason"]).toBe("prisma-unsupported");
  expect(run.outputs.attempts).toBe("0");
  expect(run.summary).toContain("Prisma 8.0.0-rc.19 is installed");
  // What the release candidate says to `migrate`, quoted so the person recognises it.
  expect(run.summary).toContain('"No command registered for `migrate`"');
  expect(run.summary).toContain("npm install --save-dev --save-exact prisma@7");
  expect(existsSync(log)).toBe(false);
  expect(await migrationRows(url)).toEqual([]);
});
