// The `resolve` result as a person reads it: the failed migration, whether it still runs,
// what of it the database holds, and what was recorded. Pure: `resolveFacts` is shared by the
// job summary (markdown, here) and the terminal (src/cli/render.ts).
import { describeHolder } from "../postgres/lock-holder.js";
import { describeEffect } from "../prisma/failed-migration.js";
import { codeBlock, inertMarkdown, inlineCode, table } from "./markdown.js";
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

export interface ResolveFacts {
  /** Label and value, in reading order. */
  rows: Array<[string, string]>;
  /** Sentences that explain the rows. */
  notes: string[];
  /** Each effect of the migration on the schema, and whether the database holds it. */
  effects: Array<{ present: boolean; text: string }>;
  logs?: string;
  /** What was recorded, or how to decide; one sentence. */
  outcome?: string;
}

function names(list: readonly string[] | undefined): string {
  if (list === undefined) return "not read";
  return list.length === 0 ? "nothing" : list.map(inlineCode).join(", ");
}

/** `name` is how the front-end spells an option (`rolled-back:` in a workflow, `--rolled-back` on the command line). */
export function resolveFacts(report: ResolveReport, name: (option: "rolled-back" | "applied") => string): ResolveFacts {
  if (!report.migration) {
    return { rows: [], notes: [`No failed migration in ${report.target ?? "the database"}. The next deploy applies: ${names(report.pendingBefore)}.`], effects: [] };
  }
  const rows: Array<[string, string]> = [
    ["Migration", inlineCode(report.migration)],
    ["Database", report.target ?? ""],
  ];
  if (report.startedAt) rows.push(["Started", report.startedAt.toISOString()]);
  if (report.runState) rows.push(["State", RUN_STATE_TEXT[report.runState]]);
  if (report.committed) rows.push(["Committed", COMMITTED_TEXT[report.committed]]);
  const notes: string[] = [];
  if (report.lockHolder) notes.push(`Lock holder: ${describeHolder(report.lockHolder)}`);
  if (report.leftBehind) notes.push(report.leftBehind);
  if (!report.effects && report.effectsUnknownBecause) notes.push(`Which of its objects exist is unknown: ${report.effectsUnknownBecause}.`);
  if (report.downSqlFile) notes.push(`SQL back to the state before it, for review (not run): ${inlineCode(report.downSqlFile)}`);
  let outcome: string | undefined;
  if (report.decision) {
    const forced = report.decision.kind === "applied" && report.decision.force ? ` Forced, with the reason: ${report.decision.force}` : "";
    outcome = report.recorded
      ? `Recorded as **${report.decision.kind}** and verified in \`_prisma_migrations\`.${forced} The next deploy applies: ${names(report.pendingAfter)}.`
      : `Not recorded as ${report.decision.kind}.`;
  } else if (report.failed && report.runState !== "running") {
    outcome = `Nothing was changed. To decide: ${inlineCode(`${name("rolled-back")} ${report.migration}`)} after fixing the file and reverting what it left behind, or ${inlineCode(`${name("applied")} ${report.migration}`)} after completing it by hand.`;
  }
  return {
    rows,
    notes,
    effects: (report.effects ?? []).map((effect) => ({ present: effect.inDatabase, text: describeEffect(effect) })),
    logs: report.logs,
    outcome,
  };
}

export function renderResolveSection(report: ResolveReport): string {
  const facts = resolveFacts(report, (option) => `${option}:`);
  const parts = ["### Failed migration"];
  if (facts.rows.length > 0) parts.push(table(["", ""], facts.rows));
  // The facts quote the database and the inputs (a holder's application_name, a forced reason).
  parts.push(...facts.notes.map(inertMarkdown));
  if (facts.effects.length > 0) {
    const rows = facts.effects.map((effect) => [effect.present ? "✅ present" : "❌ absent", inertMarkdown(effect.text)]);
    parts.push(table(["In the database", "What the migration does"], rows));
  }
  if (facts.logs) parts.push(`Logs stored with it:\n\n${codeBlock(facts.logs)}`);
  if (facts.outcome) parts.push(inertMarkdown(facts.outcome));
  return parts.join("\n\n");
}
