// The whole job summary: the verdict first, then what to do, then each step's section.
// Pure; main.ts writes it in a `finally`, so a failed run explains itself.
import { formatDuration } from "../duration.js";
import { renderMigrationSection } from "./migration-section.js";
import type { RunReport } from "./run-report.js";

const TITLE = "prisma-gated-deploy";

export function renderSummary(report: RunReport): string {
  const elapsed = report.finishedAt ? ` in ${formatDuration(report.finishedAt.getTime() - report.startedAt.getTime())}` : "";
  const parts: string[] = [];
  if (report.failure) {
    parts.push(`## ❌ ${TITLE}: \`${report.command}\` failed (${report.failure.reason})${elapsed}`);
    parts.push(report.failure.message.split("\n").map((line) => `> ${line}`).join("\n"));
    if (report.failure.nextSteps.length > 0) {
      parts.push(`**What to do next**\n\n${report.failure.nextSteps.map((step, index) => `${index + 1}. ${step}`).join("\n")}`);
    }
  } else {
    parts.push(`## ✅ ${TITLE}: \`${report.command}\` succeeded${elapsed}`);
  }
  if (report.warnings.length > 0) {
    parts.push(report.warnings.map((warning) => `> [!WARNING]\n> ${warning.replace(/\n/g, "\n> ")}`).join("\n\n"));
  }
  if (report.migration) parts.push(renderMigrationSection(report.migration, report.failure !== undefined));
  parts.push(...report.sections);
  return `${parts.join("\n\n")}\n`;
}
