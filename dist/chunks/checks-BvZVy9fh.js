/** `detail` is what this check found when the error tells about several; the error's message otherwise. */
function failedCheck(area, subject, error, detail = error.message) {
    return { area, subject, outcome: "failed", detail, error };
}
const MARK = { passed: "✓", warning: "⚠", unverifiable: "?", failed: "✗" };
/** One line of the log and the summary for a check. */
function describeCheck(check) {
    return `${MARK[check.outcome]} ${check.area}: ${check.subject}: ${check.detail}`;
}
/**
 * Logs and records the checks, warnings among the run's warnings; then throws the first
 * failure, so that the run stops before its first change with every finding told.
 */
function recordChecks(checks, into, reporter) {
    into.preflight ??= [];
    for (const { error: _error, ...check } of checks) {
        into.preflight.push(check);
        if (check.outcome === "warning") {
            const text = `${check.area} (${check.subject}): ${check.detail}`;
            into.warnings.push(text);
            reporter.warning(text);
        }
        else if (check.outcome !== "failed") {
            reporter.info(`Checked before any change: ${describeCheck(check)}`);
        }
    }
    const failed = checks.find((check) => check.outcome === "failed");
    if (failed)
        throw failed.error;
}

export { describeCheck as d, failedCheck as f, recordChecks as r };
