// What GitHub's runner reads as a workflow command in a step's output, and how a log line the
// action did not write itself is kept from being one. Pure.
//
// The runner (actions/runner, ActionCommandManager.TryProcessCommand) reads stdout line by line and
// takes a line as a command when, after its leading white space (.NET's TrimStart), it starts with
// `::` (ActionCommand.TryParseV2), or when it holds `##[` anywhere (the older ActionCommand.TryParse).
// Command names are matched without regard to case, so no list of names is safe to rely on.
import { randomUUID } from "node:crypto";

/** .NET's white space: JavaScript's `\s` lacks U+0085 (NEL). */
const LEADING_WHITE_SPACE = /^[\s\u0085]+/;

/** How the runner splits its input into lines (StreamReader.ReadLine). */
const LINE_BREAK = /\r\n|\r|\n/;

/** Whether the runner could read this line as a workflow command. */
export function mayActAsWorkflowCommand(line: string): boolean {
  return line.replace(LEADING_WHITE_SPACE, "").startsWith("::") || line.includes("##[");
}

/**
 * `text` ready for stdout: as it is when none of its lines can act as a command; otherwise between
 * `::stop-commands::<token>` and `::<token>::`, with a token nobody can guess, as GitHub advises.
 * The runner then shows every line as written and acts on none of them.
 */
export function inertForRunner(text: string, newToken: () => string = randomUUID): string {
  if (!text.split(LINE_BREAK).some(mayActAsWorkflowCommand)) return text;
  let token = newToken();
  while (text.includes(token)) token = newToken();
  // Text that ends its line keeps ending it after the closing token, so whatever is written
  // next starts a line of its own and is read as written.
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return `::stop-commands::${token}\n${body}\n::${token}::${text.endsWith("\n") ? "\n" : ""}`;
}
