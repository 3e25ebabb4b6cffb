// The job summary's account of what was verified read-only before the first change: each
// check, its outcome and what it found. Pure.
import { table } from "./markdown.js";
import type { PreflightCheck, PreflightOutcome } from "../preflight/checks.js";

const OUTCOME: Record<PreflightOutcome, string> = {
  passed: "✅ passed",
  warning: "⚠️ will not work",
  unverifiable: "❔ not verifiable",
  failed: "❌ failed",
};

export function renderPreflightSection(checks: readonly PreflightCheck[]): string {
  const rows = checks.map((check) => [check.area, check.subject, OUTCOME[check.outcome], check.detail]);
  return `### Verified before any change\n\n${table(["Area", "Checked", "Outcome", "Found"], rows)}`;
}
