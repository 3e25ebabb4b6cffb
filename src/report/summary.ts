// The whole job summary: the verdict first, then what to do, then each step's section.
// Pure; main.ts writes it in a `finally`, so a failed run explains itself.
import { formatDuration } from "../duration.js";
import { renderArchiveSection } from "./archive-section.js";
import { renderCheckReport } from "./check-report.js";
import { renderDeploymentSection } from "./deployment-section.js";
import { inertMarkdown } from "./markdown.js";
import { renderMigrationSection } from "./migration-section.js";
import { renderPreflightSection } from "./preflight-section.js";
import { renderResolveSection } from "./resolve-section.js";
import { renderSquashSection } from "./squash-section.js";
import type { RunReport } from "./run-report.js";

const TITLE = "prisma-gated-deploy";

export function renderSummary(report: RunReport): string {
  const elapsed = report.finishedAt ? ` in ${formatDuration(report.finishedAt.getTime() - report.startedAt.getTime())}` : "";
  const parts: string[] = [];
  if (report.failure) {
    parts.push(`## ❌ ${TITLE}: \`${report.command}\` failed (${report.failure.reason})${elapsed}`);
    parts.push(report.failure.message.split("\n").map((line) => `> ${inertMarkdown(line)}`).join("\n"));
    if (report.failure.nextSteps.length > 0) {
      parts.push(`**What to do next**\n\n${report.failure.nextSteps.map((step, index) => `${index + 1}. ${inertMarkdown(step)}`).join("\n")}`);
    }
  } else {
    parts.push(`## ✅ ${TITLE}: \`${report.command}\` succeeded${elapsed}`);
  }
  if (report.warnings.length > 0) {
    parts.push(report.warnings.map((warning) => `> [!WARNING]\n> ${inertMarkdown(warning).replace(/\n/g, "\n> ")}`).join("\n\n"));
  }
  if (report.preflight && report.preflight.length > 0) parts.push(renderPreflightSection(report.preflight));
  if (report.migration) parts.push(renderMigrationSection(report.migration, report.failure !== undefined, report.command === "status"));
  if (report.archive) parts.push(renderArchiveSection(report.archive));
  if (reachedZeabur(report)) {
    parts.push(
      renderDeploymentSection({
        upload: report.upload && { uploadId: report.upload.uploadId, attempts: report.upload.attempts, bytes: report.archive?.bytes },
        deployment: report.upload && { deploymentId: report.upload.deploymentId, deploymentUrl: report.upload.deploymentUrl },
        result: report.deployment,
        unhealthy: report.failure?.reason === "deploy-unhealthy",
      }),
    );
  }
  if (report.check) parts.push(renderCheckReport(report.check));
  if (report.resolve) parts.push(renderResolveSection(report.resolve));
  if (report.squash) parts.push(renderSquashSection(report.squash));
  return `${parts.join("\n\n")}\n`;
}

/** The upload was tried: it succeeded, or it failed after the archive was built. */
function reachedZeabur(report: RunReport): boolean {
  return report.upload !== undefined || (report.archive !== undefined && report.failure?.reason === "upload-failed");
}
