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
import { newRunReport, type RunFailure, type RunReport } from "./report/run-report.js";
import type { OptionName } from "./options.js";
import { readSettings, requestedCommand, type Settings } from "./settings.js";

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
  const input = (name: OptionName) => core.getInput(name);
  const report = newRunReport(requestedCommand(input));
  try {
    report.step = "reading the inputs";
    const settings = readSettings(input);
    report.step = `the ${settings.command} command`;
    await runCommand(settings, report);
  } catch (thrown) {
    report.failure = describeFailure(thrown, report.step);
    core.setFailed(`${report.failure.message}${report.failure.nextSteps.length ? `\n${report.failure.nextSteps.map((step) => `→ ${step}`).join("\n")}` : ""}`);
  } finally {
    report.finishedAt = new Date();
    writeOutputs(report);
    await writeSummary(report);
  }
}

function describeFailure(thrown: unknown, step: string): RunFailure {
  if (thrown instanceof GateError) {
    return { reason: thrown.reason, message: redact(thrown.message), nextSteps: thrown.nextSteps.map(redact) };
  }
  // Not a failure the action understands: say honestly so, name where it happened, and keep
  // the stack for whoever debugs it.
  core.debug(redact(thrown instanceof Error ? (thrown.stack ?? thrown.message) : describeThrown(thrown)));
  return {
    reason: "internal-error",
    message: `Unexpected error while ${step}: ${redact(describeThrown(thrown))}`,
    nextSteps: ["This is a bug in prisma-gated-deploy; re-run with debug logging (ACTIONS_STEP_DEBUG) and report it with the log."],
  };
}

/** Best effort: a run that cannot record an output still reports its verdict and its summary. */
function writeOutputs(report: RunReport): void {
  for (const [name, value] of Object.entries(collectOutputs(report))) {
    try {
      core.setOutput(name, redact(value));
    } catch (error) {
      core.warning(`Could not set the outputs (GITHUB_OUTPUT=${process.env.GITHUB_OUTPUT ?? ""}): ${describeThrown(error)}`);
      return;
    }
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
