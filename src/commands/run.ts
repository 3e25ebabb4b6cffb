// Runs the command the settings name, and turns whatever it threw into the run's failure:
// the one dispatch both front-ends share.
import { runCancellation } from "../cancellation.js";
import type { Ports } from "../core/ports.js";
import { GateError, describeThrown } from "../errors.js";
import { redact } from "../redact.js";
import { describeProgress } from "../report/progress.js";
import type { RunFailure, RunReport } from "../report/run-report.js";
import type { Settings } from "../settings.js";

/** Fills `report` as it goes, so that it tells how far the run got even when this throws. */
export async function runCommand(settings: Settings, ports: Ports, report: RunReport): Promise<RunReport> {
  // A front-end's cancel (the runner's signals, Ctrl-C) stops the run's waits and steps.
  const cancel = () => {
    if (!runCancellation.requested) runCancellation.request(String(ports.signal?.reason ?? "cancel"));
  };
  if (ports.signal?.aborted) cancel();
  ports.signal?.addEventListener("abort", cancel, { once: true });
  // Each command's module is loaded when it runs: a command pays for what it uses
  // (PostgreSQL, HTTP, the archive writer), and start-up parses only the dispatcher.
  switch (settings.command) {
    case "migrate":
      await (await import("./migrate.js")).runMigrate(settings, ports, report);
      break;
    case "check":
      await (await import("./check.js")).runCheck(settings, ports, report);
      break;
    case "status":
      await (await import("./status.js")).runStatus(settings, ports, report);
      break;
    case "deploy":
      await (await import("./deploy.js")).runDeploy(settings, ports, report);
      break;
    case "upload":
      await (await import("./deploy.js")).runUpload(settings, ports, report);
      break;
    case "resolve":
      await (await import("./resolve.js")).runResolve(settings, ports, report);
      break;
    case "squash":
      await (await import("./squash.js")).runSquash(settings, ports, report);
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
