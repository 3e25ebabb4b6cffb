// Runs the command the settings name, and turns whatever it threw into the run's failure:
// the one dispatch both front-ends share.
import { runCancellation } from "../cancellation.js";
import type { Ports } from "../core/ports.js";
import { GateError, describeThrown } from "../errors.js";
import { redact } from "../redact.js";
import { describeProgress } from "../report/progress.js";
import type { RunFailure, RunReport } from "../report/run-report.js";
import type { Settings } from "../settings.js";
import { runCheck } from "./check.js";
import { runDeploy, runUpload } from "./deploy.js";
import { runMigrate } from "./migrate.js";
import { runResolve } from "./resolve.js";
import { runSquash } from "./squash.js";
import { runStatus } from "./status.js";

/** Fills `report` as it goes, so that it tells how far the run got even when this throws. */
export async function runCommand(settings: Settings, ports: Ports, report: RunReport): Promise<RunReport> {
  // A front-end's cancel (the runner's signals, Ctrl-C) stops the run's waits and steps.
  const cancel = () => {
    if (!runCancellation.requested) runCancellation.request(String(ports.signal?.reason ?? "cancel"));
  };
  if (ports.signal?.aborted) cancel();
  ports.signal?.addEventListener("abort", cancel, { once: true });
  switch (settings.command) {
    case "migrate":
      await runMigrate(settings, ports, report);
      break;
    case "check":
      await runCheck(settings, ports, report);
      break;
    case "status":
      await runStatus(settings, ports, report);
      break;
    case "deploy":
      await runDeploy(settings, ports, report);
      break;
    case "upload":
      await runUpload(settings, ports, report);
      break;
    case "resolve":
      await runResolve(settings, ports, report);
      break;
    case "squash":
      await runSquash(settings, ports, report);
      break;
  }
  return report;
}

/**
 * The failure a run reports for what it threw. Anything but a GateError is a bug: said so
 * honestly, with the step it happened in (`step`) and how to get more detail (`howToDebug`).
 * A cancelled run also says how far it got (`report`).
 */
export function failureOf(thrown: unknown, step: string, howToDebug: string, report?: RunReport): RunFailure {
  if (thrown instanceof GateError) {
    const progress = thrown.reason === "cancelled" && report ? describeProgress(report) : [];
    return { reason: thrown.reason, message: redact([thrown.message, ...progress].join("\n")), nextSteps: thrown.nextSteps.map(redact) };
  }
  return {
    reason: "internal-error",
    message: `Unexpected error while ${step}: ${redact(describeThrown(thrown))}`,
    nextSteps: [`This is a bug in prisma-gated-deploy; ${howToDebug} and report it with the log.`],
  };
}
