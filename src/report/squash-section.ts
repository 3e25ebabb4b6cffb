// The `squash` result as a person reads it: the proof first, then what changed. Pure:
// `squashFacts` is shared by the job summary (markdown, here) and the terminal.
import { formatDuration } from "../duration.js";
import { inlineCode, table } from "./markdown.js";
import type { SquashReport } from "./squash-report.js";

export interface SquashFacts {
  lines: string[];
  /** Proof differences, one line each. */
  differences: string[];
  databases: Array<[string, string]>;
}

export function squashFacts(report: SquashReport): SquashFacts {
  const lines = [`${report.replaced.length} migration(s) ${report.dryRun ? "would be" : "are"} replaced by ${report.baseline ? inlineCode(report.baseline) : "a baseline"}${report.appended ? `, with ${inlineCode(report.appended)} appended` : ""}.`];
  const proof = report.proof;
  if (proof) {
    lines.push(
      proof.equivalent
        ? `Proof passed: the old history and the baseline build the same schema (tables, columns, types, defaults, indexes, constraints, enums and their order, sequences and their values, extensions, views, functions, triggers). Old history ${formatDuration(proof.historyMs)}, baseline ${formatDuration(proof.baselineMs)}.`
        : `**Proof failed**: ${proof.differences.length} difference(s); the migrations folder was left untouched.`,
    );
  }
  if (report.baselineFile) lines.push(`Wrote ${inlineCode(report.baselineFile)}.`);
  if (report.movedTo) lines.push(`Moved the old folders to ${inlineCode(report.movedTo)} (${report.movedWith}).`);
  if (report.dryRun) lines.push("Dry run: nothing was changed.");
  return {
    lines,
    differences: proof?.differences.map((difference) => difference.description) ?? [],
    databases: report.databases.map((database) => [database.target, database.why ? `${database.outcome}: ${database.why}` : database.outcome]),
  };
}

export function renderSquashSection(report: SquashReport): string {
  const facts = squashFacts(report);
  const parts = ["### Squash", ...facts.lines];
  if (facts.differences.length > 0) parts.push(facts.differences.map((difference) => `- ${difference}`).join("\n"));
  if (facts.databases.length > 0) parts.push(table(["Database", "Baseline recorded applied"], facts.databases));
  return parts.join("\n\n");
}
