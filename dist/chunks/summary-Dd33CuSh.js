import { f as formatDuration } from './duration-nHHrcb7T.js';
import { r as renderArchiveSection } from './archive-section-BEFADNVV.js';
import { r as renderMigrationSection, a as renderCheckReport } from './check-report-BCefr75C.js';
import { c as classifyDeploymentStatus } from './protocol-BV5HTtq7.js';
import { i as inlineCode, t as table, c as codeBlock, a as inertMarkdown } from './recovery-C6jKIwzG.js';
import { a as renderResolveSection, b as renderSquashSection } from './squash-section-J1wFQtDg.js';
import './migration-phases-RNZdOZo8.js';
import './lexer-vuO9IFuk.js';
import './postgres-version-C25lLO17.js';
import './check-tally-B_NItRVe.js';
import './contract-section-DvwFJ0v2.js';
import './shell-RHphubvT.js';
import './lock-holder-BcXU-8Bl.js';
import './redact-CL-xqSaj.js';
import './failed-migration-nldZeff0.js';
import './catalog-diff-jmY_hefH.js';

// The Zeabur part of the job summary: what was uploaded, which deployment it started, how it
// ended, and, when it did not succeed, the build log lines that say why. Pure.
function describeStatus(status) {
    if (!status)
        return "⏱️ not read before the wait ended";
    switch (classifyDeploymentStatus(status)) {
        case "succeeded":
            return `✅ ${inlineCode(status)}`;
        case "failed":
            return `❌ ${inlineCode(status)}`;
        case "in-progress":
            return `⏱️ still ${inlineCode(status)} when the wait ended`;
    }
}
function linkTo(text, url) {
    // Only web links: the URL comes from a remote answer and ends up rendered as a link.
    return /^https?:\/\//i.test(url) ? `[${text}](${url.replace(/[()\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)})` : `${text} (${url})`;
}
function renderDeploymentSection(input) {
    const rows = [];
    if (input.upload) {
        const sent = input.upload.attempts === 1 ? "sent once" : `sent ${input.upload.attempts} times`;
        const size = input.upload.bytes === undefined ? "" : `, ${input.upload.bytes.toLocaleString("en-US")} bytes`;
        rows.push(["Upload", `${inlineCode(input.upload.uploadId)} (${sent}${size})`]);
    }
    else {
        rows.push(["Upload", "not done"]);
    }
    if (input.deployment) {
        rows.push(["Deployment", linkTo(inlineCode(input.deployment.deploymentId), input.deployment.deploymentUrl)]);
        rows.push(["Status", input.result ? describeStatus(input.result.status) : "not followed (wait: false)"]);
    }
    const previous = input.result?.previousDeployment;
    if (input.unhealthy && previous) {
        rows.push(["Previous running deployment", previous.url ? linkTo(inlineCode(previous.id), previous.url) : inlineCode(previous.id)]);
    }
    const parts = ["### Zeabur deployment", table(["", ""], rows)];
    const tail = input.result?.buildLogTail ?? [];
    const succeeded = input.result !== undefined && classifyDeploymentStatus(input.result.status) === "succeeded";
    if (!succeeded && tail.length > 0) {
        parts.push(`#### Last ${tail.length} build log ${tail.length === 1 ? "line" : "lines"}`, codeBlock(tail.join("\n")));
    }
    const runtime = input.result?.runtimeLogTail ?? [];
    if (runtime.length > 0) {
        parts.push(`#### Last ${runtime.length} runtime log ${runtime.length === 1 ? "line" : "lines"}`, codeBlock(runtime.join("\n")));
    }
    return parts.join("\n\n");
}

// The job summary's account of what was verified read-only before the first change: each
// check, its outcome and what it found. Pure.
const OUTCOME = {
    passed: "✅ passed",
    warning: "⚠️ will not work",
    unverifiable: "❔ not verifiable",
    failed: "❌ failed",
};
function renderPreflightSection(checks) {
    const rows = checks.map((check) => [check.area, check.subject, OUTCOME[check.outcome], check.detail]);
    return `### Verified before any change\n\n${table(["Area", "Checked", "Outcome", "Found"], rows)}`;
}

// The whole job summary: the verdict first, then what to do, then each step's section.
// Pure; main.ts writes it in a `finally`, so a failed run explains itself.
const TITLE = "prisma-gated-deploy";
function renderSummary(report) {
    const elapsed = report.finishedAt ? ` in ${formatDuration(report.finishedAt.getTime() - report.startedAt.getTime())}` : "";
    const parts = [];
    if (report.failure) {
        parts.push(`## ❌ ${TITLE}: \`${report.command}\` failed (${report.failure.reason})${elapsed}`);
        parts.push(report.failure.message.split("\n").map((line) => `> ${inertMarkdown(line)}`).join("\n"));
        if (report.failure.nextSteps.length > 0) {
            parts.push(`**What to do next**\n\n${report.failure.nextSteps.map((step, index) => `${index + 1}. ${inertMarkdown(step)}`).join("\n")}`);
        }
    }
    else {
        parts.push(`## ✅ ${TITLE}: \`${report.command}\` succeeded${elapsed}`);
    }
    if (report.warnings.length > 0) {
        parts.push(report.warnings.map((warning) => `> [!WARNING]\n> ${inertMarkdown(warning).replace(/\n/g, "\n> ")}`).join("\n\n"));
    }
    if (report.preflight && report.preflight.length > 0)
        parts.push(renderPreflightSection(report.preflight));
    if (report.migration)
        parts.push(renderMigrationSection(report.migration, report.failure !== undefined, report.command === "status"));
    if (report.archive)
        parts.push(renderArchiveSection(report.archive));
    if (reachedZeabur(report)) {
        parts.push(renderDeploymentSection({
            upload: report.upload && { uploadId: report.upload.uploadId, attempts: report.upload.attempts, bytes: report.archive?.bytes },
            deployment: report.upload && { deploymentId: report.upload.deploymentId, deploymentUrl: report.upload.deploymentUrl },
            result: report.deployment,
            unhealthy: report.failure?.reason === "deploy-unhealthy",
        }));
    }
    if (report.check)
        parts.push(renderCheckReport(report.check));
    if (report.resolve)
        parts.push(renderResolveSection(report.resolve));
    if (report.squash)
        parts.push(renderSquashSection(report.squash));
    return `${parts.join("\n\n")}\n`;
}
/** The upload was tried: it succeeded, or it failed after the archive was built. */
function reachedZeabur(report) {
    return report.upload !== undefined || (report.archive !== undefined && report.failure?.reason === "upload-failed");
}

export { renderSummary };
