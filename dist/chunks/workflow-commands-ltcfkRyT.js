import { r as runCancellation } from './cancellation-VqQUiZI-.js';
import { G as GateError, d as describeThrown } from './errors-DBjELbro.js';
import { a as redact } from './redact-CL-xqSaj.js';
import { randomUUID } from 'node:crypto';

function describeProgress(report) {
    const lines = [];
    const migration = report.migration;
    if (migration) {
        if (migration.pendingBefore)
            lines.push(`Pending before the run: ${migration.pendingBefore.length > 0 ? migration.pendingBefore.join(", ") : "none"}.`);
        lines.push(migration.attempts === 0
            ? "prisma migrate deploy never started."
            : `prisma migrate deploy ran ${migration.attempts} time(s); applied by this run: ${migration.applied.length > 0 ? migration.applied.join(", ") : "none"}.`);
    }
    if (report.command === "deploy" || report.command === "upload") {
        lines.push(report.upload ? `Uploaded to Zeabur (upload ${report.upload.uploadId}); deployment ${report.upload.deploymentId}.` : "Nothing was uploaded to Zeabur.");
    }
    return lines;
}

// Runs the command the settings name, and turns whatever it threw into the run's failure:
// the one dispatch both front-ends share.
/** Fills `report` as it goes, so that it tells how far the run got even when this throws. */
async function runCommand(settings, ports, report) {
    // A front-end's cancel (the runner's signals, Ctrl-C) stops the run's waits and steps.
    const cancel = () => {
        if (!runCancellation.requested)
            runCancellation.request(String(ports.signal?.reason ?? "cancel"));
    };
    if (ports.signal?.aborted)
        cancel();
    ports.signal?.addEventListener("abort", cancel, { once: true });
    // Each command's module is loaded when it runs: a command pays for what it uses
    // (PostgreSQL, HTTP, the archive writer), and start-up parses only the dispatcher.
    switch (settings.command) {
        case "migrate":
            await (await import('./migrate-yK25qDMX.js').then(function (n) { return n.m; })).runMigrate(settings, ports, report);
            break;
        case "check":
            await (await import('./check-B_B4kg44.js')).runCheck(settings, ports, report);
            break;
        case "status":
            await (await import('./status-CuWslzYY.js')).runStatus(settings, ports, report);
            break;
        case "deploy":
            await (await import('./deploy-C-ZaCbb1.js')).runDeploy(settings, ports, report);
            break;
        case "upload":
            await (await import('./deploy-C-ZaCbb1.js')).runUpload(settings, ports, report);
            break;
        case "resolve":
            await (await import('./resolve-B052iDBr.js')).runResolve(settings, ports, report);
            break;
        case "squash":
            await (await import('./squash-QV-ZoagN.js')).runSquash(settings, ports, report);
            break;
    }
    return report;
}
/**
 * The failure a run reports for what it threw. Anything but a GateError is a bug: said so
 * honestly, with the step it happened in (`step`) and how to get more detail (`howToDebug`).
 * A cancelled run also says how far it got (`report`).
 */
function failureOf(thrown, step, howToDebug, report) {
    if (thrown instanceof GateError) {
        const progress = thrown.reason === "cancelled" && report ? describeProgress(report) : [];
        return { reason: thrown.reason, message: redact([thrown.message, ...progress].join("\n")), nextSteps: thrown.nextSteps.map(redact) };
    }
    return {
        reason: "internal-error",
        message: `Unexpected error while ${step}: ${redact(describeThrown(thrown))}`,
        nextSteps: [`This is a bug in prisma-gated-deploy; ${howToDebug} and report it with the log.`],
    };
}

// What GitHub's runner reads as a workflow command in a step's output, and how a log line the
// action did not write itself is kept from being one. Pure.
//
// The runner (actions/runner, ActionCommandManager.TryProcessCommand) reads stdout line by line and
// takes a line as a command when, after its leading white space (.NET's TrimStart), it starts with
// `::` (ActionCommand.TryParseV2), or when it holds `##[` anywhere (the older ActionCommand.TryParse).
// Command names are matched without regard to case, so no list of names is safe to rely on.
/** .NET's white space: JavaScript's `\s` lacks U+0085 (NEL). */
const LEADING_WHITE_SPACE = /^[\s\u0085]+/;
/** How the runner splits its input into lines (StreamReader.ReadLine). */
const LINE_BREAK = /\r\n|\r|\n/;
/** Whether the runner could read this line as a workflow command. */
function mayActAsWorkflowCommand(line) {
    return line.replace(LEADING_WHITE_SPACE, "").startsWith("::") || line.includes("##[");
}
/**
 * `text` ready for stdout: as it is when none of its lines can act as a command; otherwise between
 * `::stop-commands::<token>` and `::<token>::`, with a token nobody can guess, as GitHub advises.
 * The runner then shows every line as written and acts on none of them.
 */
function inertForRunner(text, newToken = randomUUID) {
    if (!text.split(LINE_BREAK).some(mayActAsWorkflowCommand))
        return text;
    let token = newToken();
    while (text.includes(token))
        token = newToken();
    // Text that ends its line keeps ending it after the closing token, so whatever is written
    // next starts a line of its own and is read as written.
    const body = text.endsWith("\n") ? text.slice(0, -1) : text;
    return `::stop-commands::${token}\n${body}\n::${token}::${text.endsWith("\n") ? "\n" : ""}`;
}

export { failureOf as f, inertForRunner as i, runCommand as r };
