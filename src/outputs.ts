// Every output the action declares, always set, on success and on failure alike. OUTPUT_NAMES is
// the one list: the report is typed against it, and a test holds action.yml's outputs to it.
import type { RunReport } from "./report/run-report.js";

export const OUTPUT_NAMES = [
  "failure-reason",
  "migrations-applied",
  "pending",
  "attempts",
  "lock-holder",
  "artifact-sha256",
  "artifact-bytes",
  "artifact-files",
  "upload-id",
  "deployment-id",
  "deployment-url",
  "deployment-status",
  "drift",
  "findings",
  "plan",
] as const;

export type OutputName = (typeof OUTPUT_NAMES)[number];

export function collectOutputs(report: RunReport): Record<OutputName, string> {
  const migration = report.migration;
  const outputs = Object.fromEntries(OUTPUT_NAMES.map((name) => [name, ""])) as Record<OutputName, string>;
  outputs["failure-reason"] = report.failure?.reason ?? "";
  outputs["migrations-applied"] = JSON.stringify(migration?.applied ?? []);
  outputs.pending = JSON.stringify(migration?.pendingBefore ?? []);
  outputs.attempts = String(migration?.attempts ?? 0);
  outputs["lock-holder"] = migration?.lockHolder ? JSON.stringify(migration.lockHolder) : "";
  return { ...outputs, ...report.extraOutputs };
}
