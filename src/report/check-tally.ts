// The one count of a check's findings: the verdict, the outputs, the summary and the
// terminal all read it, so they cannot disagree. Pure.
import type { CheckReport } from "./check-report.js";

export interface CheckTally {
  /** Unsuppressed error findings, history problems, live problems a deploy would hit, and a contract-migrations refusal. */
  errors: number;
  /** Unsuppressed warnings, and migrations only the database knows. */
  warnings: number;
  suppressed: number;
  /** errors + warnings: the `findings` output. */
  findings: number;
}

/** The one count of a check's findings, which the verdict, the outputs and the texts share. */
export function tallyCheck(report: {
  readonly lint: readonly CheckReport["lint"][number][];
  readonly history: readonly CheckReport["history"][number][];
  readonly live?: CheckReport["live"];
  readonly contract?: CheckReport["contract"];
}): CheckTally {
  const active = report.lint.filter((finding) => !finding.suppressed);
  const history = report.history.filter((finding) => finding.acknowledged === undefined);
  const live = report.live;
  const errors =
    active.filter((finding) => finding.severity === "error").length +
    history.filter((finding) => finding.severity === "error").length +
    (live ? live.failed.length + live.edited.length + live.differences.length : 0) +
    (report.contract?.refusal ? 1 : 0);
  const warnings = active.filter((finding) => finding.severity === "warning").length + history.filter((finding) => finding.severity === "warning").length + (live?.missingLocally.length ?? 0);
  const suppressed = report.lint.length - active.length + report.history.length - history.length;
  return { errors, warnings, suppressed, findings: errors + warnings };
}

/** The schema has changes no migration holds, or the live database drifted from its migrations. */
export function hasDrift(report: Pick<CheckReport, "drift" | "live">): boolean {
  return report.drift.found || (report.live?.differences.length ?? 0) > 0;
}
