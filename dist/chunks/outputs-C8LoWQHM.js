import { b as breaksRunningVersion } from './migration-phases-RNZdOZo8.js';
import { h as hasDrift, t as tallyCheck } from './check-tally-B_NItRVe.js';
import './lexer-vuO9IFuk.js';
import './postgres-version-C25lLO17.js';

// Every output the action declares, always set, on success and on failure alike, derived from
// the run's typed results. OUTPUT_NAMES is the one list: a test holds action.yml's outputs to it.
const OUTPUT_NAMES = [
    "failure-reason",
    "migrations-applied",
    "migrations-contract",
    "pending",
    "attempts",
    "lock-holder",
    "artifact-sha256",
    "artifact-bytes",
    "artifact-files",
    "upload-id",
    "deployment-id",
    "deployment-url",
    "deployment-status",
    "drift",
    "findings",
    "plan",
];
function collectOutputs(report) {
    const migration = report.migration;
    const outputs = Object.fromEntries(OUTPUT_NAMES.map((name) => [name, ""]));
    outputs["failure-reason"] = report.failure?.reason ?? "";
    outputs["migrations-applied"] = JSON.stringify(migration?.applied ?? []);
    outputs["migrations-contract"] = JSON.stringify(migration?.contract?.migrations.filter(breaksRunningVersion).map((classified) => classified.name) ?? []);
    outputs.pending = JSON.stringify(migration?.pendingBefore ?? []);
    outputs.attempts = String(migration?.attempts ?? 0);
    outputs["lock-holder"] = migration?.lockHolder ? JSON.stringify(migration.lockHolder) : "";
    if (report.archive) {
        outputs["artifact-sha256"] = report.archive.sha256Base64;
        outputs["artifact-bytes"] = String(report.archive.bytes);
        outputs["artifact-files"] = String(report.archive.files);
    }
    if (report.upload) {
        outputs["upload-id"] = report.upload.uploadId;
        outputs["deployment-id"] = report.upload.deploymentId;
        outputs["deployment-url"] = report.upload.deploymentUrl;
    }
    if (report.deployment)
        outputs["deployment-status"] = report.deployment.status;
    if (report.check) {
        outputs.drift = String(hasDrift(report.check));
        outputs.findings = String(tallyCheck(report.check).findings);
        if (report.check.live)
            outputs.plan = JSON.stringify(report.check.live.plan);
    }
    return outputs;
}

export { OUTPUT_NAMES, collectOutputs };
