// The action run by GitHub's own emulation of the runner for JavaScript actions,
// @github/local-action: it reads action.yml (so the file must load), fills every input the
// workflow leaves out with action.yml's default as the runner does, and stands in for
// @actions/core. It must be started from the action's folder: it finds the @actions/core
// to replace with `npm ls` there.
//
// Where it differs from the runner: it does not evaluate expression defaults, so
// `github-token` would arrive as the literal `${{ github.token }}`; the test passes a token,
// as the runner's evaluation would. Outputs are collected by its stub of setOutput, not
// through a GITHUB_OUTPUT file.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readActionMetadata, repositoryRoot } from "../../scripts/action-metadata.js";
import { inputVariables } from "../support/run-action.js";
import { useStandIns, zeaburInputs } from "../support/stand-ins.js";

const GITHUB_TOKEN = "ghs_localActionToken0123456789";
const localAction = path.join(repositoryRoot, "node_modules", "@github", "local-action", "bin", "local-action.js");

const standIns = useStandIns({ zeabur: { apiKey: "zbr_local_action_key_7788" }, github: { token: GITHUB_TOKEN, repository: "acme/shop" } });

interface LocalRun {
  exitCode: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** `npx local-action run . src/main.ts <env file>`, from the repository root. */
async function runLocalAction(variables: Record<string, string>): Promise<LocalRun> {
  const scratch = mkdtempSync(path.join(tmpdir(), "pgd-local-action-"));
  const summaryFile = path.join(scratch, "summary.md");
  writeFileSync(summaryFile, "");
  const envFile = path.join(scratch, ".env");
  writeFileSync(envFile, Object.entries({ ...variables, GITHUB_STEP_SUMMARY: summaryFile }).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join("\n"));
  const child = spawn(process.execPath, [localAction, "run", ".", "src/main.ts", envFile], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? scratch, NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const exitCode = await new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  const outputs: Record<string, string> = {};
  for (const match of stdout.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)) outputs[match[1]] = match[2];
  return { exitCode, stdout, outputs, summary: readFileSync(summaryFile, "utf8") };
}

test("command: upload against the fake Zeabur, every other input from action.yml's defaults", async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), "pgd-local-workspace-"));
  mkdirSync(path.join(workspace, "src"));
  writeFileSync(path.join(workspace, "package.json"), '{ "name": "shop-api" }\n');
  writeFileSync(path.join(workspace, "src", "main.js"), "console.log('shop api');\n");
  const eventFile = path.join(workspace, "..", `${path.basename(workspace)}-event.json`);
  writeFileSync(eventFile, "{}");

  const run = await runLocalAction({
    // Only what a workflow must give for an upload; working-directory ".", wait "true",
    // wait-timeout, github-environment and zeabur-api-url's path come from action.yml.
    ...inputVariables({ command: "upload", ...zeaburInputs(standIns.zeabur), "github-token": GITHUB_TOKEN }),
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: mkdtempSync(path.join(tmpdir(), "pgd-local-temp-")),
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_REF: "refs/heads/main",
    GITHUB_RUN_ID: "4343",
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_API_URL: standIns.github.url,
  });

  expect(run.stdout).not.toMatch(/YAMLParseError|Error: Cannot find module/);
  // Every declared output is set, and nothing undeclared.
  expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(readActionMetadata().outputs).sort());
  const deployment = standIns.zeabur.deployments.at(-1);
  expect(run.outputs).toMatchObject({
    "failure-reason": "",
    "artifact-files": "2",
    "upload-id": deployment?.uploadId,
    "deployment-id": deployment?.id,
    // wait defaults to "true": the deployment was followed to the end.
    "deployment-status": "RUNNING",
    attempts: "0",
    "migrations-applied": "[]",
  });
  expect(run.outputs["deployment-url"]).toContain(deployment?.id);
  // The archive Zeabur received is the one the outputs describe.
  expect(standIns.zeabur.uploads.get(deployment!.uploadId)?.sha256OfReceived).toBe(run.outputs["artifact-sha256"]);
  // github-environment defaults to "production".
  expect(standIns.github.deployments("acme/shop").map((record) => record.environment)).toEqual(["production"]);
  expect(run.summary).toMatch(/`upload` succeeded/);
  expect(run.stdout).not.toContain(standIns.zeabur.apiKey);
  expect(run.exitCode).toBe(0);
});
