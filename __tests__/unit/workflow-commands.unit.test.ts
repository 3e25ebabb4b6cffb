// Text the action did not write is shown as written in the log and acts as no workflow command,
// read the way the runner reads stdout.
import { inertForRunner, mayActAsWorkflowCommand } from "../../src/report/workflow-commands.js";
import { runnerCommands } from "../support/runner-commands.js";

const HOSTILE = [
  "20260101000000_init\n::error::pwned",
  "name\r::add-mask::password",
  "x\r\n  ::stop-commands::x",
  "\u0085::warning::NEL is white space to .NET",
  "\u00a0\t::set-output name=deployed::true",
  "Prisma says ##[error]legacy form, mid-line",
  "::ERROR::case does not matter",
  "::stop-commands::",
];

const TOKEN = "3f1c2a9e-7b44-4c1d-9a57-0e6b8d2f5c11";

test.each(HOSTILE)("%j acts as no command and is shown as written", (text) => {
  const written = `${inertForRunner(text, () => TOKEN)}\n`;
  // The one command acted on is the pause the action itself asked for.
  expect(runnerCommands(written)).toEqual([{ command: "stop-commands", data: TOKEN, line: `::stop-commands::${TOKEN}` }]);
  expect(written).toContain(text);
});

test("the runner model itself sees each hostile text as a command when written raw", () => {
  for (const text of HOSTILE) expect(runnerCommands(`${text}\n`).length).toBeGreaterThan(0);
});

test("the action's own commands after inert text still act: the pause ends", () => {
  const written = `${inertForRunner("a\n::stop-commands::attacker\n::attacker::", () => TOKEN)}\n::warning::ours\n`;
  expect(runnerCommands(written).map((acted) => acted.command)).toEqual(["stop-commands", "warning"]);
});

test("ordinary text goes out unchanged", () => {
  for (const text of ["Applying migration `20260101000000_init`", "Waiting for pid 42 (10 s so far, limit 121 s).", "a :: b", "C:\\path"]) {
    expect(inertForRunner(text)).toBe(text);
    expect(mayActAsWorkflowCommand(text)).toBe(false);
  }
});

test("a token that happens to be in the text is never used to end the pause", () => {
  const tokens = ["abc", "abc", "def"];
  const written = inertForRunner("::abc::\n::error::x abc", () => tokens.shift() as string);
  expect(written).toBe("::stop-commands::def\n::abc::\n::error::x abc\n::def::");
});

test("line by line, as the command line writes, each hostile line stays inert and the next pause still starts", () => {
  // Each write ends its line; the closing token must too, or the next write's pause would be its data.
  const tokens = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];
  const hostile = ["one\n::error::pwned\n", "two\n::stop-commands::attacker\n"].map((line) => inertForRunner(line, () => tokens.shift() ?? TOKEN));
  const written = `${hostile.join("")}::warning::ours\n`;
  expect(runnerCommands(written).map((acted) => `${acted.command}:${acted.data}`)).toEqual([
    "stop-commands:11111111-1111-4111-8111-111111111111",
    "stop-commands:22222222-2222-4222-8222-222222222222",
    "warning:ours",
  ]);
});
