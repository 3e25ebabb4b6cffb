// The migration gate: preflight, lock diagnosis, `prisma migrate deploy` with safe retries,
// and a check of the end state. Everything it learns goes into the MigrationReport.
import path from "node:path";
import type pg from "pg";
import { Deadline, backoffDelay, type BackoffPolicy } from "../deadline.js";
import { formatDuration } from "../duration.js";
import { GateError } from "../errors.js";
import { readLockSnapshot, terminateIdleBackend } from "../postgres/advisory-lock.js";
import { ACTION_APPLICATION_NAME, connect, describeTarget, isRetryableConnectionError, schemaOf } from "../postgres/connection.js";
import { countUserTables, readHistoryRows } from "../postgres/history.js";
import { describeHolder, mayTerminate, toLockHolder, type LockHolder } from "../postgres/lock-holder.js";
import { PrismaBackendWatcher } from "../postgres/prisma-watcher.js";
import { runPrisma, type PrismaRun } from "../prisma/cli.js";
import { classifyDeployOutput, readApplyMigrationError, type DeployFailure, type DeployVerdict } from "../prisma/deploy-output.js";
import { failedMigrationEffects } from "../prisma/failed-migration-effects.js";
import { statementAtPosition, statementNamedByError } from "../prisma/failed-statement.js";
import { locatePrisma, type PrismaInstall } from "../prisma/locate.js";
import { compareHistory, type HistoryRow, type HistoryState } from "../prisma/migration-history.js";
import { migrationsDirectory, readLocalMigrations, urlEnvironmentVariables, type LocalMigration } from "../prisma/project.js";
import { resolveCommands } from "../prisma/recovery.js";
import { redact } from "../redact.js";
import { newMigrationReport, type FailedMigration, type MigrationReport, type RunReport } from "../report/run-report.js";
import type { GateSettings } from "../settings.js";
import type { Ports, Reporter } from "../core/ports.js";

/** Polling the lock is one cheap query; back off gently so a released lock is noticed quickly. */
const LOCK_POLL: BackoffPolicy = { initialMs: 250, maxMs: 2_000, factor: 1.6, jitter: 0.3 };
/** Between Prisma attempts: exponential with jitter, so concurrent runs do not retry in step. */
const RETRY: BackoffPolicy = { initialMs: 2_000, maxMs: 30_000, factor: 2, jitter: 0.5 };
const WATCH_INTERVAL_MS = 500;
const LOG_EXCERPT_LENGTH = 2_000;

/** Whether a URL looks like a transaction-mode pooler, where session advisory locks are unreliable. */
export function looksPooled(url: string): boolean {
  const parsed = new URL(url);
  return /-pooler\./i.test(parsed.hostname) || parsed.port === "6543" || /^(true|1)$/i.test(parsed.searchParams.get("pgbouncer") ?? "");
}

/** The URL handed to Prisma: tagged with an application_name so its backends can be watched. */
function tagUrlForPrisma(url: string, tag: string): { url: string; tag?: string } {
  const parsed = new URL(url);
  if (parsed.searchParams.has("application_name")) return { url };
  parsed.searchParams.set("application_name", tag);
  return { url: parsed.toString(), tag };
}


export class MigrationGate {
  private readonly report: MigrationReport;
  private readonly warnings: string[];
  private readonly deadline: Deadline;
  private readonly databaseUrl: string;
  private readonly schema: string;
  private readonly historyTable: string;
  private install!: PrismaInstall;
  private local: LocalMigration[] = [];
  private client?: pg.Client;
  private lockPolls = 0;
  private readonly reporter: Reporter;

  constructor(
    private readonly settings: GateSettings,
    private readonly ports: Ports,
    runReport: RunReport,
    deadline?: Deadline,
  ) {
    this.reporter = ports.reporter;
    this.report = runReport.migration ?? newMigrationReport();
    runReport.migration = this.report;
    this.deadline = deadline ?? new Deadline(settings.timeoutMs, "the migration run (input timeout)");
    this.databaseUrl = settings.databaseUrl;
    this.schema = schemaOf(this.databaseUrl);
    this.historyTable = `"${this.schema.replace(/"/g, '""')}"._prisma_migrations`;
    this.warnings = runReport.warnings;
  }

  private warn(text: string): void {
    this.warnings.push(text);
    this.reporter.warning(text);
  }

  private event(text: string): void {
    this.report.lockEvents.push({ at: new Date(), text });
    this.reporter.info(text);
  }

  async run(): Promise<MigrationReport> {
    this.install = locatePrisma(this.settings.workingDirectory);
    this.report.prismaVersion = this.install.version;
    this.report.target = describeTarget(this.databaseUrl);
    this.reporter.info(`Using Prisma ${this.install.version} from ${this.install.packageDir}; database ${this.report.target}.`);
    if (looksPooled(this.databaseUrl)) {
      this.warn(
        "database-url looks like a transaction-mode pooler (PgBouncer, port 6543, a -pooler host). Prisma's advisory lock is unreliable through it and a lock can stay held after the client left. Use the direct (or session-mode) URL for migrations.",
      );
    }
    this.local = readLocalMigrations(migrationsDirectory(this.settings.workingDirectory));
    this.client = await this.connectWithRetry();
    try {
      await this.preflight();
      const applied = await this.deployWithRetries();
      this.report.applied = applied;
      await this.verifyEndState();
      return this.report;
    } finally {
      await this.client.end().catch(() => undefined);
    }
  }

  private async connectWithRetry(): Promise<pg.Client> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await connect(this.databaseUrl);
      } catch (error) {
        const gateError = error as GateError;
        const delay = backoffDelay(attempt, RETRY);
        if (!isRetryableConnectionError(gateError) || attempt >= this.settings.maxAttempts || this.deadline.remainingMs() < delay) throw gateError;
        this.reporter.info(`${gateError.message} Retrying in ${formatDuration(delay)} (attempt ${attempt + 1} of ${this.settings.maxAttempts}).`);
        await this.deadline.sleep(delay);
      }
    }
  }

  private async readState(): Promise<{ rows: HistoryRow[] | null; state: HistoryState }> {
    const rows = await readHistoryRows(this.db, this.schema);
    return { rows, state: compareHistory(this.local, rows ?? []) };
  }

  private get db(): pg.Client {
    if (!this.client) throw new Error("not connected");
    return this.client;
  }

  private async preflight(): Promise<void> {
    for (;;) {
      const { rows, state } = await this.readState();
      this.report.pendingBefore ??= state.pending;
      if (rows === null && this.local.length > 0 && (await countUserTables(this.db, this.schema)) > 0) {
        throw this.baselineError();
      }
      if (state.unfinished.length > 0) {
        const snapshot = await readLockSnapshot(this.db);
        const holder = snapshot.holder && toLockHolder(snapshot.holder);
        if (holder && holder.kind !== "idle-leftover") {
          // An unfinished row while a live session holds the lock is a migration being applied
          // right now, not a failure: wait for it, then look again.
          this.event(
            `Migration ${state.unfinished[0].migration_name} is being applied by another session (${describeHolder(holder)}) Waiting for it to finish.`,
          );
          await this.waitForFreeLock();
          continue;
        }
        throw this.previousFailureError(state.unfinished[0]);
      }
      if (state.edited.length > 0) {
        this.report.editedMigrations = state.edited;
        this.warn(
          `Already-applied migration(s) ${state.edited.join(", ")} were edited after they ran: the database will not get those edits (Prisma does not re-run or warn). Put the change in a new migration and restore the original file.`,
        );
      }
      if (state.missingLocally.length > 0) {
        this.report.missingLocally = state.missingLocally;
        this.warn(
          `The database has migration(s) that are not in prisma/migrations: ${state.missingLocally.join(", ")}. Is this branch behind the one that was deployed?`,
        );
      }
      this.reporter.info(
        state.pending.length === 0
          ? "No pending migrations: the database is up to date."
          : `Pending migrations (${state.pending.length}): ${state.pending.join(", ")}`,
      );
      return;
    }
  }

  /** Polls the advisory lock until nobody holds it; terminates a stale idle holder when allowed. */
  private async waitForFreeLock(): Promise<void> {
    const started = Date.now();
    let announced: number | undefined;
    const terminationTried = new Set<number>();
    try {
      for (;;) {
        const snapshot = await readLockSnapshot(this.db);
        if (!snapshot.holder) {
          if (announced !== undefined) this.event(`The lock was released (last held by pid ${announced}) after ${formatDuration(Date.now() - started)}.`);
          return;
        }
        const holder = toLockHolder(snapshot.holder);
        this.report.lockHolder = holder;
        if (announced !== holder.pid) {
          announced = holder.pid;
          this.warn(`Prisma's advisory lock (pg_advisory_lock(72707369)) is held by ${describeHolder(holder)}`);
        }
        const backendStart = snapshot.holder.backendStart;
        if (backendStart && !terminationTried.has(holder.pid) && mayTerminate(holder, this.settings.terminateStaleLockAfterMs)) {
          terminationTried.add(holder.pid);
          // A terminated backend exits asynchronously: look again shortly, without backing off.
          if (await this.terminate(holder, backendStart)) {
            await this.deadline.sleep(LOCK_POLL.initialMs);
            continue;
          }
        }
        if (this.deadline.expired()) throw this.lockBusyError(holder);
        this.reporter.progress(`Waiting for pid ${holder.pid} to release Prisma's lock: ${formatDuration(Date.now() - started)} so far, within ${this.deadline.describe()}`);
        await this.deadline.sleep(backoffDelay(++this.lockPolls, LOCK_POLL));
      }
    } finally {
      if (announced !== undefined) this.report.lockWaitMs += Date.now() - started;
    }
  }

  /** True when the holder was terminated; false when PostgreSQL or the re-check said no. */
  private async terminate(holder: LockHolder, backendStart: Date): Promise<boolean> {
    const result = await terminateIdleBackend(this.db, holder.pid, backendStart);
    if (result.terminated) {
      this.report.terminated.push(holder);
      this.event(
        `Terminated the stale lock holder: ${describeHolder(holder)} (idle longer than terminate-stale-lock-after = ${formatDuration(this.settings.terminateStaleLockAfterMs ?? 0)}).`,
      );
      return true;
    }
    this.event(`Did not terminate pid ${holder.pid}: ${redact(result.why)}.`);
    return false;
  }

  private async deployWithRetries(): Promise<string[]> {
    for (;;) {
      await this.waitForFreeLock();
      if (this.report.attempts >= this.settings.maxAttempts) throw this.outOfAttempts();
      this.report.attempts += 1;
      const run = await this.runDeployOnce();
      const verdict = classifyDeployOutput(run.exitCode, run.stdout, run.stderr);
      if (run.aborted) throw this.timeoutError();
      if (verdict.kind === "success") {
        this.reporter.info(
          verdict.applied.length === 0 ? "Prisma applied nothing: no migration was pending." : `Prisma applied: ${verdict.applied.join(", ")}.`,
        );
        return verdict.applied;
      }
      if (verdict.kind === "fatal") throw await this.fatalError(verdict.failure, verdict.code);
      await this.beforeRetry(verdict);
    }
  }

  private async beforeRetry(verdict: Exclude<DeployVerdict, { kind: "success" | "fatal" }>): Promise<void> {
    if (verdict.kind === "lock-timeout") {
      const snapshot = await readLockSnapshot(this.db);
      const holder = snapshot.holder && toLockHolder(snapshot.holder);
      if (holder) this.report.lockHolder = holder;
      this.event(
        `Attempt ${this.report.attempts}: Prisma timed out waiting for its advisory lock (P1002)${holder ? `, held by ${describeHolder(holder)}` : "; the lock is free again"}`,
      );
    } else {
      this.event(`Attempt ${this.report.attempts}: ${verdict.summary}`);
    }
    if (this.report.attempts >= this.settings.maxAttempts) {
      throw verdict.kind === "lock-timeout" && this.report.lockHolder ? this.lockBusyError(this.report.lockHolder) : this.outOfAttempts(verdict);
    }
    const delay = backoffDelay(this.report.attempts, RETRY);
    if (this.deadline.remainingMs() <= delay) throw verdict.kind === "lock-timeout" && this.report.lockHolder ? this.lockBusyError(this.report.lockHolder) : this.timeoutError();
    this.reporter.info(`Retrying in ${formatDuration(delay)} (attempt ${this.report.attempts + 1} of ${this.settings.maxAttempts}).`);
    await this.deadline.sleep(delay);
  }

  private async runDeployOnce(): Promise<PrismaRun> {
    const tagged = tagUrlForPrisma(this.databaseUrl, `${ACTION_APPLICATION_NAME}:migrate:${process.pid}`);
    const env: Record<string, string> = {};
    for (const name of urlEnvironmentVariables(this.settings.workingDirectory)) env[name] = tagged.url;
    const controller = new AbortController();
    const watcher = tagged.tag ? new PrismaBackendWatcher(this.db, tagged.tag, this.historyTable) : undefined;
    let warnedAboutDeadline = false;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
        if (!watching) break;
        const tick = await watcher?.tick().catch(() => undefined);
        if (!this.deadline.expired() || controller.signal.aborted) continue;
        if (tick?.holdsMigrationLock) {
          // Killing Prisma mid-migration would leave a failed migration behind; let it finish.
          if (!warnedAboutDeadline) this.warn("The timeout passed while Prisma is applying migrations; it is left to finish rather than interrupted mid-migration.");
          warnedAboutDeadline = true;
        } else {
          controller.abort();
        }
      }
    })();

    const output: string[] = [];
    let run: PrismaRun;
    try {
      run = await this.reporter.step(`prisma migrate deploy (attempt ${this.report.attempts} of ${this.settings.maxAttempts})`, () => runPrisma(this.install, ["migrate", "deploy"], {
        cwd: this.settings.workingDirectory,
        env,
        signal: controller.signal,
        onLine: (line) => {
          const clean = redact(line);
          output.push(clean);
          this.reporter.info(clean);
        },
      }));
    } finally {
      watching = false;
      await watch;
    }
    this.report.prismaOutputTail = output.slice(-40).join("\n");
    for (const observation of watcher?.observations ?? []) {
      if (this.report.blocked.some((seen) => seen.blocker.pid === observation.blocker.pid)) continue;
      this.report.blocked.push(observation);
      this.event(
        `Prisma waited for ${observation.waitingFor}${observation.migration ? ` while applying ${observation.migration}` : ""}, blocked by ${describeHolder(observation.blocker)}`,
      );
    }
    return run;
  }

  private async verifyEndState(): Promise<void> {
    const { state } = await this.readState();
    if (state.pending.length > 0 || state.unfinished.length > 0) {
      throw new GateError(
        "migration-failed",
        `Prisma reported success, but the database still shows ${state.pending.length} pending and ${state.unfinished.length} unfinished migration(s): ${[...state.pending, ...state.unfinished.map((row) => row.migration_name)].join(", ")}.`,
        ["Run `npx prisma migrate status` against the database to see its state, and check that database-url and the schema's url/directUrl point at the same database."],
      );
    }
  }

  private localFile(name: string): LocalMigration | undefined {
    return this.local.find((migration) => migration.name === name);
  }

  private async failedRow(name: string): Promise<HistoryRow | undefined> {
    const rows = await readHistoryRows(this.db, this.schema).catch(() => null);
    return rows?.filter((row) => row.migration_name === name && row.finished_at === null && row.rolled_back_at === null).pop();
  }

  private describeFailedMigration(name: string, row: HistoryRow | undefined, reported?: DeployFailure): FailedMigration {
    const local = this.localFile(name);
    // On a rerun the native engine's P3018 text is still in the failed row's logs.
    const failure = reported ?? (row?.logs ? readApplyMigrationError(row.logs) : undefined);
    const located =
      local && failure?.position !== undefined
        ? statementAtPosition(local.sql, failure.position)
        : local && failure?.databaseError
          ? statementNamedByError(local.sql, failure.databaseError)
          : undefined;
    const logs = row?.logs ? redact(row.logs).slice(0, LOG_EXCERPT_LENGTH) : undefined;
    const failed: FailedMigration = {
      name,
      file: local ? path.relative(this.ports.workspace, local.file).split(path.sep).join("/") : undefined,
      line: located?.line,
      statement: located?.statement,
      sqlState: failure?.sqlState,
      databaseError: failure?.databaseError ?? (logs ? firstMeaningfulLine(logs) : undefined),
      startedAt: row?.started_at,
      logs,
    };
    this.report.failedMigration = failed;
    if (failed.file) {
      this.reporter.error(`${failed.databaseError ?? "The migration failed"}${failed.sqlState ? ` (SQLSTATE ${failed.sqlState})` : ""}`, {
        title: `Migration ${name} failed`,
        file: failed.file,
        line: failed.line ?? 1,
      });
    }
    return failed;
  }

  private previousFailureError(row: HistoryRow): GateError {
    const failed = this.describeFailedMigration(row.migration_name, row);
    return new GateError(
      "previous-migration-failed",
      `Migration ${row.migration_name} failed in an earlier run (started ${row.started_at.toISOString()}) and is still marked as failed. Prisma will apply nothing until it is resolved, so the action stopped without retrying.${failed.databaseError ? ` Its error: ${failed.databaseError}` : ""}`,
      [
        `Find out what ${row.migration_name} left in the database: compare it with ${failed.file ?? "its migration.sql"}.`,
        ...resolveCommands(row.migration_name),
        "Run either command from the working-directory with DATABASE_URL set to the production database.",
      ],
    );
  }

  private async fatalError(failure: DeployFailure, code: string | undefined): Promise<GateError> {
    if (failure.reason === "previous-migration-failed" && failure.migration) {
      const row = await this.failedRow(failure.migration);
      if (row) return this.previousFailureError(row);
    }
    if (failure.reason === "baseline-required") return this.baselineError();
    if (failure.reason === "migration-failed" && failure.migration) {
      const row = await this.failedRow(failure.migration);
      const failed = this.describeFailedMigration(failure.migration, row, failure);
      const where = failed.file ? ` in ${failed.file}${failed.line ? `:${failed.line}` : ""}` : "";
      // P3018 comes from the native engine, which sends the file as one query; a failure
      // without a code comes from a driver adapter, which sends it statement by statement.
      const effects = failedMigrationEffects(code === "P3018" ? "one-simple-query" : "statement-by-statement", this.localFile(failure.migration)?.sql ?? "", failed.line);
      return new GateError(
        "migration-failed",
        `Migration ${failure.migration} failed${where}${failed.sqlState ? ` with SQLSTATE ${failed.sqlState}` : ""}: ${failed.databaseError ?? failure.headline}${failed.statement ? `\nFailing statement: ${failed.statement.slice(0, 300)}` : ""}.\n${effects.explanation} Nothing was deployed.`,
        [
          `Fix the SQL in ${failed.file ?? `prisma/migrations/${failure.migration}/migration.sql`}.`,
          ...resolveCommands(failure.migration),
          "Then re-run this workflow; applied migrations are skipped.",
        ],
      );
    }
    return new GateError(failure.reason, `${failure.headline}${this.report.prismaOutputTail ? ` Prisma said:\n${lastLines(this.report.prismaOutputTail, 8)}` : ""}`, nextStepsFor(failure.reason));
  }

  private baselineError(): GateError {
    const toSchema = this.install.major === 7 ? "--to-schema prisma/schema.prisma" : "--to-schema-datamodel prisma/schema.prisma";
    return new GateError(
      "baseline-required",
      "The database already has tables but no _prisma_migrations history: Prisma refuses to migrate it (P3005) until the existing schema is recorded as a baseline.",
      [
        `Create the baseline migration from the schema: \`mkdir -p prisma/migrations/0_init && npx prisma migrate diff --from-empty ${toSchema} --script > prisma/migrations/0_init/migration.sql\``,
        "Commit it, then mark it as already applied on this database: `npx prisma migrate resolve --applied 0_init`",
      ],
    );
  }

  private lockBusyError(holder: LockHolder): GateError {
    const idle = holder.kind === "idle-leftover";
    return new GateError(
      "lock-busy",
      `Prisma's advisory lock stayed held for the whole ${this.deadline.describe()}: ${describeHolder(holder)}`,
      [
        idle
          ? `If that session is a leftover, end it: \`SELECT pg_terminate_backend(${holder.pid});\` or set the input \`terminate-stale-lock-after\` (e.g. 5m) to let the action end idle leftovers itself.`
          : "That session is working (running or inside a transaction): let it finish; the action never terminates such a session.",
        "To see every session on the lock: `SELECT l.pid, a.application_name, a.client_addr, a.state, a.state_change FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND l.objid = 72707369;`",
        "Do not set PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK: it removes the only guard against two deploys migrating at once.",
      ],
    );
  }

  private timeoutError(): GateError {
    return new GateError("timeout", `The run did not finish within ${this.deadline.describe()}.`, [
      "Raise the input `timeout`, or look at the lock events in the summary to see what the run waited for.",
    ]);
  }

  private outOfAttempts(verdict?: Exclude<DeployVerdict, { kind: "success" | "fatal" }>): GateError {
    const reason = verdict?.kind === "transient" ? "db-unreachable" : "lock-busy";
    return new GateError(
      reason,
      `prisma migrate deploy did not succeed in ${this.settings.maxAttempts} attempt(s)${verdict?.kind === "transient" ? `: ${verdict.summary}` : "."}`,
      ["Look at the attempts in the summary; raise `max-attempts` if the cause is passing."],
    );
  }
}

function firstMeaningfulLine(text: string): string | undefined {
  return text
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line.length > 0 && !/^external connector error$/i.test(line));
}

function lastLines(text: string, count: number): string {
  return text.split("\n").filter((line) => line.trim()).slice(-count).join("\n");
}

function nextStepsFor(reason: DeployFailure["reason"]): string[] {
  switch (reason) {
    case "db-auth":
      return ["Check the user and password in the DATABASE_URL secret; the action does not retry wrong credentials."];
    case "db-unreachable":
      return ["Check the host, port and database name in database-url, and that the database accepts connections from GitHub's runners."];
    case "prisma-unsupported":
      return ["Run `npx prisma validate` locally to see the problem in the schema or prisma.config.ts."];
    default:
      return ["Run `npx prisma migrate status` against the database to see its state."];
  }
}

export async function runMigrate(settings: GateSettings, ports: Ports, report: RunReport, deadline?: Deadline): Promise<MigrationReport> {
  return await new MigrationGate(settings, ports, report, deadline).run();
}
