// Markdown for the `check` command's job summary and pull request comment. Compact by
// design: one table per file, with the long explanations folded into <details>.
import type { HistoryFinding } from "../check/history.js";
import type { Finding } from "../check/sql-lint.js";
import { RULES, type RuleId } from "../check/rules.js";
import { tallyCheck } from "./check-tally.js";
import { inertMarkdown } from "./markdown.js";

export interface CheckSectionInput {
  lint: readonly Finding[];
  history: readonly HistoryFinding[];
  /** Prefix for history findings' paths, which are relative to the migrations folder. */
  migrationsDir?: string;
  /** Where docs/rules.md is published; rule ids link to `${rulesUrl}#<rule-id>`. */
  rulesUrl?: string;
}

const ICON = { error: "❌", warning: "⚠️" } as const;

function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function ruleLabel(ruleId: RuleId, rulesUrl: string | undefined): string {
  return rulesUrl ? `[${code(ruleId)}](${rulesUrl}#${ruleId})` : code(ruleId);
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) groups.set(finding.file, [...(groups.get(finding.file) ?? []), finding]);
  return groups;
}

function lintSection(file: string, findings: readonly Finding[], rulesUrl: string | undefined): string[] {
  const lines = [
    `#### ${code(file)}`,
    "",
    "| Rule | Severity | Line | Finding |",
    "| --- | --- | --- | --- |",
    ...findings.map(
      (finding) =>
        `| ${ruleLabel(finding.ruleId, rulesUrl)} | ${ICON[finding.severity]} ${finding.severity} | ${finding.line} | ${cell(inertMarkdown(finding.message))}<br>${code(cell(finding.statement))} |`,
    ),
    "",
    "<details><summary>Why it hurts and the safe sequence</summary>",
    "",
  ];
  for (const ruleId of new Set(findings.map((finding) => finding.ruleId))) {
    const rule = RULES[ruleId];
    lines.push(`**${code(ruleId)}: ${rule.title}.** ${rule.why}`, "", `*Safe sequence:* ${rule.safeSequence}`, "");
  }
  lines.push("</details>", "");
  return lines;
}

function historyPath(file: string, migrationsDir: string | undefined): string {
  return migrationsDir ? `${migrationsDir.replace(/\/+$/, "")}/${file}` : file;
}

export function renderCheckSection(input: CheckSectionInput): string {
  const active = input.lint.filter((finding) => !finding.suppressed);
  const suppressed = input.lint.filter((finding) => finding.suppressed);
  const { errors, warnings } = tallyCheck({ lint: input.lint, history: input.history });
  // The heading is the caller's: this section sits under the report's own title.
  const lines: string[] = [];

  if (errors === 0 && warnings === 0) {
    lines.push(`✅ All clear: no unsafe migration operations and no history problems.${suppressed.length > 0 ? ` ${plural(suppressed.length, "finding")} suppressed.` : ""}`, "");
  } else {
    lines.push(`**${plural(errors, "error")}, ${plural(warnings, "warning")}**${suppressed.length > 0 ? `, ${suppressed.length} suppressed` : ""}.`, "");
  }

  if (input.history.length > 0) {
    lines.push("#### History against the base branch", "");
    for (const finding of input.history) {
      const where = `${code(historyPath(finding.file, input.migrationsDir))}${finding.line !== undefined ? ` line ${finding.line}` : ""}`;
      lines.push(
        finding.acknowledged === undefined
          ? `- ${ICON[finding.severity]} **${finding.kind}** ${where}: ${inertMarkdown(finding.message)} *Fix:* ${inertMarkdown(finding.fix)}`
          : `- ☑️ **${finding.kind}** ${where}, accepted: ${inertMarkdown(finding.acknowledged)}. ${inertMarkdown(finding.message)}`,
      );
    }
    lines.push("");
  }

  for (const [file, findings] of groupByFile(active)) lines.push(...lintSection(file, findings, input.rulesUrl));

  if (suppressed.length > 0) {
    lines.push(`<details><summary>Suppressed (${suppressed.length})</summary>`, "");
    for (const finding of suppressed) {
      lines.push(`- ${ruleLabel(finding.ruleId, input.rulesUrl)} at ${code(`${finding.file}:${finding.line}`)}: ${inertMarkdown(finding.suppressionReason ?? "")}`);
    }
    lines.push("", "</details>", "");
  }
  return lines.join("\n");
}
