import { d as describeHolder } from './lock-holder-BcXU-8Bl.js';
import { d as describeEffect } from './failed-migration-nldZeff0.js';
import { i as inlineCode, t as table, a as inertMarkdown, c as codeBlock } from './recovery-C6jKIwzG.js';
import { f as formatDuration } from './duration-nHHrcb7T.js';

// The `resolve` result as a person reads it: the failed migration, whether it still runs,
// what of it the database holds, and what was recorded. Pure: `resolveFacts` is shared by the
// job summary (markdown, here) and the terminal (src/cli/render.ts).
const RUN_STATE_TEXT = {
    running: "**still running**: Prisma's lock 72707369 is held by a live session applying it. Nothing was touched.",
    failed: "**failed**: nobody holds Prisma's lock, the run that applied it is gone.",
    "lock-held": "failed, but Prisma's lock 72707369 is held by a session that is not applying anything (a leftover?).",
};
const COMMITTED_TEXT = {
    nothing: "Nothing of it was committed.",
    part: "**Part of it was committed** (half applied).",
    all: "All of it is in the database.",
    unknown: "Unknown: give a shadow database to compare the catalog.",
};
function names(list) {
    if (list === undefined)
        return "not read";
    return list.length === 0 ? "nothing" : list.map(inlineCode).join(", ");
}
/** `name` is how the front-end spells an option (`rolled-back:` in a workflow, `--rolled-back` on the command line). */
function resolveFacts(report, name) {
    if (!report.migration) {
        return { rows: [], notes: [`No failed migration in ${report.target ?? "the database"}. The next deploy applies: ${names(report.pendingBefore)}.`], effects: [] };
    }
    const rows = [
        ["Migration", inlineCode(report.migration)],
        ["Database", report.target ?? ""],
    ];
    if (report.startedAt)
        rows.push(["Started", report.startedAt.toISOString()]);
    if (report.runState)
        rows.push(["State", RUN_STATE_TEXT[report.runState]]);
    if (report.committed)
        rows.push(["Committed", COMMITTED_TEXT[report.committed]]);
    const notes = [];
    if (report.lockHolder)
        notes.push(`Lock holder: ${describeHolder(report.lockHolder)}`);
    if (report.leftBehind)
        notes.push(report.leftBehind);
    if (!report.effects && report.effectsUnknownBecause)
        notes.push(`Which of its objects exist is unknown: ${report.effectsUnknownBecause}.`);
    if (report.downSqlFile)
        notes.push(`SQL back to the state before it, for review (not run): ${inlineCode(report.downSqlFile)}`);
    let outcome;
    if (report.decision) {
        const forced = report.decision.kind === "applied" && report.decision.force ? ` Forced, with the reason: ${report.decision.force}` : "";
        outcome = report.recorded
            ? `Recorded as **${report.decision.kind}** and verified in \`_prisma_migrations\`.${forced} The next deploy applies: ${names(report.pendingAfter)}.`
            : `Not recorded as ${report.decision.kind}.`;
    }
    else if (report.failed && report.runState !== "running") {
        outcome = `Nothing was changed. To decide: ${inlineCode(`${name("rolled-back")} ${report.migration}`)} after fixing the file and reverting what it left behind, or ${inlineCode(`${name("applied")} ${report.migration}`)} after completing it by hand.`;
    }
    return {
        rows,
        notes,
        effects: (report.effects ?? []).map((effect) => ({ present: effect.inDatabase, text: describeEffect(effect) })),
        logs: report.logs,
        outcome,
    };
}
function renderResolveSection(report) {
    const facts = resolveFacts(report, (option) => `${option}:`);
    const parts = ["### Failed migration"];
    if (facts.rows.length > 0)
        parts.push(table(["", ""], facts.rows));
    // The facts quote the database and the inputs (a holder's application_name, a forced reason).
    parts.push(...facts.notes.map(inertMarkdown));
    if (facts.effects.length > 0) {
        const rows = facts.effects.map((effect) => [effect.present ? "✅ present" : "❌ absent", inertMarkdown(effect.text)]);
        parts.push(table(["In the database", "What the migration does"], rows));
    }
    if (facts.logs)
        parts.push(`Logs stored with it:\n\n${codeBlock(facts.logs)}`);
    if (facts.outcome)
        parts.push(inertMarkdown(facts.outcome));
    return parts.join("\n\n");
}

// The `squash` result as a person reads it: the proof first, then what changed. Pure:
// `squashFacts` is shared by the job summary (markdown, here) and the terminal.
function squashFacts(report) {
    const lines = [`${report.replaced.length} migration(s) ${report.dryRun ? "would be" : "are"} replaced by ${report.baseline ? inlineCode(report.baseline) : "a baseline"}${report.appended ? `, with ${inlineCode(report.appended)} appended` : ""}.`];
    const proof = report.proof;
    if (proof) {
        lines.push(proof.equivalent
            ? `Proof passed: the old history and the baseline build the same schema (tables, columns, types, defaults, indexes, constraints, enums and their order, sequences and their values, extensions, views, functions, triggers). Old history ${formatDuration(proof.historyMs)}, baseline ${formatDuration(proof.baselineMs)}.`
            : `**Proof failed**: ${proof.differences.length} difference(s); the migrations folder was left untouched.`);
    }
    if (report.baselineFile)
        lines.push(`Wrote ${inlineCode(report.baselineFile)}.`);
    if (report.movedTo)
        lines.push(`Moved the old folders to ${inlineCode(report.movedTo)} (${report.movedWith}).`);
    if (report.dryRun)
        lines.push("Dry run: nothing was changed.");
    return {
        lines,
        differences: proof?.differences.map((difference) => difference.description) ?? [],
        databases: report.databases.map((database) => [database.target, database.why ? `${database.outcome}: ${database.why}` : database.outcome]),
    };
}
function renderSquashSection(report) {
    const facts = squashFacts(report);
    const parts = ["### Squash", ...facts.lines];
    if (facts.differences.length > 0)
        parts.push(facts.differences.map((difference) => `- ${difference}`).join("\n"));
    if (facts.databases.length > 0)
        parts.push(table(["Database", "Baseline recorded applied"], facts.databases));
    return parts.join("\n\n");
}

export { renderResolveSection as a, renderSquashSection as b, resolveFacts as r, squashFacts as s };
