// What the run verified read-only before its first change (the first migration, backup or
// upload): one check per thing that could otherwise fail half-way, with its outcome. The
// decisions live beside this file, one per area; the adapters that read the facts live with
// the service they ask (src/zeabur, src/github, src/postgres).
import { GateError } from "../errors.js";
import type { Reporter } from "../core/ports.js";

export type PreflightArea = "Zeabur" | "GitHub" | "Database";

/**
 * - passed: verified, it will work.
 * - warning: it will not work, but only something beside the deploy fails (a GitHub record,
 *   a diagnosis): the run goes on and says so now rather than half-way.
 * - unverifiable: nothing read-only can tell; said so, and the run goes on.
 * - failed: the run would stop half-way; it stops now, before any change.
 */
export type PreflightOutcome = "passed" | "warning" | "unverifiable" | "failed";

export interface PreflightCheck {
  readonly area: PreflightArea;
  /** What was checked, e.g. "zeabur-api-key", "CREATE on schema public". */
  readonly subject: string;
  readonly outcome: PreflightOutcome;
  /** What was found, one sentence a person can act on. */
  readonly detail: string;
}

/** A check that failed, with the run's failure it turns into. */
export interface FailedCheck extends PreflightCheck {
  readonly outcome: "failed";
  readonly error: GateError;
}

export type Judged = PreflightCheck | FailedCheck;

/** `detail` is what this check found when the error tells about several; the error's message otherwise. */
export function failedCheck(area: PreflightArea, subject: string, error: GateError, detail: string = error.message): FailedCheck {
  return { area, subject, outcome: "failed", detail, error };
}

const MARK: Record<PreflightOutcome, string> = { passed: "✓", warning: "⚠", unverifiable: "?", failed: "✗" };

/** One line of the log and the summary for a check. */
export function describeCheck(check: PreflightCheck): string {
  return `${MARK[check.outcome]} ${check.area}: ${check.subject}: ${check.detail}`;
}

/**
 * Logs and records the checks, warnings among the run's warnings; then throws the first
 * failure, so that the run stops before its first change with every finding told.
 */
export function recordChecks(
  checks: readonly Judged[],
  into: { preflight?: PreflightCheck[]; warnings: string[] },
  reporter: Reporter,
): void {
  into.preflight ??= [];
  for (const { error: _error, ...check } of checks as Array<Judged & { error?: GateError }>) {
    into.preflight.push(check);
    if (check.outcome === "warning") {
      const text = `${check.area} (${check.subject}): ${check.detail}`;
      into.warnings.push(text);
      reporter.warning(text);
    } else if (check.outcome !== "failed") {
      reporter.info(`Checked before any change: ${describeCheck(check)}`);
    }
  }
  const failed = checks.find((check): check is FailedCheck => check.outcome === "failed");
  if (failed) throw failed.error;
}
