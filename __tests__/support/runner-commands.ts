// Reads a step's stdout the way GitHub's runner does (actions/runner: ActionCommandManager.TryProcessCommand,
// ActionCommand.TryParseV2 and TryParse), and lists the workflow commands it would act on.
// Written from the runner's source, independently of the action's own rule, so a test can hold one to the other.

/** The commands the runner registers (its command extensions, and stop-commands). */
const REGISTERED = ["set-env", "set-output", "save-state", "add-mask", "add-path", "add-matcher", "remove-matcher", "debug", "warning", "error", "notice", "group", "endgroup", "echo", "stop-commands"];

export interface RunnerCommand {
  readonly command: string;
  readonly data: string;
  readonly line: string;
}

/** .NET's String.TrimStart(): Char.IsWhiteSpace, which includes U+0085. */
function trimStart(line: string): string {
  return line.replace(/^[\s\u0085]+/, "");
}

function parseV2(line: string, registered: Set<string>): { command: string; data: string } | undefined {
  const message = trimStart(line);
  if (!message.startsWith("::")) return undefined;
  const end = message.indexOf("::", 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(" ");
  const command = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  return registered.has(command) ? { command, data: message.slice(end + 2) } : undefined;
}

function parseV1(line: string, registered: Set<string>): { command: string; data: string } | undefined {
  const prefix = line.indexOf("##[");
  if (prefix < 0) return undefined;
  const close = line.indexOf("]", prefix);
  if (close < 0) return undefined;
  const info = line.slice(prefix + 3, close);
  const space = info.indexOf(" ");
  const command = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  return registered.has(command) ? { command, data: line.slice(close + 1) } : undefined;
}

/** Every command the runner would act on in `stdout`, in order; a stop-commands pause is listed, its end is not. */
export function runnerCommands(stdout: string): RunnerCommand[] {
  const registered = new Set(REGISTERED);
  const acted: RunnerCommand[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const parsed = parseV2(line, registered) ?? parseV1(line, registered);
    if (!parsed) continue;
    if (stopToken !== undefined) {
      if (parsed.command === stopToken) {
        registered.delete(stopToken);
        stopToken = undefined;
      }
      continue;
    }
    acted.push({ ...parsed, line });
    if (parsed.command === "stop-commands") {
      stopToken = parsed.data.toLowerCase();
      registered.add(stopToken);
    }
  }
  return acted;
}
