import { setTimeout } from 'node:timers/promises';
import { i as inertForRunner, r as runCommand, f as failureOf } from './workflow-commands-ltcfkRyT.js';
import { G as GateError } from './errors-DBjELbro.js';
import { o as option } from './options-DIaJ1Lml.js';
import { r as registerSecret, a as redact } from './redact-CL-xqSaj.js';
import { n as newRunReport } from './run-report-DqIVDTpQ.js';
import { a as readSettings, c as requiredDatabaseUrl, F as FAIL_ON, p as postgresMajor } from './settings-D0azROVc.js';
import { i as inputReader, a as cliDialect, E as EXIT } from './io-B407jEzr.js';
import { P as PRISMA_LOCK_CALL } from './shell-RHphubvT.js';
import { f as formatDuration } from './duration-nHHrcb7T.js';
import { d as describeHolder } from './lock-holder-BcXU-8Bl.js';
import { f as formatBytes } from './archive-section-BEFADNVV.js';
import { d as describeCheck } from './checks-BvZVy9fh.js';
import { t as tallyCheck, h as hasDrift } from './check-tally-B_NItRVe.js';
import { c as contractFacts } from './contract-section-DvwFJ0v2.js';
import { s as squashFacts, r as resolveFacts } from './squash-section-J1wFQtDg.js';
import './cancellation-VqQUiZI-.js';
import 'node:crypto';
import 'node:fs';
import 'node:path';
import './postgres-version-C25lLO17.js';
import 'node:util';
import './migration-phases-RNZdOZo8.js';
import './lexer-vuO9IFuk.js';
import './recovery-C6jKIwzG.js';
import './failed-migration-nldZeff0.js';
import './catalog-diff-jmY_hefH.js';

// Results as a person reads them at a terminal, and as one JSON document. Pure: the same
// typed results the action renders into outputs and its summary.
function list(names) {
    return names.length === 0 ? "none" : names.join(", ");
}
function contractLines(contract, view, palette) {
    if (contract.migrations.length === 0)
        return [];
    const facts = contractFacts(contract, view);
    const lines = [`Expand and contract (contract-migrations ${contract.mode}):`, ...facts.rows.map((row) => `  ${row.migration}: ${row.phase}, ${row.when} (${row.because})`)];
    if (facts.outcome)
        lines.push(palette.bold(plain$1(facts.outcome)));
    return lines;
}
function migrationLines(migration, palette) {
    const lines = [
        `Database: ${migration.target ?? "not reached"}${migration.prismaVersion ? `, Prisma ${migration.prismaVersion}` : ""}`,
        ...(migration.migrationsThrough ? [`Migrations go to ${migration.migrationsThrough}`] : []),
        `Pending before the run: ${migration.pendingBefore ? list(migration.pendingBefore) : "not read"}`,
    ];
    if (migration.attempts > 0 || migration.applied.length > 0) {
        lines.push(`Applied: ${list(migration.applied)} (${migration.attempts} attempt${migration.attempts === 1 ? "" : "s"} of prisma migrate deploy)`);
    }
    if (migration.contract)
        lines.push(...contractLines(migration.contract, {}, palette));
    if (migration.lockWaitMs > 0)
        lines.push(`Waited for the lock: ${formatDuration(migration.lockWaitMs)}`);
    if (migration.lockHolder)
        lines.push(`Lock holder: ${describeHolder(migration.lockHolder)}`);
    for (const terminated of migration.terminated)
        lines.push(palette.yellow(`Terminated: ${describeHolder(terminated)}`));
    const failed = migration.failedMigration;
    if (failed) {
        lines.push(palette.red(`Failed migration: ${failed.name}${failed.file ? ` (${failed.file}${failed.line ? `:${failed.line}` : ""})` : ""}`));
        if (failed.sqlState)
            lines.push(`  SQLSTATE ${failed.sqlState}`);
        if (failed.databaseError)
            lines.push(`  ${failed.databaseError}`);
        if (failed.statement)
            lines.push(`  ${failed.statement.split("\n").join("\n  ")}`);
        if (failed.logs)
            lines.push("  Logs stored in _prisma_migrations:", ...failed.logs.split("\n").map((line) => `    ${line}`));
    }
    if (migration.rolledBack && migration.rolledBack.length > 0)
        lines.push(`Rolled back (will be applied again): ${list(migration.rolledBack)}`);
    if (migration.editedMigrations.length > 0)
        lines.push(palette.yellow(`Edited after they were applied: ${list(migration.editedMigrations)}`));
    if (migration.missingLocally.length > 0)
        lines.push(palette.yellow(`In the database, not in prisma/migrations: ${list(migration.missingLocally)}`));
    return lines;
}
/** Markdown emphasis and code marks do not belong on a terminal. */
function plain$1(text) {
    return text.replace(/\*\*/g, "").replace(/`/g, "");
}
function resolveLines(report, palette) {
    const facts = resolveFacts(report, (option) => `--${option}`);
    const lines = facts.rows.map(([label, value]) => `${label}: ${plain$1(value)}`);
    lines.push(...facts.notes.map(plain$1));
    for (const effect of facts.effects)
        lines.push(`  ${effect.present ? palette.green("present") : palette.red("absent ")}  ${effect.text}`);
    if (facts.logs)
        lines.push("Logs stored with it:", ...facts.logs.split("\n").map((line) => `  ${line}`));
    if (facts.outcome)
        lines.push(palette.bold(plain$1(facts.outcome)));
    return lines;
}
function findingLine(finding, palette) {
    const severity = finding.severity === "error" ? palette.red("error") : palette.yellow("warning");
    return `${finding.file}:${finding.line}: ${severity} ${finding.ruleId}: ${finding.message}`;
}
/** The run's summary as text: verdict, what to do, then each step's result. */
function renderRunText(report, palette) {
    const elapsed = report.finishedAt ? ` in ${formatDuration(report.finishedAt.getTime() - report.startedAt.getTime())}` : "";
    const parts = [];
    if (report.failure) {
        parts.push(palette.red(palette.bold(`✗ ${report.command} failed (${report.failure.reason})${elapsed}`)), report.failure.message);
        if (report.failure.nextSteps.length > 0) {
            parts.push(["What to do next:", ...report.failure.nextSteps.map((step, index) => `  ${index + 1}. ${step}`)].join("\n"));
        }
    }
    else {
        parts.push(palette.green(palette.bold(`✓ ${report.command} succeeded${elapsed}`)));
    }
    if (report.preflight && report.preflight.length > 0) {
        parts.push([palette.bold("Verified before any change"), ...report.preflight.map((check) => `  ${describeCheck(check)}`)].join("\n"));
    }
    if (report.migration)
        parts.push([palette.bold("Migrations"), ...migrationLines(report.migration, palette).map((line) => `  ${line}`)].join("\n"));
    if (report.archive) {
        parts.push([palette.bold("Archive"), `  ${report.archive.files} files, ${formatBytes(report.archive.bytes)}, SHA-256 ${report.archive.sha256Base64}`, ...(report.archive.excludedCount > 0 ? [`  ${report.archive.excludedCount} paths left out`] : [])].join("\n"));
    }
    if (report.upload) {
        const status = report.deployment ? report.deployment.status || "status never read" : "not followed";
        const lines = [palette.bold("Zeabur deployment"), `  ${report.upload.deploymentId}: ${status}`, `  ${report.upload.deploymentUrl}`];
        if (report.deployment && report.deployment.buildLogTail.length > 0)
            lines.push("  Last build log lines:", ...report.deployment.buildLogTail.map((line) => `    ${line}`));
        parts.push(lines.join("\n"));
    }
    if (report.check) {
        const check = report.check;
        const tally = tallyCheck(check);
        const lines = [palette.bold("Migration check"), `  Drift: ${hasDrift(check) ? palette.red("yes") : "none"}`, `  ${tally.errors} error(s), ${tally.warnings} warning(s), ${tally.suppressed} suppressed`];
        if (check.drift.found && check.drift.createCommand)
            lines.push(`  Create the missing migration: ${check.drift.createCommand}`);
        for (const finding of check.lint.filter((each) => !each.suppressed))
            lines.push(`  ${findingLine(finding, palette)}`);
        for (const finding of check.history)
            lines.push(`  ${finding.file}: ${finding.kind}: ${finding.message}`);
        if (check.live)
            lines.push(`  Deploy plan: ${list(check.live.plan)}`);
        if (check.contract)
            lines.push(...contractLines(check.contract, { ahead: true }, palette).map((line) => `  ${line}`));
        parts.push(lines.join("\n"));
    }
    if (report.resolve)
        parts.push([palette.bold("Failed migration"), ...resolveLines(report.resolve, palette).map((line) => `  ${line}`)].join("\n"));
    if (report.squash) {
        const facts = squashFacts(report.squash);
        const lines = [...facts.lines.map(plain$1), ...facts.differences.map((difference) => palette.red(`- ${plain$1(difference)}`)), ...facts.databases.map(([target, outcome]) => `${target}: ${outcome}`)];
        parts.push([palette.bold("Squash"), ...lines.map((line) => `  ${line}`)].join("\n"));
    }
    if (report.warnings.length > 0)
        parts.push(report.warnings.map((warning) => palette.yellow(`warning: ${warning}`)).join("\n"));
    return `${parts.join("\n\n")}\n`;
}
/** Whether `status` found the database up to date: nothing pending, failed, edited or missing. */
function statusIsClean(migration) {
    return (migration !== undefined &&
        (migration.pendingBefore?.length ?? 0) === 0 &&
        migration.failedMigration === undefined &&
        migration.editedMigrations.length === 0 &&
        migration.missingLocally.length === 0);
}
function holderRow(holder) {
    return `pid ${holder.pid} [${holder.kind}] ${describeHolder(holder)}`;
}
function renderLocksText(result, palette) {
    const lines = [palette.bold(`Prisma's advisory lock (${PRISMA_LOCK_CALL}) on ${result.target}, ${result.observedAt.toISOString()}`)];
    lines.push(result.holder ? `  Held by ${holderRow(result.holder)}` : palette.green("  Free: nobody holds it."));
    for (const waiter of result.waiters)
        lines.push(`  Waiting: ${holderRow(waiter)}`);
    lines.push(palette.bold("Sessions blocked by others (pg_blocking_pids)"));
    if (result.blocked.length === 0)
        lines.push("  none");
    for (const blocked of result.blocked)
        lines.push(`  pid ${blocked.session.pid} waits for ${blocked.blockedBy.join(", ")}: ${describeHolder(blocked.session)}`);
    return `${lines.join("\n")}\n`;
}
function renderLintText(result, palette) {
    const lines = result.findings.filter((finding) => !finding.suppressed).map((finding) => `${findingLine(finding, palette)}\n  ${finding.why}\n  Safe sequence: ${finding.safeSequence}`);
    lines.push(`${result.files.length} file(s): ${result.tally.errors} error(s), ${result.tally.warnings} warning(s), ${result.tally.suppressed} suppressed.`);
    return `${lines.join("\n")}\n`;
}
/** GitHub workflow commands: annotations when `lint` runs in a plain `run:` step. */
function renderLintGithub(result) {
    const escape = (text) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    const property = (text) => escape(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
    return result.findings
        .filter((finding) => !finding.suppressed)
        .map((finding) => `::${finding.severity} file=${property(finding.file)},line=${finding.line},title=${property(finding.ruleId)}::${escape(`${finding.message} ${finding.why}`)}\n`)
        .join("");
}
/** One JSON document; Dates as ISO strings. */
function toJson(document) {
    return `${JSON.stringify(document, null, 2)}\n`;
}

const plain = { bold: (t) => t, dim: (t) => t, red: (t) => t, yellow: (t) => t, green: (t) => t, cyan: (t) => t };
function ansi(open, close) {
    return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}
const coloured = { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), yellow: ansi(33, 39), green: ansi(32, 39), cyan: ansi(36, 39) };
/** Colour only for a person at a terminal, and never when NO_COLOR is set (https://no-color.org). */
function paletteFor(stream, env) {
    return stream.isTTY && !env.NO_COLOR ? coloured : plain;
}
/** A wait shorter than this shows no progress: it would only flicker. */
const PROGRESS_AFTER_MS = 1_000;
/** Without a TTY a progress line cannot be rewritten: repeat it at most this often. */
const PROGRESS_LOG_EVERY_MS = 10_000;
function where(at) {
    return at ? `${at.file}${at.line ? `:${at.line}` : ""}: ` : "";
}
function terminalReporter(stream, palette, options = {}) {
    const now = options.now ?? Date.now;
    let indent = "";
    let progressShown = false;
    let waitStartedAt;
    let lastProgressLogAt = Number.NEGATIVE_INFINITY;
    const clearProgress = () => {
        if (progressShown)
            stream.write("\r\u001b[2K");
        progressShown = false;
    };
    const line = (text) => {
        clearProgress();
        // Anything said ends the wait: the next one starts its own second of silence.
        waitStartedAt = undefined;
        lastProgressLogAt = Number.NEGATIVE_INFINITY;
        for (const each of redact(text).split("\n"))
            stream.write(`${indent}${each}\n`);
    };
    return {
        info: (message) => line(message),
        warning: (message, at) => line(palette.yellow(`${where(at)}warning: ${message}`)),
        error: (message, at) => line(palette.red(`${where(at)}error: ${message}`)),
        notice: (message, at) => line(palette.cyan(`${where(at)}${message}`)),
        debug: (message) => {
            if (options.verbose)
                line(palette.dim(message));
        },
        progress(message) {
            const at = now();
            waitStartedAt ??= at;
            if (at - waitStartedAt < PROGRESS_AFTER_MS)
                return;
            if (stream.isTTY) {
                stream.write(`\r\u001b[2K${indent}${palette.dim(redact(message))}`);
                progressShown = true;
            }
            else if (at - lastProgressLogAt >= PROGRESS_LOG_EVERY_MS) {
                lastProgressLogAt = at;
                stream.write(`${indent}${redact(message)}\n`);
            }
        },
        async step(title, body) {
            line(palette.bold(`▸ ${title}`));
            const outer = indent;
            indent = `${outer}  `;
            try {
                return await body();
            }
            finally {
                clearProgress();
                indent = outer;
            }
        },
        registerSecret: (secret) => void registerSecret(secret),
    };
}

// Runs a parsed command line: gives the commands their ports (a terminal reporter on stderr,
// the current folder, Ctrl-C as cancellation), and renders the typed results as text or one
// JSON document on stdout, with exit codes.
/** Bad usage and an unreachable database are the caller's to fix before anything ran: exit 2. */
const USAGE_REASONS = ["invalid-input", "db-unreachable", "db-auth", "db-tls", "transaction-pooler"];
function exitCodeFor(report, signal) {
    if (!report.failure)
        return EXIT.ok;
    if (signal?.aborted || report.failure.reason === "cancelled")
        return EXIT.cancelled;
    return USAGE_REASONS.includes(report.failure.reason) ? EXIT.usage : EXIT.failed;
}
const LOCKS_WATCH_INTERVAL_MS = 2_000;
async function runCommandLine(parsed, io) {
    const palette = paletteFor(io.stderr, io.env);
    // In a workflow's `run:` step the runner reads both streams for workflow commands: text the
    // tool did not write itself (names, SQL, the database's messages) must not act as one. A JSON
    // document stays as it is: its strings hold no line breaks, so no line of it can start one.
    const forRunner = io.env.GITHUB_ACTIONS === "true" ? inertForRunner : (text) => text;
    const stderr = { isTTY: io.stderr.isTTY, write: (text) => io.stderr.write(forRunner(text)) };
    const reporter = terminalReporter(stderr, palette, { verbose: Boolean(io.env.PRISMA_GATED_DEPLOY_DEBUG) });
    const ports = { reporter, optionName: (name) => option(name)?.flag ?? `--${name}`, workspace: io.cwd, tempDir: io.tempDir, environment: io.env, signal: io.signal };
    const json = parsed.values.json === true || parsed.values.format === "json";
    const out = (text) => io.stdout.write(json ? redact(text) : forRunner(redact(text)));
    const outPalette = paletteFor(io.stdout, io.env);
    switch (parsed.command) {
        case "lint":
            return await lint(parsed, ports, json, out, outPalette);
        case "locks":
            return await locks(parsed, io, ports, json, out, outPalette);
        default:
            return await runGateCommand(parsed, io, ports, json, out, outPalette);
    }
}
function usageFailure(error, reporter, json, out, command) {
    const failure = failureOf(error, `the ${command} command`, "set PRISMA_GATED_DEPLOY_DEBUG=1");
    if (json)
        out(toJson({ command, ok: false, failure }));
    reporter.error([failure.message, ...failure.nextSteps.map((step) => `→ ${step}`)].join("\n"));
    return error instanceof GateError && USAGE_REASONS.includes(error.reason) ? EXIT.usage : EXIT.failed;
}
async function runGateCommand(parsed, io, ports, json, out, palette) {
    const report = newRunReport(parsed.command);
    try {
        report.step = "reading the options";
        const settings = readSettings(inputReader(parsed, io.env), io.cwd, cliDialect(ports.reporter.registerSecret));
        report.step = `the ${settings.command} command`;
        await runCommand(settings, ports, report);
    }
    catch (thrown) {
        report.failure = failureOf(thrown, report.step, "set PRISMA_GATED_DEPLOY_DEBUG=1 to see more", report);
        if (!(thrown instanceof GateError))
            ports.reporter.debug(thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown));
    }
    report.finishedAt = new Date();
    let exitCode = exitCodeFor(report, io.signal);
    if (parsed.command === "status" && exitCode === EXIT.ok && !statusIsClean(report.migration))
        exitCode = EXIT.failed;
    if (json) {
        out(toJson({ ...report, ok: exitCode === EXIT.ok, exitCode, failureReason: report.failure?.reason ?? null }));
    }
    else {
        out(renderRunText(report, palette));
    }
    return exitCode;
}
async function lint(parsed, ports, json, out, palette) {
    const format = typeof parsed.values.format === "string" ? parsed.values.format : "text";
    const failOnText = typeof parsed.values["fail-on"] === "string" ? parsed.values["fail-on"] : "error";
    try {
        if (!["text", "json", "github"].includes(format)) {
            throw new GateError("invalid-input", `Invalid --format '${format}'. Expected one of: text, json, github.`, ["prisma-gated-deploy lint --help"]);
        }
        if (!FAIL_ON.includes(failOnText)) {
            throw new GateError("invalid-input", `Invalid --fail-on '${failOnText}'. Expected one of: ${FAIL_ON.join(", ")}.`, ["prisma-gated-deploy lint --help"]);
        }
        const base = typeof parsed.values.base === "string" ? parsed.values.base : undefined;
        const versionText = parsed.values["postgres-version"];
        const given = typeof versionText === "string" && versionText.trim() !== "";
        const postgresVersion = given ? postgresMajor("--postgres-version", versionText) : undefined;
        const { runLint } = await import('./lint-vo6gXrca.js');
        const result = await runLint({ paths: parsed.positionals, baseRef: base, failOn: failOnText, postgresVersion }, ports);
        if (json)
            out(toJson({ command: "lint", ok: !result.failed, ...result }));
        else if (format === "github")
            out(renderLintGithub(result));
        else
            out(renderLintText(result, palette));
        return result.failed ? EXIT.failed : EXIT.ok;
    }
    catch (error) {
        return usageFailure(error, ports.reporter, json, out, "lint");
    }
}
async function locks(parsed, io, ports, json, out, palette) {
    try {
        const dialect = cliDialect(ports.reporter.registerSecret);
        const given = inputReader(parsed, io.env)("database-url").trim();
        if (given)
            dialect.registerSecret(given);
        const databaseUrl = requiredDatabaseUrl(given || undefined, "locks", dialect);
        const { runLocks } = await import('./locks-0_K5GkOW.js');
        for (;;) {
            const result = await runLocks({ databaseUrl }, ports);
            if (json)
                out(toJson({ command: "locks", ok: true, ...result }));
            else {
                if (parsed.values.watch && io.stdout.isTTY)
                    io.stdout.write("\u001b[2J\u001b[H");
                out(renderLocksText(result, palette));
            }
            if (!parsed.values.watch)
                return EXIT.ok;
            const stopped = await setTimeout(LOCKS_WATCH_INTERVAL_MS, false, { signal: io.signal }).catch(() => true);
            if (stopped)
                return EXIT.ok;
        }
    }
    catch (error) {
        return usageFailure(error, ports.reporter, json, out, "locks");
    }
}

export { runCommandLine };
