// The linter scored on the corpus of cases from Squawk's and strong_migrations' tests and
// docs (corpus/lint-cases.yaml): recall and precision of at least 95 % for every rule, and no
// crash. `npm run lint-corpus` prints the same table.
import { describe, expect, it } from "@jest/globals";
import { RULE_IDS } from "../../src/check/rules.js";
import { readCorpus, renderScore, scoreCorpus } from "../../scripts/lint-corpus-score.js";

const TARGET = 0.95;
const score = scoreCorpus(readCorpus());

describe("lint corpus", () => {
  it("lints every case without crashing", () => {
    expect(score.crashes).toEqual([]);
    expect(score.scoredCases).toBeGreaterThanOrEqual(120);
  });

  it("has cases for every rule but the suppression check", () => {
    const covered = new Set(score.rules.filter((rule) => rule.expected > 0).map((rule) => rule.rule));
    expect(RULE_IDS.filter((rule) => !covered.has(rule))).toEqual(["suppression-without-reason"]);
  });

  it.each(score.rules.map((rule) => [rule.rule, rule] as const))("scores %s at 95 %% recall and precision or better", (_, rule) => {
    expect({ rule: rule.rule, recall: rule.recall >= TARGET, precision: rule.precision >= TARGET }).toEqual({ rule: rule.rule, recall: true, precision: true });
  });

  it("renders a table a person can read", () => {
    expect(renderScore(score)).toContain("| drop-index-without-concurrently |");
  });
});
