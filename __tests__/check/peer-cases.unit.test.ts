// The linter on the cases Squawk's and strong_migrations' documentation call safe or unsafe
// (corpus/peer-cases.yaml): every unsafe case with a rule here is found, every safe case is
// left alone unless the corpus says why this project differs, and docs/peer-cases.md shows
// exactly what `npm run peer-cases` prints.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { readPeerCases, renderPeerScore, scorePeerCases } from "../../scripts/peer-cases-score.js";
import { repositoryRoot } from "../support/fixture-app.js";

const score = scorePeerCases(readPeerCases());

describe("the peers' documented cases", () => {
  it("holds cases of both peers, safe and unsafe", () => {
    expect(score.unsafe.total).toBeGreaterThanOrEqual(40);
    expect(score.safe.total).toBeGreaterThanOrEqual(60);
  });

  it("finds every unsafe case that has a rule here", () => {
    expect(score.outcomes.filter((outcome) => outcome.case.verdict === "unsafe" && !outcome.agrees).map((outcome) => outcome.case.source)).toEqual([]);
  });

  it("leaves every safe case alone, except the ones whose difference the corpus explains", () => {
    const unexplained = score.outcomes.filter((outcome) => !outcome.agrees && outcome.case.disagree === undefined);
    expect(unexplained.map((outcome) => [outcome.case.source, outcome.fired])).toEqual([]);
    // An explanation stays only as long as the difference does.
    const stale = score.outcomes.filter((outcome) => outcome.agrees && outcome.case.disagree !== undefined);
    expect(stale.map((outcome) => outcome.case.source)).toEqual([]);
  });

  it("is published in docs/peer-cases.md as npm run peer-cases prints it", () => {
    const doc = readFileSync(path.join(repositoryRoot, "docs", "peer-cases.md"), "utf8");
    expect(doc).toContain(renderPeerScore(score));
  });
});
