// Text from outside (migration folder names, Prisma's output, the database's messages) that
// holds workflow commands or markup, through the bundle: the runner, reading stdout as it does,
// acts on none of it, and the summary's markdown stays whole; the text itself is still readable.
import { createFixtureApp, INIT_USER_SQL } from "../support/fixture-app.js";
import { createDatabase, passwordOf } from "../support/database.js";
import { faultTest } from "../support/faults.js";
import { runAction } from "../support/run-action.js";
import { runCli } from "../support/run-cli.js";
import { runnerCommands } from "../support/runner-commands.js";
import { expectSecretAbsent } from "../support/secrets.js";

/** The summary without its code (fenced blocks and code spans): where markup would act. */
function outsideCode(markdown: string): string {
  return markdown.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?\n\1$/gm, "").replace(/(`+)[\s\S]*?\1/g, "");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The commands the runner would act on that the action did not write: any command carrying one
 * of the injected payloads, and any pause of command processing whose token is not the action's.
 */
function injectedCommands(output: string, payloads: readonly string[]): string[] {
  return runnerCommands(output)
    .filter((acted) => payloads.some((payload) => acted.data.trim() === payload) || (acted.command === "stop-commands" && !UUID.test(acted.data)))
    .map((acted) => acted.line);
}

faultTest(
  {
    id: "migration-names-with-workflow-commands",
    area: "Input",
    fault: "Migration folder names holding a line break followed by `::error::`, `::add-mask::`, `::stop-commands::` and `##[warning]`",
    action: "Writes every log line holding such text between `::stop-commands::<random token>` and `::<token>::`, so the runner shows it and acts on none of it",
    userSees: "The names as they are in the log, the outputs and the summary; no annotation, mask or pause the names asked for",
  },
  async () => {
    const url = await createDatabase("inject_names");
    const app = createFixtureApp();
    const names = [
      "20260101000000_init\n::error::pwned-by-name",
      "20260102000000_mask\n::add-mask::masked-by-name",
      "20260103000000_stop\n  ::stop-commands::pause-by-name",
      "20260104000000_legacy ##[warning]legacy-by-name",
    ];
    app.addMigration(names[0], INIT_USER_SQL);
    app.addMigration(names[1], `ALTER TABLE "User" ADD COLUMN "a" TEXT;\n`);
    app.addMigration(names[2], `ALTER TABLE "User" ADD COLUMN "b" TEXT;\n`);
    app.addMigration(names[3], `ALTER TABLE "User" ADD COLUMN "c" TEXT;\n`);
    const run = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs.pending)).toEqual(names);
    expect(injectedCommands(run.stdout, ["pwned-by-name", "masked-by-name", "pause-by-name", "legacy-by-name"])).toEqual([]);
    // Still readable: the log shows each name's lines as they are.
    for (const name of names) for (const line of name.split("\n")) expect(run.stdout).toContain(line);
    expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "database-message-with-commands-and-markup",
    area: "Input",
    fault: "A migration fails with a database message holding `::error::`, `::add-mask::`, `##[`, `<script>`, `</details>`, `|` and a stray backtick",
    action: "Logs Prisma's output and the message inert for the runner; quotes the message in the summary with HTML and stray backticks neutralised",
    userSees: "`failure-reason: migration-failed` with the database's message readable in log and summary; no injected command; every fold of the summary whole",
  },
  async () => {
    const url = await createDatabase("inject_db");
    const app = createFixtureApp();
    const firstLine = "refused <script>alert(1)</script> </details> | cell `tick";
    const message = `${firstLine}\n::error::pwned-by-db\n::add-mask::masked-by-db\n##[set-output name=x]legacy-by-db`;
    app.addMigration("20260101000000_refused", `DO $$ BEGIN RAISE EXCEPTION E'${message.replace(/\n/g, "\\n")}'; END $$;\n`);
    const run = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
    expect(run.outputs["failure-reason"]).toBe("migration-failed");
    expect(injectedCommands(run.stdout, ["pwned-by-db", "masked-by-db", "legacy-by-db"])).toEqual([]);
    expect(run.stdout).toContain("::error::pwned-by-db");
    expect(run.stdout).toContain(firstLine);
    const markup = outsideCode(run.summary);
    expect(markup).not.toMatch(/<script/i);
    expect(markup.match(/<details>/g)?.length).toBe(markup.match(/<\/details>/g)?.length);
    // Readable: the message is quoted with its characters shown as they are.
    expect(run.summary).toContain("refused &lt;script>alert(1)&lt;/script> &lt;/details> \\| cell \\`tick");
    expectSecretAbsent(run, passwordOf(url));
  },
);

faultTest(
  {
    id: "cli-in-a-run-step-with-workflow-commands",
    area: "Input",
    fault: "The command line runs in a workflow's `run:` step (GITHUB_ACTIONS=true) on migrations whose folder names hold `::error::` and `::stop-commands::`",
    action: "Writes its terminal output (stderr's progress and stdout's report) inert for the runner, as the action does; `--json` stays one document",
    userSees: "The names as they are in the step's log, and no annotation or pause they asked for; `--json` parses",
  },
  async () => {
    const url = await createDatabase("inject_cli");
    const app = createFixtureApp();
    const names = ["20260101000000_init\n::error::pwned-by-cli", "20260102000000_stop\n::stop-commands::pause-by-cli"];
    app.addMigration(names[0], INIT_USER_SQL);
    app.addMigration(names[1], `ALTER TABLE "User" ADD COLUMN "a" TEXT;\n`);
    const env = { GITHUB_ACTIONS: "true" };
    const run = await runCli(["migrate", "--database-url", url, "--working-directory", app.dir], { env });
    expect(run.exitCode).toBe(0);
    for (const output of [run.stdout, run.stderr]) expect(injectedCommands(output, ["pwned-by-cli", "pause-by-cli"])).toEqual([]);
    for (const line of names[0].split("\n")) expect(run.stdout + run.stderr).toContain(line);
    const status = await runCli(["status", "--database-url", url, "--working-directory", app.dir, "--json"], { env });
    expect(status.json<{ ok: boolean }>().ok).toBe(true);
  },
);
