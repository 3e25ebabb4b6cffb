// The terminal front-end: parses the command line over the options table and answers --help
// and --version from it. Any other command line is run by run-command-line.ts, loaded only
// then, so that asking for help parses no command, driver or renderer.
import { commandHelp, parseCommandLine, topLevelHelp, UsageError } from "./args.js";
import { EXIT, type CliIo } from "./io.js";

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\nSee: ${error.hint}\n`);
    return EXIT.usage;
  }
  if ("help" in parsed) {
    io.stdout.write(`${topLevelHelp()}\n`);
    return EXIT.ok;
  }
  if ("version" in parsed) {
    io.stdout.write(`${io.version}\n`);
    return EXIT.ok;
  }
  if (parsed.values.help) {
    io.stdout.write(`${commandHelp(parsed.command)}\n`);
    return EXIT.ok;
  }
  return await (await import("./run-command-line.js")).runCommandLine(parsed, io);
}
