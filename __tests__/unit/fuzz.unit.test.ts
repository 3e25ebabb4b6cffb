// Property-based tests of the pure parsers and input handling: whatever they are given, they
// answer, or throw the project's own GateError; never anything else.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { lintMigrations } from "../../src/check/sql-lint.js";
import { parseDuration } from "../../src/duration.js";
import { GateError } from "../../src/errors.js";
import { tagApplicationName } from "../../src/postgres/application-name.js";
import { mentionsLostConnection } from "../../src/postgres/lost-connection.js";
import { classifyDeployOutput, parseAppliedMigrations } from "../../src/prisma/deploy-output.js";
import { statementAtPosition, statementNamedByError } from "../../src/prisma/failed-statement.js";
import { inlineCode } from "../../src/report/markdown.js";
import { shellQuote } from "../../src/report/shell.js";
import { actionDialect, readSettings, secretFormsOfUrl } from "../../src/settings.js";
import { lex, splitStatements } from "../../src/sql/lexer.js";
import { planArchive, unpackableNameProblem, type DirectoryEntry } from "../../src/zeabur/archive-plan.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const outputs = path.join(here, "..", "fixtures", "prisma-output");
/** Lines of the real CLI's texts: fuzzed outputs are made of them, shuffled, cut and mixed with noise. */
const realLines = readdirSync(outputs)
  .filter((file) => file.endsWith(".txt"))
  .flatMap((file) => readFileSync(path.join(outputs, file), "utf8").split("\n"));

const RUNS = { numRuns: 300 };

/** Runs `body`; anything thrown must be the project's GateError. */
function onlyGateErrors(body: () => unknown): void {
  try {
    body();
  } catch (error) {
    expect(error).toBeInstanceOf(GateError);
  }
}

const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }));
const outputText = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...realLines) }, { weight: 1, arbitrary: text }), { maxLength: 40 })
  .map((lines) => lines.join("\n"));

describe("Prisma output classification", () => {
  test("always gives a verdict, for any exit code and any text made of real and random lines", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 255 }), outputText, outputText, (exitCode, stdout, stderr) => {
        const verdict = classifyDeployOutput(exitCode, stdout, stderr);
        expect(["success", "lock-timeout", "transient", "connection-lost", "fatal"]).toContain(verdict.kind);
        if (verdict.kind === "success") expect(verdict.applied.every((name) => typeof name === "string" && !name.includes("/"))).toBe(true);
      }),
      RUNS,
    );
  });

  test("the applied list is read back whole, whatever the names (spaces included)", () => {
    const name = fc.stringMatching(/^\d{14}_[^/\n]{1,30}$/).filter((candidate) => candidate.trim() === candidate);
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), (names) => {
        const stdout = `The following migration(s) have been applied:\n\nmigrations/\n${names.map((each) => `  └─ ${each}/\n    └─ migration.sql`).join("\n")}\n\nAll migrations have been successfully applied.\n`;
        expect(parseAppliedMigrations(stdout)).toEqual(names);
      }),
      RUNS,
    );
  });

  test("lost-connection recognition answers for any text", () => {
    fc.assert(fc.property(text, fc.option(fc.string({ minLength: 5, maxLength: 5 })), (message, sqlState) => void mentionsLostConnection(message, sqlState ?? undefined)), RUNS);
  });
});

describe("durations", () => {
  test("any text parses to nothing or to a whole number of milliseconds a timer can wait", () => {
    const durationLike = fc.oneof(text, fc.stringMatching(/^\d{1,400}(\.\d{0,3})?(ms|s|m|h)?$/));
    fc.assert(
      fc.property(durationLike, (candidate) => {
        const ms = parseDuration(candidate);
        if (ms !== undefined) {
          expect(Number.isSafeInteger(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
          expect(ms).toBeLessThanOrEqual(2_147_483_647);
        }
      }),
      RUNS,
    );
  });

  test("written durations read back", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.constantFrom(["ms", 1], ["s", 1000], ["m", 60_000], ["h", 3_600_000] as const), (amount, [unit, factor]) => {
        expect(parseDuration(`${amount}${unit}`)).toBe(amount * (factor as number));
      }),
      RUNS,
    );
  });
});

describe("URLs and settings", () => {
  const urlLike = fc.oneof(
    text,
    fc.webUrl(),
    fc
      .tuple(fc.string(), fc.string(), fc.domain(), fc.integer({ min: 0, max: 70_000 }), fc.string())
      .map(([user, password, host, port, database]) => `postgresql://${user}:${password}@${host}:${port}/${database}`),
    fc.tuple(fc.string(), fc.string()).map(([password, rest]) => `postgres://u:${encodeURIComponent(password)}@h/${rest}`),
  );

  test("any database-url is accepted or refused with invalid-input, never a crash", () => {
    fc.assert(
      fc.property(urlLike, (url) => {
        onlyGateErrors(() => readSettings((name) => ({ command: "migrate", "database-url": url })[name as string] ?? "", process.cwd(), actionDialect(() => undefined)));
        expect(secretFormsOfUrl(url)).not.toContain("");
      }),
      RUNS,
    );
  });

  test("Prisma's tag survives whole in any application_name the user chose, within PostgreSQL's 63 bytes", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 4_194_304 }), (own, pid) => {
        const url = `postgresql://u:p@localhost:5432/db?application_name=${encodeURIComponent(own)}`;
        const tag = `prisma-gated-deploy:migrate:${pid}`;
        const tagged = tagApplicationName(url, tag);
        expect(tagged.applicationName.endsWith(tag)).toBe(true);
        expect(Buffer.byteLength(tagged.applicationName)).toBeLessThanOrEqual(63);
        expect(tagged.applicationName).toMatch(/^[\x20-\x7e]*$/);
        expect(new URL(tagged.url).searchParams.get("application_name")).toBe(tagged.applicationName);
      }),
      RUNS,
    );
  });
});

describe("ignore patterns and archive names", () => {
  const entryName = fc.oneof(fc.constantFrom(".env", ".git", "node_modules", "dist", "a b", "x\\y", "é", ".env.local"), fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !name.includes("/") && name !== "." && name !== ".."));
  const tree = fc.uniqueArray(fc.tuple(entryName, fc.constantFrom<DirectoryEntry["kind"]>("file", "directory", "symlink", "other")), { selector: ([name]) => name, maxLength: 12 });
  const patterns = fc.array(fc.oneof(text, fc.constantFrom("*.log", "!.env.production", "dist/", "/a b", "**/x", "\\#", "[", "a/**/b")), { maxLength: 10 });

  test("any ignore file and exclude lines over any tree give a plan or a GateError", () => {
    fc.assert(
      fc.property(tree, tree, fc.option(patterns), patterns, (rootEntries, nested, ignoreLines, exclude) => {
        onlyGateErrors(() => {
          const plan = planArchive({
            gitignore: ignoreLines === null ? undefined : ignoreLines.join("\n"),
            exclude,
            listDirectory: (folder) => (folder === "" ? rootEntries.map(([name, kind]) => ({ name, kind })) : folder.split("/").length < 3 ? nested.map(([name, kind]) => ({ name, kind })) : []),
          });
          for (const file of plan.files) expect(unpackableNameProblem(file)).toBeUndefined();
        });
      }),
      { numRuns: 200 },
    );
  });

  test("a name is either stored as it is or refused with a reason", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (name) => {
        const why = unpackableNameProblem(name);
        if (why === undefined) expect(/[\\\0\uFFFD]/.test(name)).toBe(false);
        else expect(why.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});

describe("SQL lexer and linter", () => {
  const sqlFragments = fc.constantFrom(
    "ALTER TABLE \"User\" ADD COLUMN \"age\" INTEGER NOT NULL;",
    "CREATE INDEX i ON t(a);",
    "DROP TABLE x;",
    "UPDATE t SET a = 1;",
    "-- gate:ignore drop-column reason\n",
    "/* unterminated",
    "$$ body $$",
    "$tag$ unterminated",
    "'it''s'",
    "E'\\\\'",
    "\"quoted \"\" ident\"",
    "BEGIN;",
    "COMMIT;",
    ";;;",
    "CREATE TYPE \"Role\" AS ENUM ('A', 'B');",
    "ALTER TYPE \"Role\" RENAME VALUE 'A' TO 'C';",
  );
  const sql = fc.array(fc.oneof({ weight: 3, arbitrary: sqlFragments }, { weight: 1, arbitrary: text }), { maxLength: 30 }).map((parts) => parts.join("\n"));

  test("lexing, splitting and locating never fail", () => {
    fc.assert(
      fc.property(sql, fc.integer({ min: -5, max: 5_000 }), text, (source, position, error) => {
        lex(source);
        const statements = splitStatements(source);
        expect(Array.isArray(statements)).toBe(true);
        statementAtPosition(source, position);
        statementNamedByError(source, error);
      }),
      RUNS,
    );
  });

  test("linting any migrations gives findings, never a crash", () => {
    fc.assert(
      fc.property(fc.array(sql, { minLength: 1, maxLength: 3 }), (files) => {
        onlyGateErrors(() => {
          const findings = lintMigrations(files.map((source, index) => ({ path: `prisma/migrations/2026010${index}_m/migration.sql`, sql: source })));
          expect(Array.isArray(findings)).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("printed commands", () => {
  test("a shell gives back exactly the argument that was quoted", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }).filter((value) => !value.includes("\0")), (argument) => {
        const echoed = execFileSync("/bin/sh", ["-c", `printf '%s' ${shellQuote(argument)}`], { encoding: "utf8" });
        expect(echoed).toBe(argument);
      }),
      { numRuns: 100 },
    );
  });

  test("inline code is fenced by more backticks than any run inside it", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("`", "a", " ", "\n", "|") }), (content) => {
        const fenced = inlineCode(content);
        const fence = /^`+/.exec(fenced)?.[0] ?? "";
        const inner = fenced.slice(fence.length, fenced.length - fence.length);
        expect(fenced.endsWith(fence)).toBe(true);
        expect(Math.max(0, ...(inner.match(/`+/g) ?? []).map((run) => run.length))).toBeLessThan(fence.length);
        expect(fenced).not.toContain("\n");
      }),
      RUNS,
    );
  });
});
