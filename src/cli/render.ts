// Results as a person reads them at a terminal, and as one JSON document. Pure: the same
// typed results the action renders into outputs and its summary.
import { PRISMA_LOCK_CALL } from "../postgres/identifiers.js";
import type { Finding } from "../check/sql-lint.js";
import type { LintResult } from "../commands/lint.js";
import type { LocksResult } from "../commands/locks.js";
import { formatDuration } from "../duration.js";
import { describeHolder, type LockHolder } from "../postgres/lock-holder.js";
import { formatBytes } from "../report/archive-section.js";
import { describeCheck } from "../preflight/checks.js";
import { hasDrift, tallyCheck } from "../report/check-tally.js";
import { contractFacts, type ContractView } from "../report/contract-section.js";
import { resolveFacts } from "../report/resolve-section.js";
import { squashFacts } from "../report/squash-section.js";
import type { ResolveReport } from "../report/resolve-report.js";
import type { ContractReport, MigrationReport, RunReport } from "../report/run-report.js";
import type { Palette } from "./reporter.js";

function list(names: readonly string[]): string {
  return names.length === 0 ? "none" : names.join(", ");
}

function contractLines(contract: ContractReport, view: ContractView, palette: Palette): string[] {
  if (contract.migrations.length === 0) return [];
  const facts = contractFacts(contract, view);
  const lines = [`Expand and contract (contract-migrations ${contract.mode}):`, ...facts.rows.map((row) => `  ${row.migration}: ${row.phase}, ${row.when} (${row.because})`)];
  if (facts.outcome) lines.push(palette.bold(plain(facts.outcome)));
  return lines;
}

function migrationLines(migration: MigrationReport, palette: Palette): string[] {
  const lines = [
    `Database: ${migration.target ?? "not reached"}${migration.prismaVersion ? `, Prisma ${migration.prismaVersion}` : ""}`,
    ...(migration.migrationsThrough ? [`Migrations go to ${migration.migrationsThrough}`] : []),
    `Pending before the run: ${migration.pendingBefore ? list(migration.pendingBefore) : "not read"}`,
  ];
  if (migration.attempts > 0 || migration.applied.length > 0) {
    lines.push(`Applied: ${list(migration.applied)} (${migration.attempts} attempt${migration.attempts === 1 ? "" : "s"} of prisma migrate deploy)`);
  }
  if (migration.contract) lines.push(...contractLines(migration.contract, {}, palette));
  if (migration.lockWaitMs > 0) lines.push(`Waited for the lock: ${formatDuration(migration.lockWaitMs)}`);
  if (migration.lockHolder) lines.push(`Lock holder: ${describeHolder(migration.lockHolder)}`);
  for (const terminated of migration.terminated) lines.push(palette.yellow(`Terminated: ${describeHolder(terminated)}`));
  const failed = migration.failedMigration;
  if (failed) {
    lines.push(palette.red(`Failed migration: ${failed.name}${failed.file ? ` (${failed.file}${failed.line ? `:${failed.line}` : ""})` : ""}`));
    if (failed.sqlState) lines.push(`  SQLSTATE ${failed.sqlState}`);
    if (failed.databaseError) lines.push(`  ${failed.databaseError}`);
    if (failed.statement) lines.push(`  ${failed.statement.split("\n").join("\n  ")}`);
    if (failed.logs) lines.push("  Logs stored in _prisma_migrations:", ...failed.logs.split("\n").map((line) => `    ${line}`));
  }
  if (migration.rolledBack && migration.rolledBack.length > 0) lines.push(`Rolled back (will be applied again): ${list(migration.rolledBack)}`);
  if (migration.editedMigrations.length > 0) lines.push(palette.yellow(`Edited after they were applied: ${list(migration.editedMigrations)}`));
  if (migration.missingLocally.length > 0) lines.push(palette.yellow(`In the database, not in prisma/migrations: ${list(migration.missingLocally)}`));
  return lines;
}

/** Markdown emphasis and code marks do not belong on a terminal. */
function plain(text: string): string {
  return text.replace(/\*\*/g, "").replace(/`/g, "");
}

function resolveLines(report: ResolveReport, palette: Palette): string[] {
  const facts = resolveFacts(report, (option) => `--${option}`);
  const lines = facts.rows.map(([label, value]) => `${label}: ${plain(value)}`);
  lines.push(...facts.notes.map(plain));
  for (const effect of facts.effects) lines.push(`  ${effect.present ? palette.green("present") : palette.red("absent ")}  ${effect.text}`);
  if (facts.logs) lines.push("Logs stored with it:", ...facts.logs.split("\n").map((line) => `  ${line}`));
  if (facts.outcome) lines.push(palette.bold(plain(facts.outcome)));
  return lines;
}

function findingLine(finding: Finding, palette: Palette): string {
  const severity = finding.severity === "error" ? palette.red("error") : palette.yellow("warning");
  return `${finding.file}:${finding.line}: ${severity} ${finding.ruleId}: ${finding.message}`;
}

/** The run's summary as text: verdict, what to do, then each step's result. */
export function renderRunText(report: RunReport, palette: Palette): string {
  const elapsed = report.finishedAt ? ` in ${formatDuration(report.finishedAt.getTime() - report.startedAt.getTime())}` : "";
  const parts: string[] = [];
  if (report.failure) {
    parts.push(palette.red(palette.bold(`✗ ${report.command} failed (${report.failure.reason})${elapsed}`)), report.failure.message);
    if (report.failure.nextSteps.length > 0) {
      parts.push(["What to do next:", ...report.failure.nextSteps.map((step, index) => `  ${index + 1}. ${step}`)].join("\n"));
    }
  } else {
    parts.push(palette.green(palette.bold(`✓ ${report.command} succeeded${elapsed}`)));
  }
  if (report.preflight && report.preflight.length > 0) {
    parts.push([palette.bold("Verified before any change"), ...report.preflight.map((check) => `  ${describeCheck(check)}`)].join("\n"));
  }
  if (report.migration) parts.push([palette.bold("Migrations"), ...migrationLines(report.migration, palette).map((line) => `  ${line}`)].join("\n"));
  if (report.archive) {
    parts.push(
      [palette.bold("Archive"), `  ${report.archive.files} files, ${formatBytes(report.archive.bytes)}, SHA-256 ${report.archive.sha256Base64}`, ...(report.archive.excludedCount > 0 ? [`  ${report.archive.excludedCount} paths left out`] : [])].join(
        "\n",
      ),
    );
  }
  if (report.upload) {
    const status = report.deployment ? report.deployment.status || "status never read" : "not followed";
    const lines = [palette.bold("Zeabur deployment"), `  ${report.upload.deploymentId}: ${status}`, `  ${report.upload.deploymentUrl}`];
    if (report.deployment && report.deployment.buildLogTail.length > 0) lines.push("  Last build log lines:", ...report.deployment.buildLogTail.map((line) => `    ${line}`));
    parts.push(lines.join("\n"));
  }
  if (report.check) {
    const check = report.check;
    const tally = tallyCheck(check);
    const lines = [palette.bold("Migration check"), `  Drift: ${hasDrift(check) ? palette.red("yes") : "none"}`, `  ${tally.errors} error(s), ${tally.warnings} warning(s), ${tally.suppressed} suppressed`];
    if (check.drift.found && check.drift.createCommand) lines.push(`  Create the missing migration: ${check.drift.createCommand}`);
    for (const finding of check.lint.filter((each) => !each.suppressed)) lines.push(`  ${findingLine(finding, palette)}`);
    for (const finding of check.history) lines.push(`  ${finding.file}: ${finding.kind}: ${finding.message}`);
    if (check.live) lines.push(`  Deploy plan: ${list(check.live.plan)}`);
    if (check.contract) lines.push(...contractLines(check.contract, { ahead: true }, palette).map((line) => `  ${line}`));
    parts.push(lines.join("\n"));
  }
  if (report.resolve) parts.push([palette.bold("Failed migration"), ...resolveLines(report.resolve, palette).map((line) => `  ${line}`)].join("\n"));
  if (report.squash) {
    const facts = squashFacts(report.squash);
    const lines = [...facts.lines.map(plain), ...facts.differences.map((difference) => palette.red(`- ${plain(difference)}`)), ...facts.databases.map(([target, outcome]) => `${target}: ${outcome}`)];
    parts.push([palette.bold("Squash"), ...lines.map((line) => `  ${line}`)].join("\n"));
  }
  if (report.warnings.length > 0) parts.push(report.warnings.map((warning) => palette.yellow(`warning: ${warning}`)).join("\n"));
  return `${parts.join("\n\n")}\n`;
}

/** Whether `status` found the database up to date: nothing pending, failed, edited or missing. */
export function statusIsClean(migration: MigrationReport | undefined): boolean {
  return (
    migration !== undefined &&
    (migration.pendingBefore?.length ?? 0) === 0 &&
    migration.failedMigration === undefined &&
    migration.editedMigrations.length === 0 &&
    migration.missingLocally.length === 0
  );
}

function holderRow(holder: LockHolder): string {
  return `pid ${holder.pid} [${holder.kind}] ${describeHolder(holder)}`;
}

export function renderLocksText(result: LocksResult, palette: Palette): string {
  const lines = [palette.bold(`Prisma's advisory lock (${PRISMA_LOCK_CALL}) on ${result.target}, ${result.observedAt.toISOString()}`)];
  lines.push(result.holder ? `  Held by ${holderRow(result.holder)}` : palette.green("  Free: nobody holds it."));
  for (const waiter of result.waiters) lines.push(`  Waiting: ${holderRow(waiter)}`);
  lines.push(palette.bold("Sessions blocked by others (pg_blocking_pids)"));
  if (result.blocked.length === 0) lines.push("  none");
  for (const blocked of result.blocked) lines.push(`  pid ${blocked.session.pid} waits for ${blocked.blockedBy.join(", ")}: ${describeHolder(blocked.session)}`);
  return `${lines.join("\n")}\n`;
}

export function renderLintText(result: LintResult, palette: Palette): string {
  const lines = result.findings.filter((finding) => !finding.suppressed).map((finding) => `${findingLine(finding, palette)}\n  ${finding.why}\n  Safe sequence: ${finding.safeSequence}`);
  lines.push(`${result.files.length} file(s): ${result.tally.errors} error(s), ${result.tally.warnings} warning(s), ${result.tally.suppressed} suppressed.`);
  return `${lines.join("\n")}\n`;
}

/** GitHub workflow commands: annotations when `lint` runs in a plain `run:` step. */
export function renderLintGithub(result: LintResult): string {
  const escape = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const property = (text: string) => escape(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return result.findings
    .filter((finding) => !finding.suppressed)
    .map((finding) => `::${finding.severity} file=${property(finding.file)},line=${finding.line},title=${property(finding.ruleId)}::${escape(`${finding.message} ${finding.why}`)}\n`)
    .join("");
}

/** One JSON document; Dates as ISO strings. */
export function toJson(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
