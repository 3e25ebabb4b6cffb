// Reads the settings, runs the command, and always sets the outputs and writes the summary.
import * as core from "@actions/core";
import { runCheck } from "./commands/check.js";
import { runDeploy, runUpload } from "./commands/deploy.js";
import { runMigrate } from "./commands/migrate.js";
import { runStatus } from "./commands/status.js";
import { GateError, describeThrown } from "./errors.js";
import { collectOutputs } from "./outputs.js";
import { redact } from "./redact.js";
import { renderSummary } from "./report/summary.js";
import { newRunReport, type RunReport } from "./report/run-report.js";
import { readSettings, type Settings } from "./settings.js";

async function runCommand(settings: Settings, report: RunReport): Promise<void> {
  switch (settings.command) {
    case "migrate":
      await runMigrate(settings, report);
      return;
    case "check":
      await runCheck(settings, report);
      return;
    case "status":
      await runStatus(settings, report);
      return;
    case "deploy":
      await runDeploy(settings, report);
      return;
    case "upload":
      await runUpload(settings, report);
      return;
  }
}

export async function run(): Promise<void> {
  const report = newRunReport(core.getInput("command").trim() || "deploy");
  try {
    const settings = readSettings((name) => core.getInput(name));
    await runCommand(settings, report);
  } catch (thrown) {
    if (thrown instanceof GateError) {
      report.failure = { reason: thrown.reason, message: redact(thrown.message), nextSteps: thrown.nextSteps.map(redact) };
      core.setFailed(`${report.failure.message}${report.failure.nextSteps.length ? `\n${report.failure.nextSteps.map((step) => `→ ${step}`).join("\n")}` : ""}`);
    } else {
      // Not a failure the action understands: still explain it, with the stack in the debug log.
      report.failure = {
        reason: "migration-failed",
        message: `Unexpected error: ${redact(describeThrown(thrown))}`,
        nextSteps: ["This is a bug in prisma-gated-deploy; re-run with debug logging (ACTIONS_STEP_DEBUG) and report it with the log."],
      };
      core.debug(redact(thrown instanceof Error ? (thrown.stack ?? thrown.message) : describeThrown(thrown)));
      core.setFailed(report.failure.message);
    }
  } finally {
    report.finishedAt = new Date();
    for (const [name, value] of Object.entries(collectOutputs(report))) core.setOutput(name, redact(value));
    await writeSummary(report);
  }
}

async function writeSummary(report: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(redact(renderSummary(report))).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${describeThrown(error)}`);
  }
}
