// Scores the migration linter on the cases Squawk's and strong_migrations' documentation call
// safe or unsafe (corpus/peer-cases.yaml): how many unsafe ones it finds, how many safe ones it
// leaves alone. Each migration of a case is linted as a later deploy, with the ones before it
// (and the case's `deployed` schema) already applied. Pure apart from reading the file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { RuleId } from "../src/check/rules.js";
import { lintMigrations } from "../src/check/sql-lint.js";
import { repositoryRoot } from "./action-metadata.js";

export interface PeerCase {
  peer: "squawk" | "strong_migrations";
  source: string;
  verdict: "safe" | "unsafe";
  migrations: string[];
  deployed?: string;
  postgres?: number;
  /** The case is about lock_timeout: missing-lock-timeout counts. */
  lockTimeout?: boolean;
  /** An unsafe case whose hazard no rule here covers: a gap, not scored. */
  noRule?: string;
  /** Where this project deliberately differs, and why. */
  disagree?: string;
  note?: string;
}

export interface PeerOutcome {
  case: PeerCase;
  /** Unsuppressed findings, in order; missing-lock-timeout only for lock-timeout cases. */
  fired: RuleId[];
  /** The linter's verdict agrees with the peer's. */
  agrees: boolean;
}

export interface PeerScore {
  outcomes: PeerOutcome[];
  unsafe: { total: number; found: number };
  safe: { total: number; leftAlone: number };
  gaps: PeerCase[];
}

export const PEER_CASES_PATH = path.join(repositoryRoot, "corpus", "peer-cases.yaml");

export function readPeerCases(file = PEER_CASES_PATH): PeerCase[] {
  const cases = parse(readFileSync(file, "utf8")) as PeerCase[];
  for (const each of cases) {
    const known = ["squawk", "strong_migrations"].includes(each.peer) && ["safe", "unsafe"].includes(each.verdict) && typeof each.source === "string";
    const migrations = Array.isArray(each.migrations) && each.migrations.every((sql) => typeof sql === "string");
    if (!known || !migrations) throw new Error(`Peer case without peer, source, verdict or migrations: ${JSON.stringify(each)}`);
  }
  return cases;
}

function firedOn(each: PeerCase): RuleId[] {
  const deployed = each.deployed ? [{ path: "0_deployed/migration.sql", sql: each.deployed }] : [];
  return each.migrations.flatMap((sql, step) => {
    const before = each.migrations.slice(0, step).map((text, k) => ({ path: `${k + 1}_before/migration.sql`, sql: text }));
    const options = { deployed: [...deployed, ...before], postgresVersion: each.postgres };
    return lintMigrations([{ path: `${step + 1}_case/migration.sql`, sql }], options)
      .filter((finding) => !finding.suppressed && (each.lockTimeout || finding.ruleId !== "missing-lock-timeout"))
      .map((finding) => finding.ruleId);
  });
}

export function scorePeerCases(cases: readonly PeerCase[]): PeerScore {
  const score: PeerScore = { outcomes: [], unsafe: { total: 0, found: 0 }, safe: { total: 0, leftAlone: 0 }, gaps: [] };
  for (const each of cases) {
    if (each.noRule !== undefined) {
      score.gaps.push(each);
      continue;
    }
    const fired = firedOn(each);
    const agrees = each.verdict === "unsafe" ? fired.length > 0 : fired.length === 0;
    score.outcomes.push({ case: each, fired, agrees });
    const tally = each.verdict === "unsafe" ? score.unsafe : score.safe;
    tally.total++;
    if (agrees) {
      if (each.verdict === "unsafe") score.unsafe.found++;
      else score.safe.leftAlone++;
    }
  }
  return score;
}

function percent(part: number, whole: number): string {
  return `${whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10} %`;
}

function ofTotal(part: number, whole: number): string {
  return `${part} of ${whole} (${percent(part, whole)})`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s+/g, " ");
}

/** The score as markdown: the totals per peer, then every case on which the linter differs. */
export function renderPeerScore(score: PeerScore): string {
  const perPeer = (peer: PeerCase["peer"]) => {
    const outcomes = score.outcomes.filter((outcome) => outcome.case.peer === peer);
    const unsafe = outcomes.filter((outcome) => outcome.case.verdict === "unsafe");
    const safe = outcomes.filter((outcome) => outcome.case.verdict === "safe");
    const found = unsafe.filter((outcome) => outcome.agrees).length;
    const leftAlone = safe.filter((outcome) => outcome.agrees).length;
    return `| ${peer} | ${ofTotal(found, unsafe.length)} | ${ofTotal(leftAlone, safe.length)} |`;
  };
  const differing = score.outcomes.filter((outcome) => !outcome.agrees);
  const lines = [
    `Unsafe cases found: ${ofTotal(score.unsafe.found, score.unsafe.total)}. Safe cases left alone: ${ofTotal(score.safe.leftAlone, score.safe.total)}.`,
    "",
    "| Peer | Unsafe cases found | Safe cases left alone |",
    "| --- | ---: | ---: |",
    perPeer("squawk"),
    perPeer("strong_migrations"),
    "",
    "Cases on which the linter differs from the peer:",
    "",
    "| Peer | Source | Peer says | Fired | Why |",
    "| --- | --- | --- | --- | --- |",
    ...differing.map(({ case: each, fired }) => {
      const why = cell(each.disagree ?? "not yet explained");
      return `| ${each.peer} | ${cell(each.source)} | ${each.verdict} | ${fired.join(", ") || "nothing"} | ${why} |`;
    }),
  ];
  if (score.gaps.length > 0) {
    const gaps = score.gaps.map((gap) => `${gap.noRule} (${gap.peer}, ${gap.source})`);
    lines.push("", `Unsafe cases with no rule here (not scored): ${gaps.join("; ")}.`);
  }
  return lines.join("\n");
}
