/** The one count of a check's findings, which the verdict, the outputs and the texts share. */
function tallyCheck(report) {
    const active = report.lint.filter((finding) => !finding.suppressed);
    const history = report.history.filter((finding) => finding.acknowledged === undefined);
    const live = report.live;
    const errors = active.filter((finding) => finding.severity === "error").length +
        history.filter((finding) => finding.severity === "error").length +
        (live ? live.failed.length + live.edited.length + live.differences.length : 0) +
        (report.contract?.refusal ? 1 : 0);
    const warnings = active.filter((finding) => finding.severity === "warning").length + history.filter((finding) => finding.severity === "warning").length + (live?.missingLocally.length ?? 0);
    const suppressed = report.lint.length - active.length + report.history.length - history.length;
    return { errors, warnings, suppressed, findings: errors + warnings };
}
/** The schema has changes no migration holds, or the live database drifted from its migrations. */
function hasDrift(report) {
    return report.drift.found || (report.live?.differences.length ?? 0) > 0;
}

export { hasDrift as h, tallyCheck as t };
