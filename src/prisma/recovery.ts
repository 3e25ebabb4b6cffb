// The Prisma commands a person is told to run, worded the same everywhere: the two ways out
// of a failed migration, the baseline, status and validate. Quoted for the shell and fenced
// for Markdown, so a migration name with `$(...)`, backticks or quotes is pasted as a name,
// never run.
import { inlineCode } from "../report/markdown.js";
import { shellCommand } from "../report/shell.js";

export function resolveCommand(outcome: "--rolled-back" | "--applied", name: string): string {
  return shellCommand("npx", "prisma", "migrate", "resolve", outcome, name);
}

export function resolveCommands(name: string): string[] {
  return [
    `If the failed migration left nothing behind (or you reverted what it did), fix the file and mark it rolled back so Prisma applies it again: ${inlineCode(resolveCommand("--rolled-back", name))}`,
    `If you completed it by hand instead, record it as applied: ${inlineCode(resolveCommand("--applied", name))}`,
  ];
}

export const PRISMA_STATUS_COMMAND = shellCommand("npx", "prisma", "migrate", "status");
export const PRISMA_VALIDATE_COMMAND = shellCommand("npx", "prisma", "validate");

/**
 * How to record an existing schema as the first migration (P3005), for the Prisma major in
 * use and the project's schema and migrations folder (relative to working-directory).
 */
export function baselineCommands(prismaMajor: number, project: { schema: string; migrationsDir: string }): string[] {
  const toSchema = prismaMajor === 7 ? "--to-schema" : "--to-schema-datamodel";
  const folder = shellCommand(`${project.migrationsDir}/0_init`);
  return [
    `mkdir -p ${folder} && ${shellCommand("npx", "prisma", "migrate", "diff", "--from-empty", toSchema, project.schema, "--script")} > ${shellCommand(`${project.migrationsDir}/0_init/migration.sql`)}`,
    resolveCommand("--applied", "0_init"),
  ];
}
