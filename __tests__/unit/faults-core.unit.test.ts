// The pure pieces the fault handling rests on: cancellation, shell and Markdown quoting of
// printed commands, the tag on Prisma's sessions, recognising a lost connection, and what a
// run applied according to the history table.
import { Cancellation, CancelledError } from "../../src/cancellation.js";
import { Deadline } from "../../src/deadline.js";
import { tagApplicationName } from "../../src/postgres/application-name.js";
import { isLostConnectionError, mentionsLostConnection } from "../../src/postgres/lost-connection.js";
import { classifyDeployOutput, parseAppliedMigrations, printedSuccess } from "../../src/prisma/deploy-output.js";
import { appliedSince, rowKey, type HistoryRow } from "../../src/prisma/migration-history.js";
import { resolveCommands } from "../../src/prisma/recovery.js";
import { codeBlock, inertMarkdown, inlineCode } from "../../src/report/markdown.js";
import { shellQuote } from "../../src/report/shell.js";
import { planArchive, unpackableNameProblem } from "../../src/zeabur/archive-plan.js";

describe("Cancellation", () => {
  test("the first signal stops waits at once; the second ends children", async () => {
    const cancellation = new Cancellation();
    const deadline = new Deadline(60_000, "the run", Date.now, cancellation);
    const sleeping = deadline.sleep(60_000, "the lock");
    cancellation.request("SIGINT", 60_000);
    await expect(sleeping).rejects.toThrow(new CancelledError("SIGINT", "while waiting for the lock"));
    expect(cancellation.endSignal.aborted).toBe(false);
    cancellation.request("SIGTERM");
    expect(cancellation.endSignal.aborted).toBe(true);
    expect(cancellation.signalName).toBe("SIGINT");
  });

  test("the grace period ends children when no second signal comes", async () => {
    const cancellation = new Cancellation();
    cancellation.request("SIGINT", 10);
    await new Promise((resolve) => cancellation.endSignal.addEventListener("abort", resolve));
    expect(cancellation.endSignal.aborted).toBe(true);
  });

  test("a wait started after the signal does not start", async () => {
    const cancellation = new Cancellation();
    cancellation.request("SIGTERM", 60_000);
    await expect(new Deadline(60_000, "the deployment", Date.now, cancellation).sleep(1)).rejects.toMatchObject({ reason: "cancelled" });
    cancellation.request("SIGTERM");
  });
});

describe("shellQuote", () => {
  test("leaves plain migration names alone", () => {
    expect(shellQuote("20260101000000_init")).toBe("20260101000000_init");
  });

  test.each([
    ["$(touch /tmp/pwned)", "'$(touch /tmp/pwned)'"],
    ["`id`", "'`id`'"],
    ["it's", "'it'\\''s'"],
    ["with space", "'with space'"],
    ["a;b|c&d>e", "'a;b|c&d>e'"],
    ["", "''"],
  ])("quotes %j as %s", (name, quoted) => {
    expect(shellQuote(name)).toBe(quoted);
  });

  test("resolve commands never put a name inside double quotes", () => {
    const [rolledBack] = resolveCommands('20260102_$(rm -rf ~)_"x"');
    expect(rolledBack).toContain(`npx prisma migrate resolve --rolled-back '20260102_$(rm -rf ~)_"x"'`);
  });
});

describe("inlineCode", () => {
  test("fences text containing backticks with a longer run", () => {
    expect(inlineCode("a`b")).toBe("``a`b``");
    expect(inlineCode("a``b")).toBe("```a``b```");
    expect(inlineCode("`x`")).toBe("`` `x` ``");
  });

  test("keeps a table row on one line", () => {
    expect(inlineCode("a\nb")).toBe("`a b`");
  });
});

describe("inertMarkdown", () => {
  test("no HTML can start outside code: a script, or a </details> that would end a fold early", () => {
    expect(inertMarkdown("refused <script>alert(1)</script> </details> & more")).toBe(
      "refused &lt;script>alert(1)&lt;/script> &lt;/details> &amp; more",
    );
  });

  test("the action's own code spans render as they are, whatever they quote", () => {
    const step = "Run ``npx prisma migrate resolve --rolled-back 'a_`id`_<b>'`` then re-run.";
    expect(inertMarkdown(step)).toBe(step);
  });

  test("a backtick that closes no span is escaped, so it cannot swallow what follows", () => {
    expect(inertMarkdown("20260101_a`b failed: table | cell")).toBe("20260101_a\\`b failed: table | cell");
  });
});

describe("codeBlock", () => {
  test("the fence is longer than any run of backticks inside, so nothing in it ends the block", () => {
    expect(codeBlock("a\n````\n~~~~\nb")).toBe("`````\na\n````\n~~~~\nb\n`````");
    expect(codeBlock("plain")).toBe("```\nplain\n```");
  });
});

describe("tagApplicationName", () => {
  const url = "postgresql://u:p@h:5432/db";

  test("names Prisma's sessions with the tag alone when the URL has no name", () => {
    expect(tagApplicationName(url, "prisma-gated-deploy:migrate:42")).toEqual({
      url: `${url}?application_name=prisma-gated-deploy%3Amigrate%3A42`,
      applicationName: "prisma-gated-deploy:migrate:42",
    });
  });

  test("keeps the user's name and appends the tag, within PostgreSQL's 63 bytes", () => {
    const tagged = tagApplicationName(`${url}?application_name=${"billing-api-".repeat(8)}&schema=app`, "prisma-gated-deploy:migrate:42");
    expect(tagged.applicationName.length).toBeLessThanOrEqual(63);
    expect(tagged.applicationName).toMatch(/^billing-api-.*\/prisma-gated-deploy:migrate:42$/);
    expect(new URL(tagged.url).searchParams.get("application_name")).toBe(tagged.applicationName);
    expect(new URL(tagged.url).searchParams.get("schema")).toBe("app");
  });

  test("writes non-ASCII characters as PostgreSQL would show them", () => {
    expect(tagApplicationName(`${url}?application_name=caf%C3%A9`, "t").applicationName).toBe("caf?/t");
  });
});

describe("lost connections", () => {
  test.each([
    ["FATAL:  terminating connection due to administrator command", undefined],
    ["terminating connection due to administrator command", "57P01"],
    ["the database system is shutting down", "57P03"],
    ["server closed the connection unexpectedly", undefined],
    ["Connection terminated unexpectedly", undefined],
    ["read ECONNRESET", undefined],
    ["unexpected EOF on client connection", undefined],
    ["Error { kind: Closed, cause: None }", undefined],
  ])("%s is a lost connection", (text, sqlState) => {
    expect(mentionsLostConnection(text, sqlState)).toBe(true);
  });

  test.each([
    ['relation "Missing" does not exist', "42P01"],
    ['FATAL:  password authentication failed for user "app"', "28P01"],
    ['FATAL:  database "nope" does not exist', "3D000"],
  ])("%s is not", (text, sqlState) => {
    expect(mentionsLostConnection(text, sqlState)).toBe(false);
  });

  test("reads node-postgres errors by code and message", () => {
    expect(isLostConnectionError(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isLostConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isLostConnectionError(Object.assign(new Error('relation "x" does not exist'), { code: "42P01" }))).toBe(false);
    expect(isLostConnectionError("not an error")).toBe(false);
  });

  test("a P3018 whose database error is a shutdown is a lost connection, not a failed migration", () => {
    const stderr = [
      "Error: P3018",
      "",
      "A migration failed to apply.",
      "",
      "Migration name: 20260102000000_backfill",
      "",
      "Database error code: 57P01",
      "",
      "Database error:",
      "FATAL: terminating connection due to administrator command",
    ].join("\n");
    expect(classifyDeployOutput(1, "", stderr)).toMatchObject({ kind: "connection-lost", migration: "20260102000000_backfill" });
  });

  test("the JS engine's lost connection, with its backtrace, names the migration and not a backtrace line", () => {
    const stderr = [
      "Error: external connector error",
      "Connection terminated unexpectedly",
      "   0: sql_schema_connector::apply_migration::apply_script",
      '           with migration_name="20260102000000_backfill"',
    ].join("\n");
    const verdict = classifyDeployOutput(1, "", stderr);
    expect(verdict).toMatchObject({ kind: "connection-lost", migration: "20260102000000_backfill", detail: "Connection terminated unexpectedly" });
  });

  test("P1017 is a lost connection", () => {
    const verdict = classifyDeployOutput(1, "", "Error: P1017\n\nServer has closed the connection.\n");
    expect(verdict.kind).toBe("connection-lost");
    expect(verdict.kind === "connection-lost" && verdict.summary).toBe("The database connection was lost while Prisma was working (P1017): Server has closed the connection.");
  });
});

describe("what a run applied", () => {
  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
  const row = (name: string, started: number, finished: number | null): HistoryRow => ({
    migration_name: name,
    checksum: "",
    started_at: at(started),
    finished_at: finished === null ? null : at(finished),
    rolled_back_at: null,
    logs: null,
  });

  test("the migrations finished since the attempt started, in order, without the failed one", () => {
    const rows = [row("a", 0, 1), row("b", 10, 11), row("c with space", 12, 13), row("d", 14, null)];
    expect(appliedSince(rows, new Set(["a"]))).toEqual(["b", "c with space"]);
  });

  test("not the rows known to be another session's", () => {
    const rows = [row("b", 10, 11), row("c", 12, 13)];
    expect(appliedSince(rows, new Set(), new Set([rowKey(rows[0])]))).toEqual(["c"]);
  });

  test("Prisma's list keeps names with spaces", () => {
    const stdout = "The following migration(s) have been applied:\n\nmigrations/\n  └─ 20260101000000_add user table/\n    └─ migration.sql\n";
    expect(parseAppliedMigrations(stdout)).toEqual(["20260101000000_add user table"]);
  });

  test("printedSuccess recognises the final line only", () => {
    expect(printedSuccess("…\nAll migrations have been successfully applied.\n")).toBe(true);
    expect(printedSuccess("No pending migrations to apply.\n")).toBe(true);
    expect(printedSuccess("Applying migration `x`\n")).toBe(false);
  });
});

describe("archive names", () => {
  test.each(["read me.txt", "line\nbreak.js", "café-日本語/🚀.txt", "a'b\"c$(x)`y`"])("%j is stored as it is", (name) => {
    expect(unpackableNameProblem(name)).toBeUndefined();
  });

  test("a backslash is named while planning, and the file is not packaged", () => {
    const plan = planArchive({
      exclude: [],
      listDirectory: (folder) => (folder === "" ? [{ name: "ok.txt", kind: "file" }, { name: "win\\path.txt", kind: "file" }] : []),
    });
    expect(plan.files).toEqual(["ok.txt"]);
    expect(plan.unpackableNames).toEqual([{ path: "win\\path.txt", why: expect.stringContaining("backslash") }]);
  });

  test("a file left out by the exclude input is not refused", () => {
    const plan = planArchive({ exclude: ["*.txt"], listDirectory: (folder) => (folder === "" ? [{ name: "win\\path.txt", kind: "file" }] : []) });
    expect(plan.unpackableNames).toEqual([]);
  });
});
