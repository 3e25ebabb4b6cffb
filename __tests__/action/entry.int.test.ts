// The bundle as GitHub runs it, where the run goes wrong outside the gate: an error the action
// does not classify, and a runner whose output file is missing.
import path from "node:path";
import { tmpdir } from "node:os";
import { runAction } from "../support/run-action.js";

const upload = {
  command: "upload",
  "zeabur-api-key": "zeabur-key-entry-1",
  "zeabur-service-id": "0123456789abcdef01234567",
  "zeabur-environment-id": "abcdef0123456789abcdef01",
  // Never contacted: the run fails before the upload.
  "zeabur-api-url": "http://127.0.0.1:9",
};

test("an error the action does not classify is internal-error, names the step, keeps the stack for debug", async () => {
  const missingTemp = path.join(tmpdir(), "pgd-no-such-runner-temp", "deeper");
  const run = await runAction({ inputs: upload, env: { RUNNER_TEMP: missingTemp, RUNNER_DEBUG: "1" } });
  expect(run.exitCode).toBe(1);
  expect(run.outputs["failure-reason"]).toBe("internal-error");
  expect(run.stdout).toMatch(/::error::Unexpected error while creating a scratch folder for the archive: ENOENT/);
  expect(run.summary).toContain("failed (internal-error)");
  // The stack goes to the debug log (shown when the run is re-run with debug logging).
  expect(run.stdout).toMatch(/::debug::Error: ENOENT[^\n]*%0A +at /);
  expect(run.everything).not.toContain("migration-failed");
});

test("a missing GITHUB_OUTPUT file is a warning, never a crash: the verdict and the summary still come", async () => {
  const run = await runAction({
    inputs: { command: "migrate", "database-url": "not a url" },
    env: { GITHUB_OUTPUT: path.join(tmpdir(), "pgd-no-such-folder", "output") },
  });
  expect(run.exitCode).toBe(1);
  expect(run.stderr).not.toMatch(/Missing file at path|TypeError|at .*dist\/index\.js/);
  expect(run.stdout).toMatch(/::warning::Could not set the outputs \(GITHUB_OUTPUT=.*pgd-no-such-folder\/output\): /);
  expect(run.stdout).toMatch(/::error::Invalid database-url: it is not a URL/);
  expect(run.summary).toContain("failed (invalid-input)");
});

test("a missing GITHUB_STEP_SUMMARY file is a warning, and the outputs are still set", async () => {
  const run = await runAction({
    inputs: { command: "migrate", "database-url": "not a url" },
    env: { GITHUB_STEP_SUMMARY: path.join(tmpdir(), "pgd-no-such-folder", "summary.md") },
  });
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toMatch(/::warning::Could not write the job summary: /);
  expect(run.outputs["failure-reason"]).toBe("invalid-input");
});
