// The pull-request check: schema against migrations (drift), history against the base
// branch, unsafe SQL in new or changed migrations, and, with database-url, the deploy plan
// and drift of the live database. Reported in the summary, annotations and one PR comment.
import path from "node:path";
import { changedMigrationFiles, compareHistories, unchangedMigrations, readSnapshotAtRef, readSnapshotFromDisk, type MigrationSnapshot } from "../check/history.js";
import { classifyMigrations } from "../check/migration-phases.js";
import { lintMigrations, type LintOptions, type MigrationFile } from "../check/sql-lint.js";
import { majorOfServerVersionNum } from "../check/postgres-version.js";
import { formatDuration } from "../duration.js";
import { contractPlanReport } from "../gate/contract-plan.js";
import { gateLockWaitBound } from "../prisma/cancel-safety.js";
import { squashCandidate, type SquashCandidate } from "../check/squash.js";
import { proveEquivalent } from "../postgres/equivalence-proof.js";
import { GateError } from "../errors.js";
import { readCatalog } from "../postgres/catalog.js";
import { diffCatalogs, reconcileRecipe, type CatalogDifference, type RecipeOptions } from "../postgres/catalog-diff.js";
import { connect, schemaOf } from "../postgres/connection.js";
import { logExcerpt, readMigrationState } from "../postgres/history.js";
import { replayMigrations } from "../postgres/replay.js";
import { runPrisma } from "../prisma/cli.js";
import { classifyDeployOutput } from "../prisma/deploy-output.js";
import { createMigrationCommand, refusedShadowFlag, schemaDriftArgs, type SchemaDriftDiff } from "../prisma/diff-args.js";
import { locatePrisma, type PrismaInstall } from "../prisma/locate.js";
import type { HistoryState } from "../prisma/migration-history.js";
import { findPrismaProject } from "../prisma/find-project.js";
import { projectFiles, readLocalMigrations, sessionUrl, urlEnvironmentVariables, type LocalMigration, type PrismaProject } from "../prisma/project.js";
import { redact } from "../redact.js";
import { renderCheckReport, type CheckReport, type LiveDatabaseReport, type SquashCheck } from "../report/check-report.js";
import { hasDrift, tallyCheck } from "../report/check-tally.js";
import type { ContractReport, RunReport } from "../report/run-report.js";
import type { CheckSettings } from "../settings.js";
import { recordChecks } from "../preflight/checks.js";
import type { Ports } from "../core/ports.js";

const DIFF_TIMEOUT_MS = 5 * 60_000;

function toPosix(file: string): string {
  return file.split(path.sep).join("/");
}

export class PullRequestCheck {
  private install!: PrismaInstall;
  private project!: PrismaProject;
  private local: LocalMigration[] = [];
  private migrationsDir = "";
  /** The PostgreSQL major the lint rules judge for: the database's own, else postgres-version, else the oldest supported. */
  private postgresVersion?: number;

  constructor(
    private readonly settings: CheckSettings,
    private readonly ports: Ports,
    private readonly runReport: RunReport,
  ) {}

  /** What migrate diff is given: every URL the schema reads points at the shadow, never the real database. */
  private diffEnvironment(): Record<string, string> {
    const env: Record<string, string> = { SHADOW_DATABASE_URL: this.settings.shadowDatabaseUrl, DATABASE_URL: this.settings.shadowDatabaseUrl };
    for (const name of urlEnvironmentVariables(this.project?.schemaFiles ?? [])) env[name] = this.settings.shadowDatabaseUrl;
    return env;
  }

  async run(): Promise<CheckReport> {
    // A comment that cannot be written is said at the start, not after the replay.
    const comment = await this.ports.review?.verify?.();
    if (comment) recordChecks([comment], this.runReport, this.ports.reporter);
    this.install = locatePrisma(this.settings.workingDirectory);
    this.project = await findPrismaProject(this.install, this.settings.workingDirectory, this.diffEnvironment());
    this.migrationsDir = this.project.migrationsDir;
    this.local = readLocalMigrations(this.migrationsDir);
    const report: CheckReport = {
      prismaVersion: this.install.version,
      project: projectFiles(this.project),
      drift: await this.schemaDrift(),
      lint: [],
      history: [],
      rulesUrl: this.ports.review?.rulesUrl,
    };
    this.runReport.check = report;
    try {
      const url = this.settings.databaseUrl;
      this.postgresVersion = url ? await this.serverMajor(url) : this.settings.postgresVersion;
      const base = await this.historyAndLint(report);
      if (this.settings.databaseUrl) report.live = await this.liveDatabase(this.sessionUrl(this.settings.databaseUrl));
      if (!base) this.lintWithoutBase(report);
    } finally {
      this.annotate(report);
    }
    await this.comment(report);
    this.decide(report);
    return report;
  }

  /** The schema and migrations folder as `migrate diff` reads them, relative to the working directory. */
  private schemaDriftDiff(): SchemaDriftDiff {
    const { schema, migrationsDir } = projectFiles(this.project);
    return { migrationsDir, schema, shadowDatabaseUrl: this.settings.shadowDatabaseUrl };
  }

  /** Paths and the generating command for the live-drift recipe, as this project has them. */
  private recipeLocations(): RecipeOptions {
    const diff = this.schemaDriftDiff();
    return { schema: diff.schema, migrationsDir: diff.migrationsDir, generateCommand: createMigrationCommand(this.install.major, diff) };
  }

  /** `migrate diff` from the migrations folder to the schema, replayed in the shadow database. */
  private async schemaDrift(): Promise<CheckReport["drift"]> {
    const diff = this.schemaDriftDiff();
    const env = this.diffEnvironment();
    const signal = AbortSignal.timeout(DIFF_TIMEOUT_MS);
    const diffOnce = (args: string[]) => runPrisma(this.install, args, { cwd: this.settings.workingDirectory, env, signal });
    let run = await diffOnce(schemaDriftArgs(this.install.major, diff));
    if (run.exitCode === 1 && refusedShadowFlag(run.stdout + run.stderr)) {
      run = await diffOnce(schemaDriftArgs(this.install.major, { ...diff, shadowDatabaseUrl: undefined }));
    }
    if (run.aborted) throw new GateError("timeout", `prisma migrate diff did not finish within ${DIFF_TIMEOUT_MS / 60_000} min.`);
    if (run.exitCode === 0) return { found: false };
    if (run.exitCode === 2) return { found: true, sql: redact(run.stdout.trim()), createCommand: createMigrationCommand(this.install.major, diff) };
    // Exit 1 is an error, never "no drift".
    const verdict = classifyDeployOutput(run.exitCode, run.stdout, run.stderr);
    const reason = verdict.kind === "fatal" && (verdict.failure.reason === "db-auth" || verdict.failure.reason === "db-unreachable") ? verdict.failure.reason : "migration-failed";
    throw new GateError(
      reason,
      `prisma migrate diff failed (exit code ${run.exitCode}), so drift between the schema and the migrations is unknown:\n${redact(lastLines(run.stderr || run.stdout, 12))}`,
      [
        "If a migration fails to replay (P3006), it does not apply cleanly to an empty database: fix it locally with `npx prisma migrate dev`.",
        "Check that shadow-database-url points at a reachable, disposable PostgreSQL database.",
      ],
    );
  }

  private baseRefCandidates(): readonly string[] {
    // A branch name given as base-ref resolves through its remote-tracking ref too, which is what
    // a shallow clone gets from `git fetch origin <branch>:refs/remotes/origin/<branch>`.
    if (this.settings.baseRef) return /^(origin\/|refs\/)/.test(this.settings.baseRef) ? [this.settings.baseRef] : [this.settings.baseRef, `origin/${this.settings.baseRef}`];
    return this.ports.review?.baseRefs ?? [];
  }

  private async readBase(): Promise<MigrationSnapshot | undefined> {
    const candidates = this.baseRefCandidates();
    if (candidates.length === 0) {
      this.ports.reporter.notice(`No base branch to compare with (not a pull request and no ${this.ports.optionName("base-ref")}): history checks are skipped.`);
      return undefined;
    }
    let lastError: unknown;
    for (const ref of candidates) {
      try {
        return await readSnapshotAtRef(this.ports.workspace, this.migrationsDir, ref);
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  private relativePath(file: string): string {
    return toPosix(path.relative(this.ports.workspace, file));
  }

  /** History and lint against the base branch; returns the base, undefined when there is none. */
  private async historyAndLint(report: CheckReport): Promise<MigrationSnapshot | undefined> {
    const head = await readSnapshotFromDisk(this.migrationsDir);
    const base = await this.readBase();
    const relativeMigrations = this.relativePath(this.migrationsDir);
    report.migrationsDir = relativeMigrations;
    if (!base) return undefined;
    let files = changedMigrationFiles(base, head, relativeMigrations);
    report.history = compareHistories(base, head, relativeMigrations);
    const squash = squashCandidate(base, head);
    if (squash) {
      report.squash = await this.proveSquash(squash, base, head);
      if (report.squash.equivalent) {
        // The removed folders are the squash's, and its baseline never runs where they ran.
        report.history = report.history.filter((finding) => !(finding.kind === "deleted" && squash.replaced.some((name) => finding.file.split("/").includes(name))));
        files = files.filter((file) => !file.path.split("/").includes(squash.baseline));
      }
    }
    report.lintScope = { kind: "pull-request", files: files.map((file) => file.path) };
    const deployed = unchangedMigrations(base, head);
    report.lint = lintMigrations(files, this.lintOptions(deployed));
    report.contract = this.previewContract(files, deployed);
    return base;
  }

  /**
   * Outside a pull request every migration would count as new. With the database, lint what a
   * deploy would run (the plan), reading the applied migrations as deployed; without it, say
   * that lint was skipped.
   */
  private lintWithoutBase(report: CheckReport): void {
    if (!report.live) {
      const reason = `there is no base branch to compare with (not a pull request, no ${this.ports.optionName("base-ref")}) and no ${this.ports.optionName("database-url")} to read the deploy plan from`;
      report.lintScope = { kind: "skipped", reason };
      this.ports.reporter.warning(`Migration SQL was not linted: ${reason}.`);
      return;
    }
    const byName = new Map(this.local.map((migration) => [migration.name, migration]));
    const asFile = (migration: LocalMigration) => ({ path: this.relativePath(migration.file), sql: migration.sql });
    const planned = report.live.plan.flatMap((name) => byName.get(name) ?? []).map(asFile);
    const deployed = report.live.applied.flatMap((name) => byName.get(name) ?? []).map(asFile);
    report.lintScope = { kind: "plan", files: planned.map((file) => file.path) };
    report.lint = lintMigrations(planned, this.lintOptions(deployed));
    report.contract = this.previewContract(planned, deployed);
  }

  /** The deploy's own lock-wait bound (ddl-lock-wait) covers the lock-timeout finding of a migration it can cancel. */
  private lintOptions(deployed: readonly MigrationFile[]): LintOptions {
    const limit = this.settings.ddlLockWaitMs;
    const options: LintOptions = { deployed, postgresVersion: this.postgresVersion };
    if (limit === 0) return options;
    return { ...options, boundedLockWait: gateLockWaitBound(this.ports.optionName("ddl-lock-wait"), formatDuration(limit)) };
  }

  /** The live database's PostgreSQL major; a database that cannot be reached fails the check here, as the live section would. */
  private async serverMajor(url: string): Promise<number> {
    const client = await connect(url);
    try {
      const result = await client.query<{ version: string }>("SELECT current_setting('server_version_num') AS version");
      return majorOfServerVersionNum(Number(result.rows[0].version));
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** The linted migrations' phases, and what the deploy's contract-migrations will make of them. */
  private previewContract(linted: readonly MigrationFile[], deployed: readonly MigrationFile[]): ContractReport {
    const asMigration = (file: MigrationFile) => ({ name: path.basename(path.dirname(file.path)), sql: file.sql });
    return contractPlanReport(classifyMigrations(linted.map(asMigration), deployed.map(asMigration)), this.settings.contractMigrations, this.ports.optionName);
  }

  /** Builds the base branch's history and this branch's from empty, and compares them. */
  private async proveSquash(squash: SquashCandidate, base: MigrationSnapshot, head: MigrationSnapshot): Promise<SquashCheck> {
    const asMigrations = (snapshot: MigrationSnapshot): LocalMigration[] =>
      [...snapshot.migrations.keys()].sort().map((name) => ({ name, file: path.join(this.migrationsDir, name, "migration.sql"), sql: snapshot.migrations.get(name) ?? "" }));
    const proof = await proveEquivalent(this.sessionUrl(this.settings.shadowDatabaseUrl), asMigrations(base), asMigrations(head), this.ports.reporter);
    return { ...squash, equivalent: proof.differences.length === 0, differences: proof.differences.map((difference) => difference.description) };
  }

  /** A URL of this project for the action's own sessions (see sessionUrl in project.ts). */
  private sessionUrl(url: string): string {
    return sessionUrl(url, this.install.major, this.project);
  }

  private async liveDatabase(url: string): Promise<LiveDatabaseReport> {
    const client = await connect(url);
    let state: HistoryState;
    let applied: string[];
    try {
      await client.query("SET default_transaction_read_only = on");
      ({ state } = await readMigrationState(client, schemaOf(url), this.local));
      applied = state.applied.filter((name) => this.local.some((migration) => migration.name === name));
      const shadow = this.sessionUrl(this.settings.shadowDatabaseUrl);
      const compared = await this.liveSchemaDrift(client, schemaOf(url), shadow, applied);
      const differences = compared.filter((difference) => difference.explanation === undefined);
      return {
        applied,
        explained: compared.filter((difference) => difference.explanation !== undefined),
        plan: state.pending,
        failed: state.unfinished.map((row) => ({ name: row.migration_name, logs: logExcerpt(row.logs) })),
        missingLocally: state.missingLocally,
        edited: state.edited,
        differences,
        recipe: differences.length > 0 ? reconcileRecipe(differences, this.recipeLocations()) : [],
      };
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async liveSchemaDrift(live: Awaited<ReturnType<typeof connect>>, schema: string, shadowUrl: string, applied: string[]): Promise<CatalogDifference[]> {
    await replayMigrations(shadowUrl, this.local, { onlyNames: applied });
    const shadow = await connect(shadowUrl);
    try {
      const expected = await readCatalog(shadow, schemaOf(shadowUrl));
      const actual = await readCatalog(live, schema);
      return diffCatalogs(expected, actual);
    } finally {
      await shadow.end().catch(() => undefined);
    }
  }

  private annotate(report: CheckReport): void {
    for (const finding of report.lint.filter((each) => !each.suppressed)) {
      const at = { title: `${finding.ruleId}: ${finding.message}`.slice(0, 200), file: finding.file, line: finding.line };
      const text = `${finding.why} Safe sequence: ${finding.safeSequence}`;
      if (finding.severity === "error") this.ports.reporter.error(text, at);
      else this.ports.reporter.warning(text, at);
    }
    for (const finding of report.history.filter((each) => each.acknowledged === undefined)) {
      const at = { title: `Migration history: ${finding.kind}`, file: `${report.migrationsDir}/${finding.file}`, line: finding.line ?? 1 };
      if (finding.severity === "error") this.ports.reporter.error(`${finding.message} ${finding.fix}`, at);
      else this.ports.reporter.warning(`${finding.message} ${finding.fix}`, at);
    }
  }

  private async comment(report: CheckReport): Promise<void> {
    if (!this.ports.review?.publish) return;
    const relative = toPosix(path.relative(this.ports.workspace, this.settings.workingDirectory));
    await this.ports.review.publish(redact(renderCheckReport(report, { forComment: true })), relative && relative !== "." ? relative : undefined);
  }

  private decide(report: CheckReport): void {
    if (this.settings.failOn === "never") return;
    if (hasDrift(report)) {
      throw new GateError(
        "drift",
        report.drift.found
          ? "The schema has changes that no migration holds: deploying would leave the database behind the code."
          : "The live database differs from what its migrations produce (a change applied by hand).",
        report.drift.found && report.drift.createCommand
          ? [`Create the missing migration: \`${report.drift.createCommand}\``, "Review the SQL in the summary, commit the new folder, and push."]
          : ["Capture the hand-applied change in a migration: the steps are in the summary under \"Against the live database\"."],
      );
    }
    const refusal = report.contract?.refusal;
    if (refusal) throw new GateError("contract-blocked", `The deploy would refuse these migrations: ${refusal.message}`, refusal.nextSteps);
    const { errors, warnings } = tallyCheck(report);
    if (errors > 0 || (this.settings.failOn === "warning" && warnings > 0)) {
      throw new GateError(
        "unsafe-migration",
        `The check found ${errors} error(s) and ${warnings} warning(s) in the migrations (${this.ports.optionName("fail-on")} ${this.settings.failOn}).`,
        [
          "Follow the safe sequence shown for each finding (expand → backfill → contract), or suppress a deliberate one with `-- gate:ignore <rule> <reason>` on the line before the statement.",
          ...(report.history.some((finding) => finding.kind === "out-of-order" && finding.severity === "error" && finding.acknowledged === undefined)
            ? ["For an out-of-order migration: rename its folder to sort after the newest migration on the base branch (while no database has applied it), or accept the order with `-- gate:ignore out-of-order <reason>` in its migration.sql."]
            : []),
        ],
      );
    }
  }
}

function lastLines(text: string, count: number): string {
  return text.split("\n").filter((line) => line.trim()).slice(-count).join("\n");
}

export async function runCheck(settings: CheckSettings, ports: Ports, report: RunReport): Promise<CheckReport> {
  return await new PullRequestCheck(settings, ports, report).run();
}
