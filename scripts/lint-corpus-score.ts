// Scores the migration linter on corpus/lint-cases.yaml: per rule, how many expected
// findings it produced (recall) and how many of its findings were expected (precision).
// Pure apart from reading the corpus file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { RULE_IDS, type RuleId } from "../src/check/rules.js";
import { lintMigrations } from "../src/check/sql-lint.js";
import { repositoryRoot } from "./action-metadata.js";

export interface CorpusCase {
  source: string;
  sql: string;
  /** SQL of migrations already deployed before this one. */
  deployed?: string;
  /** Rule ids expected to fire, with repetitions; absent for hazards without a rule. */
  expect?: RuleId[];
  /** `none` for a hazard this project has no rule for. */
  rule?: "none";
  hazard?: string;
}

export interface RuleScore {
  rule: RuleId;
  expected: number;
  found: number;
  truePositives: number;
  recall: number;
  precision: number;
}

export interface CorpusScore {
  cases: number;
  scoredCases: number;
  rules: RuleScore[];
  /** Hazards listed in the corpus that no rule covers. */
  gaps: Array<{ hazard: string; source: string }>;
  /** Cases where the linter's verdict differs from the expected one, for the report. */
  mismatches: Array<{ source: string; expected: RuleId[]; fired: RuleId[] }>;
  crashes: Array<{ source: string; error: string }>;
}

export const CORPUS_PATH = path.join(repositoryRoot, "corpus", "lint-cases.yaml");

export function readCorpus(file = CORPUS_PATH): CorpusCase[] {
  const cases = parse(readFileSync(file, "utf8")) as CorpusCase[];
  for (const each of cases) {
    if (typeof each.sql !== "string" || typeof each.source !== "string") throw new Error(`Corpus case without sql or source: ${JSON.stringify(each)}`);
    for (const rule of each.expect ?? []) if (!RULE_IDS.includes(rule)) throw new Error(`Corpus case "${each.source}" expects unknown rule ${rule}.`);
    if (each.rule !== "none" && each.expect === undefined) throw new Error(`Corpus case "${each.source}" has neither expect nor rule: none.`);
  }
  return cases;
}

/** Counts each rule id in a list, so repeated findings are matched one for one. */
function tally(rules: readonly RuleId[]): Map<RuleId, number> {
  const counts = new Map<RuleId, number>();
  for (const rule of rules) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return counts;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

export function scoreCorpus(cases: readonly CorpusCase[]): CorpusScore {
  const totals = new Map<RuleId, { expected: number; found: number; truePositives: number }>(RULE_IDS.map((rule) => [rule, { expected: 0, found: 0, truePositives: 0 }]));
  const score: CorpusScore = { cases: cases.length, scoredCases: 0, rules: [], gaps: [], mismatches: [], crashes: [] };
  for (const each of cases) {
    if (each.rule === "none") {
      score.gaps.push({ hazard: each.hazard ?? "(unnamed)", source: each.source });
      continue;
    }
    let fired: RuleId[];
    try {
      const deployed = each.deployed ? [{ path: "0_deployed/migration.sql", sql: each.deployed }] : [];
      fired = lintMigrations([{ path: "1_case/migration.sql", sql: each.sql }], { deployed })
        .filter((finding) => !finding.suppressed)
        .map((finding) => finding.ruleId);
    } catch (error) {
      score.crashes.push({ source: each.source, error: String(error) });
      continue;
    }
    score.scoredCases++;
    const expected = each.expect ?? [];
    const scoresLockTimeout = each.hazard === "missing-lock-timeout" || expected.includes("missing-lock-timeout");
    if (!scoresLockTimeout) fired = fired.filter((rule) => rule !== "missing-lock-timeout");
    const want = tally(expected);
    const got = tally(fired);
    for (const [rule, count] of want) totals.get(rule)!.expected += count;
    for (const [rule, count] of got) {
      const total = totals.get(rule)!;
      total.found += count;
      total.truePositives += Math.min(count, want.get(rule) ?? 0);
    }
    const same = want.size === got.size && [...want].every(([rule, count]) => got.get(rule) === count);
    if (!same) score.mismatches.push({ source: each.source, expected: [...expected].sort(), fired: [...fired].sort() });
  }
  score.rules = [...totals]
    .filter(([, total]) => total.expected > 0 || total.found > 0)
    .map(([rule, total]) => ({ rule, ...total, recall: ratio(total.truePositives, total.expected), precision: ratio(total.truePositives, total.found) }));
  return score;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

export function renderScore(score: CorpusScore): string {
  const lines = [
    `Lint corpus: ${score.cases} cases, ${score.scoredCases} scored, ${score.crashes.length} crashes.`,
    "",
    "| Rule | Expected | Found | Recall | Precision |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...score.rules.map((rule) => `| ${rule.rule} | ${rule.expected} | ${rule.found} | ${percent(rule.recall)} | ${percent(rule.precision)} |`),
  ];
  if (score.gaps.length > 0) lines.push("", `No rule here (not scored): ${score.gaps.map((gap) => `${gap.hazard} (${gap.source})`).join("; ")}.`);
  for (const mismatch of score.mismatches) lines.push(`Mismatch: ${mismatch.source}: expected [${mismatch.expected.join(", ")}], fired [${mismatch.fired.join(", ")}]`);
  for (const crash of score.crashes) lines.push(`Crash: ${crash.source}: ${crash.error}`);
  return lines.join("\n");
}
