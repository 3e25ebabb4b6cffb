// Every output the action declares, always set, on success and on failure alike.
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
  for (const [name, value] of Object.entries(report.extraOutputs)) {
    if ((OUTPUT_NAMES as readonly string[]).includes(name)) outputs[name as OutputName] = value;
  }
  return outputs;
}
