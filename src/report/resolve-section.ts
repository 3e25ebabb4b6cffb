// The `resolve` part of the job summary: the failed migration, whether it still runs, what
// of it the database holds, and what was recorded. Pure.
import { formatDuration } from "../duration.js";
import { describeHolder } from "../postgres/lock-holder.js";
import { describeEffect, explainExecution } from "../prisma/failed-migration.js";
import { codeBlock, inlineCode, table } from "./markdown.js";
import type { ResolveReport } from "./resolve-report.js";

const RUN_STATE_TEXT = {
  running: "**still running**: Prisma's lock 72707369 is held by a live session applying it. Nothing was touched.",
  failed: "**failed**: nobody holds Prisma's lock, the run that applied it is gone.",
  "lock-held": "failed, but Prisma's lock 72707369 is held by a session that is not applying anything (a leftover?).",
} as const;

const COMMITTED_TEXT = {
  nothing: "Nothing of it was committed.",
  part: "**Part of it was committed** (half applied).",
  all: "All of it is in the database.",
  unknown: "Unknown: give a shadow database to compare the catalog.",
} as const;

function names(list: readonly string[] | undefined): string {
  if (list === undefined) return "not read";
  return list.length === 0 ? "nothing" : list.map(inlineCode).join(", ");
}

export function renderResolveSection(report: ResolveReport): string {
  const lines = ["### Failed migration"];
  if (!report.migration) {
    lines.push(`No failed migration in ${report.target ?? "the database"}. The next deploy applies: ${names(report.pendingBefore)}.`);
    return lines.join("\n\n");
  }
  const rows: string[][] = [
    ["Migration", inlineCode(report.migration)],
    ["Database", report.target ?? ""],
  ];
  if (report.startedAt) rows.push(["Started", report.startedAt.toISOString()]);
  if (report.runState) rows.push(["State", RUN_STATE_TEXT[report.runState]]);
  if (report.committed) rows.push(["Committed", COMMITTED_TEXT[report.committed]]);
  lines.push(table(["", ""], rows));
  if (report.lockHolder) {
    const age = report.lockHolder.stateAgeMs === null ? "" : ` (${formatDuration(report.lockHolder.stateAgeMs)})`;
    lines.push(`Lock holder${age}: ${describeHolder(report.lockHolder)}`);
  }
  if (report.execution && report.failed) lines.push(explainExecution(report.execution));
  if (report.effects && report.effects.length > 0) {
    lines.push(table(["In the database", "What the migration does"], report.effects.map((effect) => [effect.inDatabase ? "✅ present" : "❌ absent", describeEffect(effect)])));
  } else if (report.effectsUnknownBecause) {
    lines.push(`Which of its objects exist is unknown: ${report.effectsUnknownBecause}.`);
  }
  if (report.logs) lines.push(`Logs stored with it:\n\n${codeBlock(report.logs)}`);
  if (report.downSqlFile) lines.push(`SQL back to the state before it, for review (not run): ${inlineCode(report.downSqlFile)}`);
  if (report.decision) {
    const forced = report.decision.kind === "applied" && report.decision.force ? ` Forced, with the reason: ${report.decision.force}` : "";
    lines.push(
      report.recorded
        ? `Recorded as **${report.decision.kind}** and verified in \`_prisma_migrations\`.${forced} The next deploy applies: ${names(report.pendingAfter)}.`
        : `Not recorded as ${report.decision.kind}.`,
    );
  } else if (report.failed && report.runState !== "running") {
    lines.push(
      `Nothing was changed. To decide: ${inlineCode(`rolled-back: ${report.migration}`)} after fixing the file and reverting what it left behind, or ${inlineCode(`applied: ${report.migration}`)} after completing it by hand.`,
    );
  }
  return lines.join("\n\n");
}
