// How far a run got, in a few plain sentences, for a run that stopped early (cancelled). Pure.
import type { RunReport } from "./run-report.js";

export function describeProgress(report: RunReport): string[] {
  const lines: string[] = [];
  const migration = report.migration;
  if (migration) {
    if (migration.pendingBefore) lines.push(`Pending before the run: ${migration.pendingBefore.length > 0 ? migration.pendingBefore.join(", ") : "none"}.`);
    lines.push(
      migration.attempts === 0
        ? "prisma migrate deploy never started."
        : `prisma migrate deploy ran ${migration.attempts} time(s); applied by this run: ${migration.applied.length > 0 ? migration.applied.join(", ") : "none"}.`,
    );
  }
  if (report.command === "deploy" || report.command === "upload") {
    lines.push(report.upload ? `Uploaded to Zeabur (upload ${report.upload.uploadId}); deployment ${report.upload.deploymentId}.` : "Nothing was uploaded to Zeabur.");
  }
  return lines;
}
