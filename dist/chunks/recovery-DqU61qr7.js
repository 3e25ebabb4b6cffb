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
function codeBlock(text, language = "") {
    const fence = text.includes("```") ? "~~~~" : "```";
    return `${fence}${language}\n${text.replace(/\s+$/, "")}\n${fence}`;
}
/**
 * Code inside a line, safe for any text: the fence is one backtick longer than the longest run
 * of backticks inside (CommonMark), padded when the text starts or ends with one, and a line
 * break (which would end a table row) shown as a space.
 */
function inlineCode(text) {
    const flat = text.replace(/\r?\n/g, " ");
    const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
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

export { PRISMA_STATUS_COMMAND as P, resolveCommands as a, PRISMA_VALIDATE_COMMAND as b, codeBlock as c, details as d, baselineCommands as e, inlineCode as i, resolveCommand as r, table as t };
