// The two ways out of a failed migration, worded the same wherever the action explains one.
// The commands are quoted for the shell and fenced for Markdown, so a migration name with
// `$(...)`, backticks or quotes is pasted as a name, never run.
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
