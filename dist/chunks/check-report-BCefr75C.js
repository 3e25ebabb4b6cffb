import { R as RULES } from './migration-phases-RNZdOZo8.js';
import { t as tallyCheck } from './check-tally-B_NItRVe.js';
import { a as inertMarkdown, i as inlineCode, t as table, d as details, c as codeBlock, r as resolveCommand } from './recovery-C6jKIwzG.js';
import { r as renderContractSection } from './contract-section-DvwFJ0v2.js';
import { P as PRISMA_LOCK_CALL } from './shell-RHphubvT.js';
import { f as formatDuration } from './duration-nHHrcb7T.js';
import { d as describeHolder } from './lock-holder-BcXU-8Bl.js';
import { f as formatBytes } from './archive-section-BEFADNVV.js';

const ICON = { error: "❌", warning: "⚠️" };
function cell(text) {
    return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}
function code(text) {
    return `\`${text.replace(/`/g, "'")}\``;
}
function plural(count, word) {
    return `${count} ${word}${count === 1 ? "" : "s"}`;
}
function ruleLabel(ruleId, rulesUrl) {
    return rulesUrl ? `[${code(ruleId)}](${rulesUrl}#${ruleId})` : code(ruleId);
}
function groupByFile(findings) {
    const groups = new Map();
    for (const finding of findings)
        groups.set(finding.file, [...(groups.get(finding.file) ?? []), finding]);
    return groups;
}
function lintSection(file, findings, rulesUrl) {
    const lines = [
        `#### ${code(file)}`,
        "",
        "| Rule | Severity | Line | Finding |",
        "| --- | --- | --- | --- |",
        ...findings.map((finding) => `| ${ruleLabel(finding.ruleId, rulesUrl)} | ${ICON[finding.severity]} ${finding.severity} | ${finding.line} | ${cell(inertMarkdown(finding.message))}<br>${code(cell(finding.statement))} |`),
        "",
        "<details><summary>Why it hurts and the safe sequence</summary>",
        "",
    ];
    for (const ruleId of new Set(findings.map((finding) => finding.ruleId))) {
        const rule = RULES[ruleId];
        lines.push(`**${code(ruleId)}: ${rule.title}.** ${rule.why}`, "", `*Safe sequence:* ${rule.safeSequence}`, "");
    }
    lines.push("</details>", "");
    return lines;
}
function historyPath(file, migrationsDir) {
    return migrationsDir ? `${migrationsDir.replace(/\/+$/, "")}/${file}` : file;
}
function renderCheckSection(input) {
    const active = input.lint.filter((finding) => !finding.suppressed);
    const suppressed = input.lint.filter((finding) => finding.suppressed);
    const { errors, warnings } = tallyCheck({ lint: input.lint, history: input.history });
    // The heading is the caller's: this section sits under the report's own title.
    const lines = [];
    if (errors === 0 && warnings === 0) {
        lines.push(`✅ All clear: no unsafe migration operations and no history problems.${suppressed.length > 0 ? ` ${plural(suppressed.length, "finding")} suppressed.` : ""}`, "");
    }
    else {
        lines.push(`**${plural(errors, "error")}, ${plural(warnings, "warning")}**${suppressed.length > 0 ? `, ${suppressed.length} suppressed` : ""}.`, "");
    }
    if (input.history.length > 0) {
        lines.push("#### History against the base branch", "");
        for (const finding of input.history) {
            const where = `${code(historyPath(finding.file, input.migrationsDir))}${finding.line !== undefined ? ` line ${finding.line}` : ""}`;
            lines.push(finding.acknowledged === undefined
                ? `- ${ICON[finding.severity]} **${finding.kind}** ${where}: ${inertMarkdown(finding.message)} *Fix:* ${inertMarkdown(finding.fix)}`
                : `- ☑️ **${finding.kind}** ${where}, accepted: ${inertMarkdown(finding.acknowledged)}. ${inertMarkdown(finding.message)}`);
        }
        lines.push("");
    }
    for (const [file, findings] of groupByFile(active))
        lines.push(...lintSection(file, findings, input.rulesUrl));
    if (suppressed.length > 0) {
        lines.push(`<details><summary>Suppressed (${suppressed.length})</summary>`, "");
        for (const finding of suppressed) {
            lines.push(`- ${ruleLabel(finding.ruleId, input.rulesUrl)} at ${code(`${finding.file}:${finding.line}`)}: ${inertMarkdown(finding.suppressionReason ?? "")}`);
        }
        lines.push("", "</details>", "");
    }
    return lines.join("\n");
}

// The migration part of the job summary. Pure.
/** Lists this many migrations inline; a longer list (a fresh database has them all pending) folds away. */
const INLINE_NAMES = 5;
function list(names) {
    if (names.length === 0)
        return "none";
    const inline = names.map(inlineCode).join(", ");
    // On one line: the list sits in a table cell.
    return names.length <= INLINE_NAMES ? inline : `<details><summary>${names.length} migrations</summary>${inline}</details>`;
}
/** The schema and migrations Prisma used, and what located them. */
function projectRows(project) {
    return [
        ["Schema", `${inlineCode(project.schema)} (${project.foundBy})`],
        ["Migrations", inlineCode(project.migrationsDir)],
        ...(project.configFile ? [["Prisma config", inlineCode(project.configFile)]] : []),
    ];
}
/**
 * `runFailed` shows Prisma's last output lines, which only matter when something went wrong.
 * `readOnly` (the status command) leaves out what only a migrating run has: applied, attempts, lock wait.
 */
function renderMigrationSection(report, runFailed, readOnly = false) {
    const lines = ["### Migrations"];
    const migrated = readOnly
        ? []
        : [
            ["Applied by this run", report.appliedIncomplete ? `${list(report.applied)} (may be incomplete: ${report.appliedIncomplete})` : list(report.applied)],
            ["`migrate deploy` attempts", String(report.attempts)],
            ["Waited for the lock", report.lockWaitMs > 0 ? formatDuration(report.lockWaitMs) : "no"],
        ];
    lines.push(table(["", ""], [
        ["Database", report.target ?? "not reached"],
        ...(report.migrationsThrough ? [["Migrations go to", report.migrationsThrough]] : []),
        ["Prisma", report.prismaVersion ?? "not found"],
        ...(report.project ? projectRows(report.project) : []),
        [readOnly ? "Pending" : "Pending before the run", report.pendingBefore ? list(report.pendingBefore) : "not read"],
        ...migrated,
    ]));
    const contract = report.contract && renderContractSection(report.contract);
    if (contract)
        lines.push(contract);
    if (report.lockHolder || report.terminated.length > 0 || report.blocked.length > 0) {
        lines.push(`#### Prisma's advisory lock (\`${PRISMA_LOCK_CALL}\`)`);
        if (report.lockHolder) {
            const holder = report.lockHolder;
            lines.push(`Last holder seen: ${inertMarkdown(describeHolder(holder))}`);
            lines.push(table(["pid", "application_name", "client", "state", "for", "connected", "kind"], [
                [
                    String(holder.pid),
                    inertMarkdown(holder.applicationName ?? ""),
                    holder.clientAddress ?? "local",
                    holder.state ?? "unknown",
                    holder.stateAgeMs === null ? "" : formatDuration(holder.stateAgeMs),
                    holder.connectionAgeMs === null ? "" : `${formatDuration(holder.connectionAgeMs)} ago`,
                    holder.kind,
                ],
            ]));
        }
        for (const terminated of report.terminated)
            lines.push(`- **Terminated** stale idle session: ${inertMarkdown(describeHolder(terminated))}`);
        for (const blocked of report.blocked) {
            const applying = blocked.migration ? ` while applying ${inlineCode(blocked.migration)}` : "";
            lines.push(`- Prisma waited for ${inertMarkdown(blocked.waitingFor)}${applying}, blocked by ${inertMarkdown(describeHolder(blocked.blocker))}`);
        }
    }
    for (const backup of report.backups) {
        lines.push(`#### Backup before migrating (${inlineCode(backup.folder)})`);
        const rows = backup.tables.map((kept) => [
            inlineCode(kept.file),
            kept.wholeTable ? `table ${inlineCode(kept.table)} (dropped)` : `${inlineCode(kept.table)}: ${kept.columns.map(inlineCode).join(", ")}`,
            String(kept.rows),
            formatBytes(kept.bytes),
        ]);
        if (backup.dump)
            rows.push([inlineCode(backup.dump.file), `full dump, ${backup.dump.entries} entries (verified with pg_restore --list)`, "", formatBytes(backup.dump.bytes)]);
        if (rows.length > 0)
            lines.push(table(["File", "What", "Rows", "Size"], rows));
        if (backup.restoreCommand) {
            lines.push(`Row counts were read back from each file. To put the data back (restore.sql runs in one transaction): ${inlineCode(backup.restoreCommand)}`);
        }
        if (backup.dump)
            lines.push(`The full dump restores with ${inlineCode(`pg_restore --dbname=… ${backup.folder}/${backup.dump.file}`)}.`);
        if (backup.noDump)
            lines.push(`No full dump: ${backup.noDump}.`);
    }
    if (report.cancelledLockWaits.length > 0) {
        lines.push("#### Lock waits cancelled (`ddl-lock-wait`)");
        lines.push("A migration waiting for a table lock makes every later query on that table wait behind it. These waits were cancelled; each migration runs as one transaction, nothing of it was left (schema compared before and after), and it was marked rolled back before the next attempt.");
        lines.push(table(["Attempt", "Migration", "Waited", "Blocked by"], report.cancelledLockWaits.map((cancelled) => [
            String(cancelled.attempt),
            inlineCode(cancelled.migration),
            formatDuration(cancelled.waitedMs),
            inertMarkdown(describeHolder(cancelled.blocker)),
        ])));
    }
    if (report.lockEvents.length > 0) {
        lines.push(details("Timeline", report.lockEvents.map((event) => `- ${event.at.toISOString().slice(11, 19)} ${inertMarkdown(event.text)}`).join("\n")));
    }
    const failed = report.failedMigration;
    if (failed) {
        lines.push(`#### Failed migration ${inlineCode(failed.name)}`);
        const rows = [];
        if (failed.file)
            rows.push(["File", inertMarkdown(`${failed.file}${failed.line ? `:${failed.line}` : ""}`)]);
        if (failed.sqlState)
            rows.push(["SQLSTATE", failed.sqlState]);
        if (failed.databaseError)
            rows.push(["Database error", inertMarkdown(failed.databaseError)]);
        if (failed.startedAt)
            rows.push(["Started", failed.startedAt.toISOString()]);
        if (rows.length > 0)
            lines.push(table(["", ""], rows));
        if (failed.statement)
            lines.push("Failing statement:", codeBlock(failed.statement, "sql"));
        if (failed.logs)
            lines.push(details("Logs stored in _prisma_migrations", codeBlock(failed.logs)));
    }
    if (report.editedMigrations.length > 0) {
        lines.push(`> [!WARNING]\n> Applied migrations edited afterwards (the database does not have the edits): ${list(report.editedMigrations)}`);
    }
    if (report.missingLocally.length > 0) {
        lines.push(`> [!WARNING]\n> In the database but not in prisma/migrations: ${list(report.missingLocally)}`);
    }
    if (runFailed && report.prismaOutputTail)
        lines.push(details("Prisma's output (last lines)", codeBlock(report.prismaOutputTail)));
    return lines.join("\n\n");
}

function renderSquash(squash) {
    const what = `${inlineCode(squash.baseline)} replaces ${squash.replaced.length} migration(s) of the base branch`;
    return squash.equivalent
        ? `✅ **Squash**: ${what}; both histories build the same schema (proven in two scratch databases), so the removed folders are not reported as deleted. Record it in every database with ${inlineCode(resolveCommand("--applied", squash.baseline))} (or \`prisma-gated-deploy squash\`).`
        : `❌ **Not a squash**: ${what}, but the histories build different schemas:\n\n${squash.differences.map((difference) => `- ${inertMarkdown(difference)}`).join("\n")}`;
}
/** Lists up to this many files or migrations inline; more fold into <details>. */
const INLINE_FILES = 5;
/** The migrate-diff SQL can be long; the comment keeps a readable excerpt, the summary all of it. */
const COMMENT_SQL_LIMIT = 20_000;
function renderDrift(drift, forComment) {
    if (!drift.found)
        return "### Schema and migrations\n\n✅ The migrations produce exactly the schema: no drift.";
    const sql = drift.sql ?? "";
    const shown = forComment && sql.length > COMMENT_SQL_LIMIT ? `${sql.slice(0, COMMENT_SQL_LIMIT)}\n-- … cut; the job summary has all of it` : sql;
    return [
        "### Schema and migrations",
        "❌ **Drift**: the schema has changes that no migration holds. A deploy would not apply them. The missing migration would contain:",
        codeBlock(shown, "sql"),
        `Create it with:\n\n${codeBlock(drift.createCommand ?? "npx prisma migrate dev --create-only", "sh")}`,
    ].join("\n\n");
}
function numberedPlan(plan) {
    return plan.map((name, index) => `${index + 1}. ${inlineCode(name)}`).join("\n");
}
function renderLive(live) {
    const parts = ["### Against the live database"];
    parts.push(live.plan.length === 0
        ? "Deploy plan: nothing to apply; the database is up to date."
        : live.plan.length <= INLINE_FILES
            ? `Deploy plan: ${live.plan.length} migration(s) will run, in this order:\n\n${numberedPlan(live.plan)}`
            : details(`Deploy plan: ${live.plan.length} migration(s) will run, in this order`, numberedPlan(live.plan)));
    for (const failed of live.failed) {
        parts.push(`❌ ${inlineCode(failed.name)} is marked **failed** in the database: the deploy will stop until it is resolved (${inlineCode(resolveCommand("--rolled-back", failed.name))} or \`--applied\`).${failed.logs ? `\n\n${details("Logs", codeBlock(failed.logs))}` : ""}`);
    }
    if (live.edited.length > 0) {
        parts.push(`❌ Applied migrations whose file no longer matches the checksum stored in the database: ${live.edited.map(inlineCode).join(", ")}. Restore the files and put the change in a new migration.`);
    }
    if (live.missingLocally.length > 0) {
        parts.push(`⚠️ In the database but not in this branch: ${live.missingLocally.map(inlineCode).join(", ")}.`);
    }
    if (live.differences.length > 0) {
        parts.push(`❌ **The live schema differs from what its applied migrations produce** (a change applied by hand?):\n\n${live.differences.map((difference) => `- ${inertMarkdown(difference.description)}`).join("\n")}`, `To reconcile:\n\n${live.recipe.map((step, index) => `${index + 1}. ${inertMarkdown(step)}`).join("\n")}`);
    }
    else {
        parts.push("✅ The live schema matches its applied migrations.");
    }
    for (const difference of live.explained ?? []) {
        parts.push(inertMarkdown(`ℹ️ Not drift: ${difference.description}. ${difference.explanation}`));
    }
    return parts.join("\n\n");
}
function renderLintScope(scope) {
    if (scope === undefined)
        return "";
    if (scope.kind === "skipped")
        return `⚠️ **Migration SQL was not linted**: ${inertMarkdown(scope.reason)}.`;
    if (scope.files.length === 0)
        return scope.kind === "plan" ? "Linted the deploy plan: nothing to apply." : "No new or changed migration in this pull request.";
    const what = scope.kind === "plan" ? `Linted the deploy plan (${scope.files.length} migration(s) the database has not applied)` : `Checked ${scope.files.length} new or changed migration(s)`;
    const list = scope.files.map(inlineCode);
    return scope.files.length <= INLINE_FILES ? `${what}: ${list.join(", ")}` : details(what, list.map((file) => `- ${file}`).join("\n"));
}
function renderCheckReport(report, options = {}) {
    const parts = [
        "## Migration check",
        ...(report.project ? [table(["", ""], [["Prisma", report.prismaVersion], ...projectRows(report.project)])] : []),
        renderDrift(report.drift, options.forComment === true),
        "### Migration history and SQL safety",
        renderLintScope(report.lintScope),
        renderCheckSection({ lint: report.lint, history: report.history, migrationsDir: report.migrationsDir, rulesUrl: report.rulesUrl }),
    ];
    if (report.squash)
        parts.push(renderSquash(report.squash));
    const contract = report.contract && renderContractSection(report.contract, { ahead: true });
    if (contract)
        parts.push(contract);
    if (report.live)
        parts.push(renderLive(report.live));
    return parts.join("\n\n");
}

export { renderCheckReport as a, renderMigrationSection as r };
