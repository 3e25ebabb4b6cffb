// Runs a parsed command line: gives the commands their ports (a terminal reporter on stderr,
// the current folder, Ctrl-C as cancellation), and renders the typed results as text or one
// JSON document on stdout, with exit codes.
import { setTimeout as sleep } from "node:timers/promises";
import { failureOf, runCommand } from "../commands/run.js";
import type { Ports, Reporter } from "../core/ports.js";
import { GateError, type FailureReason } from "../errors.js";
import { option } from "../options.js";
import { redact } from "../redact.js";
import { newRunReport, type RunReport } from "../report/run-report.js";
import { FAIL_ON, postgresMajor, readSettings, requiredDatabaseUrl, type FailOn } from "../settings.js";
import { cliDialect, inputReader, type ParsedCommandLine } from "./args.js";
import { EXIT, type CliIo } from "./io.js";
import { renderLintGithub, renderLintText, renderLocksText, renderRunText, statusIsClean, toJson } from "./render.js";
import { inertForRunner } from "../report/workflow-commands.js";
import { paletteFor, terminalReporter, type Palette } from "./reporter.js";

/** Bad usage and an unreachable database are the caller's to fix before anything ran: exit 2. */
const USAGE_REASONS: readonly FailureReason[] = ["invalid-input", "db-unreachable", "db-auth", "db-tls", "transaction-pooler"];

function exitCodeFor(report: RunReport, signal: AbortSignal | undefined): number {
  if (!report.failure) return EXIT.ok;
  if (signal?.aborted || report.failure.reason === "cancelled") return EXIT.cancelled;
  return USAGE_REASONS.includes(report.failure.reason) ? EXIT.usage : EXIT.failed;
}

const LOCKS_WATCH_INTERVAL_MS = 2_000;

export async function runCommandLine(parsed: ParsedCommandLine, io: CliIo): Promise<number> {
  const palette = paletteFor(io.stderr, io.env);
  // In a workflow's `run:` step the runner reads both streams for workflow commands: text the
  // tool did not write itself (names, SQL, the database's messages) must not act as one. A JSON
  // document stays as it is: its strings hold no line breaks, so no line of it can start one.
  const forRunner = io.env.GITHUB_ACTIONS === "true" ? inertForRunner : (text: string) => text;
  const stderr = { isTTY: io.stderr.isTTY, write: (text: string) => io.stderr.write(forRunner(text)) };
  const reporter = terminalReporter(stderr, palette, { verbose: Boolean(io.env.PRISMA_GATED_DEPLOY_DEBUG) });
  const ports: Ports = { reporter, optionName: (name) => option(name as never)?.flag ?? `--${name}`, workspace: io.cwd, tempDir: io.tempDir, environment: io.env, signal: io.signal };
  const json = parsed.values.json === true || parsed.values.format === "json";
  const out = (text: string) => io.stdout.write(json ? redact(text) : forRunner(redact(text)));
  const outPalette = paletteFor(io.stdout, io.env);

  switch (parsed.command) {
    case "lint":
      return await lint(parsed, ports, json, out, outPalette);
    case "locks":
      return await locks(parsed, io, ports, json, out, outPalette);
    default:
      return await runGateCommand(parsed, io, ports, json, out, outPalette);
  }
}

function usageFailure(error: unknown, reporter: Reporter, json: boolean, out: (text: string) => void, command: string): number {
  const failure = failureOf(error, `the ${command} command`, "set PRISMA_GATED_DEPLOY_DEBUG=1");
  if (json) out(toJson({ command, ok: false, failure }));
  reporter.error([failure.message, ...failure.nextSteps.map((step) => `→ ${step}`)].join("\n"));
  return error instanceof GateError && USAGE_REASONS.includes(error.reason) ? EXIT.usage : EXIT.failed;
}

async function runGateCommand(parsed: ParsedCommandLine, io: CliIo, ports: Ports, json: boolean, out: (text: string) => void, palette: Palette): Promise<number> {
  const report = newRunReport(parsed.command);
  try {
    report.step = "reading the options";
    const settings = readSettings(inputReader(parsed, io.env), io.cwd, cliDialect(ports.reporter.registerSecret));
    report.step = `the ${settings.command} command`;
    await runCommand(settings, ports, report);
  } catch (thrown) {
    report.failure = failureOf(thrown, report.step, "set PRISMA_GATED_DEPLOY_DEBUG=1 to see more", report);
    if (!(thrown instanceof GateError)) ports.reporter.debug(thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown));
  }
  report.finishedAt = new Date();
  let exitCode = exitCodeFor(report, io.signal);
  if (parsed.command === "status" && exitCode === EXIT.ok && !statusIsClean(report.migration)) exitCode = EXIT.failed;
  if (json) {
    out(toJson({ ...report, ok: exitCode === EXIT.ok, exitCode, failureReason: report.failure?.reason ?? null }));
  } else {
    out(renderRunText(report, palette));
  }
  return exitCode;
}

async function lint(parsed: ParsedCommandLine, ports: Ports, json: boolean, out: (text: string) => void, palette: Palette): Promise<number> {
  const format = typeof parsed.values.format === "string" ? parsed.values.format : "text";
  const failOnText = typeof parsed.values["fail-on"] === "string" ? parsed.values["fail-on"] : "error";
  try {
    if (!["text", "json", "github"].includes(format)) {
      throw new GateError("invalid-input", `Invalid --format '${format}'. Expected one of: text, json, github.`, ["prisma-gated-deploy lint --help"]);
    }
    if (!(FAIL_ON as readonly string[]).includes(failOnText)) {
      throw new GateError("invalid-input", `Invalid --fail-on '${failOnText}'. Expected one of: ${FAIL_ON.join(", ")}.`, ["prisma-gated-deploy lint --help"]);
    }
    const base = typeof parsed.values.base === "string" ? parsed.values.base : undefined;
    const versionText = parsed.values["postgres-version"];
    const given = typeof versionText === "string" && versionText.trim() !== "";
    const postgresVersion = given ? postgresMajor("--postgres-version", versionText) : undefined;
    const { runLint } = await import("../commands/lint.js");
    const result = await runLint({ paths: parsed.positionals, baseRef: base, failOn: failOnText as FailOn, postgresVersion }, ports);
    if (json) out(toJson({ command: "lint", ok: !result.failed, ...result }));
    else if (format === "github") out(renderLintGithub(result));
    else out(renderLintText(result, palette));
    return result.failed ? EXIT.failed : EXIT.ok;
  } catch (error) {
    return usageFailure(error, ports.reporter, json, out, "lint");
  }
}

async function locks(parsed: ParsedCommandLine, io: CliIo, ports: Ports, json: boolean, out: (text: string) => void, palette: Palette): Promise<number> {
  try {
    const dialect = cliDialect(ports.reporter.registerSecret);
    const given = inputReader(parsed, io.env)("database-url").trim();
    if (given) dialect.registerSecret(given);
    const databaseUrl = requiredDatabaseUrl(given || undefined, "locks", dialect);
    const { runLocks } = await import("../commands/locks.js");
    for (;;) {
      const result = await runLocks({ databaseUrl }, ports);
      if (json) out(toJson({ command: "locks", ok: true, ...result }));
      else {
        if (parsed.values.watch && io.stdout.isTTY) io.stdout.write("\u001b[2J\u001b[H");
        out(renderLocksText(result, palette));
      }
      if (!parsed.values.watch) return EXIT.ok;
      const stopped = await sleep(LOCKS_WATCH_INTERVAL_MS, false, { signal: io.signal }).catch(() => true);
      if (stopped) return EXIT.ok;
    }
  } catch (error) {
    return usageFailure(error, ports.reporter, json, out, "locks");
  }
}
