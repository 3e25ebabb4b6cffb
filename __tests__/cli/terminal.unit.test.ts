// What a person at a terminal sees: colour only for a TTY and never with NO_COLOR, a progress
// line only for a wait longer than a second, secrets never, and --help built from the table.
import { COMMAND_SPECS, commandHelp, inputReader, parseCommandLine, type ParsedCommandLine } from "../../src/cli/args.js";
import { paletteFor, terminalReporter, type TerminalStream } from "../../src/cli/reporter.js";
import { option } from "../../src/options.js";
import { registerSecret } from "../../src/redact.js";

function stream(isTTY: boolean): TerminalStream & { text: string } {
  return {
    isTTY,
    text: "",
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

const ESC = "\u001b[";

describe("colour", () => {
  test("on a TTY the warning is coloured; with NO_COLOR or without a TTY it is plain", () => {
    for (const [isTTY, env, coloured] of [
      [true, {}, true],
      [true, { NO_COLOR: "1" }, false],
      [false, {}, false],
    ] as const) {
      const out = stream(isTTY);
      terminalReporter(out, paletteFor(out, env)).warning("disk almost full");
      expect(out.text.includes(ESC)).toBe(coloured);
      expect(out.text).toContain("warning: disk almost full");
    }
  });
});

describe("progress", () => {
  test("a wait shorter than a second shows nothing; a longer one rewrites one line on a TTY", () => {
    let now = 0;
    const out = stream(true);
    const reporter = terminalReporter(out, paletteFor(out, { NO_COLOR: "1" }), { now: () => now });
    reporter.progress("waiting for pid 7");
    now = 500;
    reporter.progress("waiting for pid 7 (0.5 s)");
    expect(out.text).toBe("");
    now = 1_500;
    reporter.progress("waiting for pid 7 (1.5 s)");
    expect(out.text).toBe(`\r${ESC}2Kwaiting for pid 7 (1.5 s)`);
    reporter.info("released");
    expect(out.text.endsWith(`\r${ESC}2Kreleased\n`)).toBe(true);
  });

  test("without a TTY a long wait is a plain line now and then, not a flood", () => {
    let now = 0;
    const out = stream(false);
    const reporter = terminalReporter(out, paletteFor(out, {}), { now: () => now });
    for (now = 0; now <= 12_000; now += 250) reporter.progress(`waiting ${now}`);
    expect(out.text.split("\n").filter(Boolean)).toEqual(["waiting 1000", "waiting 11000"]);
  });
});

test("a registered secret never reaches the terminal, in any message", () => {
  const out = stream(false);
  const reporter = terminalReporter(out, paletteFor(out, {}));
  registerSecret("s3cr3t-terminal-pass");
  reporter.info("connecting with s3cr3t-terminal-pass");
  reporter.error("refused s3cr3t-terminal-pass", { file: "prisma/migrations/x/migration.sql", line: 3 });
  expect(out.text).not.toContain("s3cr3t-terminal-pass");
  expect(out.text).toContain("prisma/migrations/x/migration.sql:3: error: refused ***");
});

describe("flags from the options table", () => {
  test.each(Object.keys(COMMAND_SPECS) as Array<keyof typeof COMMAND_SPECS>)("%s --help lists each of its options with its variable", (command) => {
    const help = commandHelp(command);
    for (const name of COMMAND_SPECS[command].options) {
      const row = option(name);
      expect(help).toContain(row.flag);
      if (row.env) expect(help).toContain(`env ${row.env}`);
    }
    expect(help).toContain("--json");
  });

  test("a flag wins over its environment variable, which wins over nothing", () => {
    const parsed = parseCommandLine(["status", "--database-url", "postgresql://flag@h/db"]) as ParsedCommandLine;
    expect(inputReader(parsed, { DATABASE_URL: "postgresql://env@h/db" })("database-url")).toBe("postgresql://flag@h/db");
    const bare = parseCommandLine(["status"]) as ParsedCommandLine;
    expect(inputReader(bare, { DATABASE_URL: "postgresql://env@h/db" })("database-url")).toBe("postgresql://env@h/db");
    expect(inputReader(bare, {})("database-url")).toBe("");
  });
});
