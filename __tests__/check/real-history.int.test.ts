// Opt-in: replays real projects' histories (docs/real-histories.md) when REAL_HISTORY_CLONES
// names local clones or mirrors, e.g. `documenso=/src/documenso:papermark=/src/papermark`,
// and holds the recorded verdicts: the outage patterns found, the out-of-order migrations
// classified, no crash. Skipped without it: the projects are not part of this repository.
import { describe, expect, it } from "@jest/globals";
import { replayPullRequests } from "../../scripts/real-history.js";

interface Recorded {
  ref: string;
  lintFindings: number;
  lockTimeoutFindings: number;
  failingCommits: string[];
  outagePatternCommits: string[];
  outOfOrder: { errors: string[]; warnings: number };
}

const RECORDED: Record<string, Recorded> = {
  documenso: {
    ref: "75330166cc00b29c14399bc2e391e4b4d8080c00",
    lintFindings: 94,
    lockTimeoutFindings: 22,
    failingCommits: ["7f09ba72f", "03eb6af69", "70fb834a6", "61138cdd8", "d5ce22248"],
    outagePatternCommits: ["7f09ba72f", "03eb6af69", "61138cdd8", "d5ce22248"],
    outOfOrder: { errors: ["20251101000330_add_new_webhook_events/migration.sql"], warnings: 3 },
  },
  papermark: {
    ref: "7ff2e657ed09b56f0afcc863a5db52d0debd2e6a",
    lintFindings: 44,
    lockTimeoutFindings: 25,
    failingCommits: ["758b2fa00"],
    outagePatternCommits: [],
    outOfOrder: { errors: [], warnings: 5 },
  },
};

const clones = (process.env.REAL_HISTORY_CLONES ?? "")
  .split(":")
  .filter(Boolean)
  .map((entry) => entry.split("=") as [string, string]);

const describeIf = clones.length > 0 ? describe : describe.skip;

describeIf("real migration histories, replayed as pull requests", () => {
  it.each(clones.length > 0 ? clones : [["none", ""]])("%s gives the recorded verdicts", (project, clone) => {
    const recorded = RECORDED[project];
    expect(recorded).toBeDefined();
    const replayed = replayPullRequests(clone, { count: 25, ref: recorded.ref });
    const lint = replayed.flatMap((pr) => pr.lint);
    const history = replayed.flatMap((pr) => pr.history).filter((finding) => finding.kind === "out-of-order");
    const short = (commit: string) => commit.slice(0, 9);
    expect({
      pullRequests: replayed.length,
      lintFindings: lint.filter((finding) => finding.ruleId !== "missing-lock-timeout").length,
      lockTimeoutFindings: lint.filter((finding) => finding.ruleId === "missing-lock-timeout").length,
      failingCommits: replayed.filter((pr) => pr.lint.some((finding) => finding.severity === "error") || pr.history.some((finding) => finding.severity === "error")).map((pr) => short(pr.commit)),
      outagePatternCommits: replayed.filter((pr) => pr.lint.some((finding) => finding.ruleId === "new-column-made-required")).map((pr) => short(pr.commit)),
      outOfOrder: { errors: history.filter((finding) => finding.severity === "error").map((finding) => finding.file), warnings: history.filter((finding) => finding.severity === "warning").length },
    }).toEqual({ pullRequests: 25, ...recorded, ref: undefined });
  });
});
