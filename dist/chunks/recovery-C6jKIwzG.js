import { a as shellCommand } from './shell-RHphubvT.js';

// Small markdown helpers shared by the summary sections. Pure.
function escapeCell(text) {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
function table(header, rows) {
    return [
        `| ${header.map(escapeCell).join(" | ")} |`,
        `| ${header.map(() => "---").join(" | ")} |`,
        ...rows.map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
    ].join("\n");
}
/** The length of the longest run of backticks in `text`; 0 when it has none. */
function longestBacktickRun(text) {
    return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}
/** A fenced block for any text: the fence is longer than any run of backticks inside, so nothing in it can close the block. */
function codeBlock(text, language = "") {
    const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
    return `${fence}${language}\n${text.replace(/\s+$/, "")}\n${fence}`;
}
/** Where the run of exactly `length` backticks that closes a code span starts, at or after `from`; -1 when none does. */
function closingRun(text, from, length) {
    const runs = /`+/g;
    runs.lastIndex = from;
    for (let run = runs.exec(text); run; run = runs.exec(text))
        if (run[0].length === length)
            return run.index;
    return -1;
}
/**
 * The action's own text, which quotes text from outside (a name, a database's message), made inert
 * for markdown while its code spans still render: outside them `<` and `&` become entities, so no
 * HTML (`<script>`, a `</details>` that would end a fold early) can start, and a run of backticks
 * that closes no span is escaped, so it cannot open one that swallows what follows.
 */
function inertMarkdown(text) {
    let inert = "";
    for (let at = 0; at < text.length;) {
        if (text[at] !== "`") {
            const char = text[at++];
            inert += char === "<" ? "&lt;" : char === "&" ? "&amp;" : char;
            continue;
        }
        const run = /`+/y;
        run.lastIndex = at;
        const length = run.exec(text)[0].length;
        const close = closingRun(text, at + length, length);
        if (close < 0) {
            inert += "\\`".repeat(length);
            at += length;
        }
        else {
            inert += text.slice(at, close + length);
            at = close + length;
        }
    }
    return inert;
}
/**
 * Code inside a line, safe for any text: the fence is one backtick longer than the longest run
 * of backticks inside (CommonMark), padded when the text starts or ends with one, and a line
 * break (which would end a table row) shown as a space.
 */
function inlineCode(text) {
    const flat = text.replace(/\r?\n/g, " ");
    const longestRun = longestBacktickRun(flat);
    const fence = "`".repeat(longestRun + 1);
    const pad = longestRun > 0 && (flat.startsWith("`") || flat.endsWith("`")) ? " " : "";
    return `${fence}${pad}${flat}${pad}${fence}`;
}
function details(summary, body) {
    return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

// The Prisma commands a person is told to run, worded the same everywhere: the two ways out
// of a failed migration, the baseline, status and validate. Quoted for the shell and fenced
// for Markdown, so a migration name with `$(...)`, backticks or quotes is pasted as a name,
// never run.
function resolveCommand(outcome, name) {
    return shellCommand("npx", "prisma", "migrate", "resolve", outcome, name);
}
function resolveCommands(name) {
    return [
        `If the failed migration left nothing behind (or you reverted what it did), fix the file and mark it rolled back so Prisma applies it again: ${inlineCode(resolveCommand("--rolled-back", name))}`,
        `If you completed it by hand instead, record it as applied: ${inlineCode(resolveCommand("--applied", name))}`,
    ];
}
const PRISMA_STATUS_COMMAND = shellCommand("npx", "prisma", "migrate", "status");
const PRISMA_VALIDATE_COMMAND = shellCommand("npx", "prisma", "validate");
/**
 * How to record an existing schema as the first migration (P3005), for the Prisma major in
 * use and the project's schema and migrations folder (relative to working-directory).
 */
function baselineCommands(prismaMajor, project) {
    const toSchema = prismaMajor === 7 ? "--to-schema" : "--to-schema-datamodel";
    const folder = shellCommand(`${project.migrationsDir}/0_init`);
    return [
        `mkdir -p ${folder} && ${shellCommand("npx", "prisma", "migrate", "diff", "--from-empty", toSchema, project.schema, "--script")} > ${shellCommand(`${project.migrationsDir}/0_init/migration.sql`)}`,
        resolveCommand("--applied", "0_init"),
    ];
}

export { PRISMA_STATUS_COMMAND as P, inertMarkdown as a, resolveCommands as b, codeBlock as c, details as d, PRISMA_VALIDATE_COMMAND as e, baselineCommands as f, inlineCode as i, resolveCommand as r, table as t };
