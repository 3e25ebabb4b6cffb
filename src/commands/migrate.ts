// The migration gate: preflight, lock diagnosis, `prisma migrate deploy` with safe retries,
// and a check of the end state. Everything it learns goes into the MigrationReport.
import { PRISMA_LOCK_CALL } from "../postgres/identifiers.js";
import path from "node:path";
import type pg from "pg";
import { CancelledError } from "../cancellation.js";
import { Deadline, backoffDelay } from "../deadline.js";
import { connectionRetryDelay, decideAfterAttempt, decideStopPrisma, LOCK_POLL, proveRolledBack, RETRY, type RetryableVerdict } from "../gate/decisions.js";
import { baselineError, cancelledWaitLeftOversError, lockBusyError, lockContentionError, nextStepsFor, outOfAttemptsError, rollbackMarkFailedError, timeoutError } from "../gate/failures.js";
import { formatDuration } from "../duration.js";
import { GateError } from "../errors.js";
import { readLockSnapshot, terminateBackendsNamed, terminateIdleBackend } from "../postgres/advisory-lock.js";
import { tagApplicationName } from "../postgres/application-name.js";
import { ACTION_APPLICATION_NAME, CONNECT_TIMEOUT_MS, connect, describeTarget, isRetryableConnectionError, schemaOf } from "../postgres/connection.js";
import { countUserTables, logExcerpt, readHistoryRows, readMigrationState, type MigrationState } from "../postgres/history.js";
import { describeHolder, mayTerminate, toLockHolder, type LockHolder } from "../postgres/lock-holder.js";
import { describeBackup, takeBackup } from "../backup/take-backup.js";
import { LockWaitGuard, type SchemaRows } from "../postgres/lock-wait-guard.js";
import { isLostConnectionError } from "../postgres/lost-connection.js";
import { PrismaBackendWatcher, type LockWait } from "../postgres/prisma-watcher.js";
import { decideLockWait } from "../prisma/cancel-safety.js";
import { runPrisma, type PrismaRun } from "../prisma/cli.js";
import { appliesMigrationsPrefix, writeMigrationsPrefix, type MigrationsPrefix } from "../prisma/migrations-prefix.js";
import { classifyMigrations } from "../check/migration-phases.js";
import { contractPlanReport } from "../gate/contract-plan.js";
import { classifyDeployOutput, printedNothingPending, printedSuccess, readApplyMigrationError, type DeployFailure, type DeployVerdict } from "../prisma/deploy-output.js";
import { failedMigrationEffects, type FailedMigrationEffects } from "../prisma/failed-migration-effects.js";
import { statementAtPosition, statementNamedByError } from "../prisma/failed-statement.js";
import { locatePrisma, type PrismaInstall } from "../prisma/locate.js";
import { finishedNames, rowKey, type HistoryRow, type HistoryState } from "../prisma/migration-history.js";
import { migrationDeliveryOf } from "../prisma/engine-kind.js";
import { shellCommand } from "../report/shell.js";
import { appliedByAttempt } from "../gate/applied.js";
import { findPrismaProject } from "../prisma/find-project.js";
import { projectFiles, readLocalMigrations, sessionUrl, type LocalMigration, type PrismaProject } from "../prisma/project.js";
import { readEngineTls, tlsNotes } from "../postgres/tls.js";
import type { MigrationRoute } from "../prisma/migration-url.js";
import { configLoadEnvironment, refuseTransactionPooler, routeMigrations, type RoutedMigrations } from "../gate/migration-route.js";
import { PRISMA_STATUS_COMMAND, resolveCommand, resolveCommands } from "../prisma/recovery.js";
import { redact } from "../redact.js";
import { inlineCode } from "../report/markdown.js";
import { newMigrationReport, type CancelledLockWait, type FailedMigration, type MigrationReport, type RunReport } from "../report/run-report.js";
import type { GateSettings } from "../settings.js";
import type { Ports, Reporter } from "../core/ports.js";
import { verifyDatabase } from "../preflight/verify.js";
import { readRoleFacts } from "../postgres/privileges.js";

/** Often enough that a cancelled lock wait stalls the application barely longer than ddl-lock-wait. */
const WATCH_INTERVAL_MS = 250;

/** A lock wait cancelled in the current attempt, with the schema as it was before the migration. */
interface CancelledWaitInProgress extends CancelledLockWait {
  schemaBefore: SchemaRows;
}


export class MigrationGate {
  private readonly report: MigrationReport;
  private readonly warnings: string[];
  private readonly deadline: Deadline;
  /** Where Prisma migrates, and so where the action's own session connects. */
  private routed!: RoutedMigrations;
  /** The route's URL for the action's own sessions: the TLS files it names resolved as Prisma's engine resolves them. */
  private sessionUrl!: string;
  private schema = "public";
  private install!: PrismaInstall;
  private project!: PrismaProject;
  private local: LocalMigration[] = [];
  private client?: pg.Client;
  private lockPolls = 0;
  /** This gate's runs of `prisma migrate deploy`, held to max-attempts; the report counts every gate's. */
  private attempts = 0;
  /** Pending when this gate looked, in apply order. */
  private pending: string[] = [];
  /** Pending migrations this gate leaves for after the deploy (contract-migrations: after-deploy). */
  private held: string[] = [];
  /** The copy of the migrations folder Prisma runs against while migrations are held. */
  private prefix?: MigrationsPrefix;
  /** Migrations finished before the current attempt started, to tell what this run applied. */
  private finishedBeforeAttempt = new Set<string>();

  private readonly reporter: Reporter;
  private lockWaitGuard?: LockWaitGuard;
  /** Set when the current attempt's lock wait was cancelled; cleared when the next attempt starts. */
  private cancelledWait?: CancelledWaitInProgress;
  /** Lock waits already reported as not cancellable, by backend and statement. */
  private readonly reportedWaits = new Set<string>();
  /** The schema before each migration of the current attempt, by history row (rowKey), read while its transaction was open. */
  private schemaBeforeMigration = new Map<string, SchemaRows>();
  /** The migration the current attempt left unfinished when the server went away, proven empty and marked rolled back. */
  private rolledBackAfterLoss?: string;

  constructor(
    private readonly settings: GateSettings,
    private readonly ports: Ports,
    private readonly runReport: RunReport,
  ) {
    this.reporter = ports.reporter;
    this.report = runReport.migration ?? newMigrationReport();
    runReport.migration = this.report;
    // With contract-migrations after-deploy, the gate after the deploy has a timeout of its own.
    this.deadline = new Deadline(settings.timeoutMs, "the migration run (input timeout)");
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
    // database-url until the project says where migrations go.
    this.report.target = describeTarget(this.settings.databaseUrl);
    this.reporter.info(`Using Prisma ${this.install.version} from ${this.install.packageDir}.`);
    this.project = await findPrismaProject(this.install, this.settings.workingDirectory, configLoadEnvironment(this.settings, this.ports));
    this.report.project = projectFiles(this.project);
    this.reporter.info(`Schema ${this.report.project.schema} (${this.project.foundBy}), migrations in ${this.report.project.migrationsDir}.`);
    this.routed = routeMigrations(this.install, this.project, this.settings, this.ports);
    this.schema = schemaOf(this.route.url);
    this.sessionUrl = sessionUrl(this.route.url, this.install.major, this.project);
    for (const note of tlsNotes(readEngineTls(this.route.url))) this.warn(note);
    this.report.target = describeTarget(this.route.url);
    this.report.migrationsThrough = this.routed.description;
    await refuseTransactionPooler(this.routed, this.ports);
    this.local = readLocalMigrations(this.project.migrationsDir);
    this.client = await this.connectWithRetry();
    this.lockWaitGuard = new LockWaitGuard(() => this.db, this.schema);
    try {
      await this.onDatabase("checking for a connection pooler", (client) => refuseTransactionPooler(this.routed, this.ports, client));
      await this.preflight();
      this.planContractMigrations();
      await this.verifyPrivileges();
      await this.backUpIfAsked();
      if (this.held.length === 0 || this.toApply().length > 0) {
        this.prefix = this.held.length > 0 ? writeMigrationsPrefix(this.project, this.toApply(), this.ports.tempDir) : undefined;
        await this.deployWithRetries();
      }
      await this.verifyEndState();
      return this.report;
    } finally {
      this.prefix?.remove();
      await this.client?.end().catch(() => undefined);
    }
  }

  /**
   * Runs a query on the side connection; when that connection was lost (a restart, a dropped
   * TCP connection, a terminated backend), connects again within the deadline and runs it once
   * more. A database that stays away ends the run as db-unreachable.
   */
  private async onDatabase<T>(doing: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
    if (this.client) {
      try {
        return await use(this.client);
      } catch (error) {
        if (!isLostConnectionError(error)) throw error;
        this.event(`The action's own database connection was lost while ${doing} (${redact((error as Error).message)}); connecting again.`);
        await this.client?.end().catch(() => undefined);
        this.client = undefined;
      }
    } else {
      // The watcher lost it while Prisma ran and could not connect again at once.
      this.event(`The action's own database connection was lost while Prisma ran; connecting again for ${doing}.`);
    }
    this.client = await this.connectWithRetry();
    return await use(this.db);
  }

  /** One try at a new side connection, for the watcher: when it fails the watcher just knows less. */
  private async reconnectQuietly(): Promise<void> {
    try {
      const client = await connect(this.sessionUrl);
      await this.client?.end().catch(() => undefined);
      this.client = client;
    } catch {
      this.client = undefined;
    }
  }

  private async connectWithRetry(): Promise<pg.Client> {
    // Also after a cancellation, one try: the run still reads what it applied. The wait before a second try ends a cancelled run.
    for (let attempt = 1; ; attempt++) {
      this.reporter.info(`Connecting to the database at ${this.report.target} (waiting up to ${formatDuration(CONNECT_TIMEOUT_MS)} for it to answer).`);
      try {
        return await connect(this.sessionUrl);
      } catch (error) {
        const gateError = error as GateError;
        const delay = connectionRetryDelay({
          retryable: isRetryableConnectionError(gateError),
          attempt,
          maxAttempts: this.settings.maxAttempts,
          remainingMs: this.deadline.remainingMs(),
        });
        if (delay === undefined) throw this.namingTheRoute(gateError);
        this.reporter.info(`${gateError.message} Retrying in ${formatDuration(delay)} (attempt ${attempt + 1} of ${this.settings.maxAttempts}).`);
        await this.deadline.sleep(delay, `the database at ${this.report.target} to accept connections`);
      }
    }
  }

  /** A connection error speaks of database-url; when migrations go elsewhere, it says where and why. */
  private namingTheRoute(error: GateError): GateError {
    if (this.route.url === this.settings.databaseUrl) return error;
    return new GateError(error.reason, `${error.message} That is the server migrations go to: ${this.routed.description}.`, error.nextSteps);
  }

  private async readState(): Promise<MigrationState> {
    return await this.onDatabase("reading _prisma_migrations", (client) => readMigrationState(client, this.schema, this.local));
  }

  private get route(): MigrationRoute {
    return this.routed.route;
  }

  private get db(): pg.Client {
    if (!this.client) throw new Error("not connected");
    return this.client;
  }

  private async preflight(): Promise<void> {
    for (;;) {
      const { rows, state } = await this.readState();
      this.report.pendingBefore ??= state.pending;
      this.pending = state.pending;
      if (rows === null && this.local.length > 0 && (await this.onDatabase("counting tables", (client) => countUserTables(client, this.schema))) > 0) {
        throw this.baselineError();
      }
      if (state.unfinished.length > 0) {
        const snapshot = await this.onDatabase("reading the lock", readLockSnapshot);
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
      this.refuseStaleBuild(state);
      this.reporter.info(
        state.pending.length === 0
          ? "No pending migrations: the database is up to date."
          : `Pending migrations (${state.pending.length}): ${state.pending.join(", ")}`,
      );
      return;
    }
  }

  /**
   * The database has migrations this build's folder lacks: a newer commit migrated it (a
   * re-run of an old workflow run, or two deploys racing). Deploying this build would put old
   * code on a newer schema, so it is refused unless allow-stale-build says otherwise.
   */
  private refuseStaleBuild(state: HistoryState): void {
    if (state.missingLocally.length === 0) return;
    this.report.missingLocally = state.missingLocally;
    const names = state.missingLocally.join(", ");
    if (this.settings.allowStaleBuild) {
      this.warn(`The database has migration(s) that are not in this build's ${projectFiles(this.project).migrationsDir}: ${names}. Continuing because allow-stale-build is true.`);
      return;
    }
    throw new GateError(
      "stale-build",
      `This build is older than the database: it has applied migration(s) that this build's ${projectFiles(this.project).migrationsDir} does not contain: ${names}. A newer commit has migrated the database; deploying this build would run old code against the newer schema, so nothing was deployed.`,
      [
        "Deploy the newer commit instead (re-run the latest workflow run, not an old one).",
        "Serialise deploys so an older run cannot finish after a newer one: `concurrency: { group: deploy-production, cancel-in-progress: false }` on the job.",
        "If this build is meant to run on the newer schema (a rollback of code only, made compatible on purpose), set the input `allow-stale-build: true`.",
      ],
    );
  }

  /** The pending migrations this gate applies, in order: all of them, unless some are held for after the deploy. */
  private toApply(): string[] {
    return this.pending.filter((name) => !this.held.includes(name));
  }

  /**
   * The input contract-migrations. Every pending migration is classified for the summary (by
   * the first gate of a run; the second, after the deploy, finds the plan made and applies what
   * the first one held). block refuses a contract migration; after-deploy, in the first gate,
   * holds back the first contract migration and everything after it.
   */
  private planContractMigrations(): void {
    if (this.report.contract) return;
    const pending = this.local.filter((migration) => this.pending.includes(migration.name));
    const applied = this.local.filter((migration) => !this.pending.includes(migration.name));
    // after-deploy comes only with command deploy (the settings refuse it otherwise), which runs a second gate.
    const contract = contractPlanReport(classifyMigrations(pending, applied), this.settings.contractMigrations, this.ports.optionName);
    this.report.contract = contract;
    if (contract.refusal) throw new GateError("contract-blocked", `${contract.refusal.message} Nothing was migrated or deployed.`, contract.refusal.nextSteps);
    const held = contract.heldForDeploy;
    if (held.length === 0) return;
    const beforeDeploy = this.pending.filter((name) => !held.includes(name));
    if (beforeDeploy.length > 0 && !appliesMigrationsPrefix(this.install.version)) {
      throw new GateError(
        "prisma-unsupported",
        `${this.ports.optionName("contract-migrations")} after-deploy applies ${beforeDeploy.join(", ")} before the deploy through a copy of the migrations folder that Prisma reads from a --config file, which needs Prisma 6.19 or later; this project has Prisma ${this.install.version}. Nothing was migrated or deployed.`,
        ["Upgrade Prisma: `npm install --save-dev prisma@6 @prisma/client@6`, and commit the lock file.", `Or stop before a contract migration instead: ${this.ports.optionName("contract-migrations")} block.`],
      );
    }
    this.held = held;
    this.reporter.info(
      beforeDeploy.length === 0
        ? `Nothing to apply before the deploy: ${held.join(", ")} remove or restrict what the running version may still use, and wait until the new deployment is healthy (contract-migrations: after-deploy).`
        : `Applying ${beforeDeploy.join(", ")} before the deploy; ${held.join(", ")} wait until the new deployment is healthy (contract-migrations: after-deploy).`,
    );
  }

  /** Read-only, before the first change (the backup, Prisma): the role may do what the pending migrations need. */
  private async verifyPrivileges(): Promise<void> {
    await verifyDatabase(
      {
        pending: this.local.filter((migration) => this.pending.includes(migration.name)),
        terminatesStaleLocks: this.settings.terminateStaleLockAfterMs !== undefined,
        optionName: this.ports.optionName,
        readFacts: (relations, types) =>
          this.onDatabase("reading the role's privileges", (client) => readRoleFacts(client, this.schema, relations, types)),
      },
      this.runReport,
      this.reporter,
    );
  }

  /** `prisma migrate …` with what points it at the held-back copy of the migrations folder, when there is one. */
  private migrateArgs(...args: string[]): string[] {
    return ["migrate", ...args, ...(this.prefix?.prismaArgs ?? [])];
  }

  /** The input `backup`: what the pending migrations destroy is kept before Prisma runs, or nothing runs. */
  private async backUpIfAsked(): Promise<void> {
    const mode = this.settings.backup;
    if (mode === "never") return;
    const applying = this.toApply();
    const pending = this.local.filter((migration) => applying.includes(migration.name));
    const backup = await this.reporter.step("Backup before migrating", () =>
      this.onDatabase("taking the backup", (client) =>
        takeBackup(client, {
          mode,
          backupPath: this.settings.backupPath,
          workspace: this.ports.workspace,
          databaseUrl: this.sessionUrl,
          schema: this.schema,
          pending,
          warn: (text) => this.warn(text),
        }),
      ),
    );
    if (!backup) return;
    this.report.backups.push(backup);
    for (const line of describeBackup(backup)) this.reporter.info(line);
  }

  /** Polls the advisory lock until nobody holds it; terminates a stale idle holder when allowed. */
  private async waitForFreeLock(): Promise<void> {
    const started = Date.now();
    let announced: number | undefined;
    const terminationTried = new Set<number>();
    try {
      for (;;) {
        const snapshot = await this.onDatabase("waiting for the lock", readLockSnapshot);
        if (!snapshot.holder) {
          if (announced !== undefined) this.event(`The lock was released (last held by pid ${announced}) after ${formatDuration(Date.now() - started)}.`);
          return;
        }
        const holder = toLockHolder(snapshot.holder);
        this.report.lockHolder = holder;
        if (announced !== holder.pid) {
          announced = holder.pid;
          this.warn(`Prisma's advisory lock (${PRISMA_LOCK_CALL}) is held by ${describeHolder(holder)}`);
        }
        const backendStart = snapshot.holder.backendStart;
        if (backendStart && !terminationTried.has(holder.pid) && mayTerminate(holder, this.settings.terminateStaleLockAfterMs)) {
          terminationTried.add(holder.pid);
          // A terminated backend exits asynchronously: look again shortly, without backing off.
          if (await this.terminate(holder, backendStart)) {
            await this.deadline.sleep(LOCK_POLL.initialMs, `the terminated pid ${holder.pid} to release the lock`);
            continue;
          }
        }
        if (this.deadline.expired()) throw this.lockBusyError(holder);
        this.reporter.progress(`Waiting for pid ${holder.pid} to release Prisma's lock: ${formatDuration(Date.now() - started)} so far, within ${this.deadline.describe()}`);
        await this.deadline.sleep(backoffDelay(++this.lockPolls, LOCK_POLL), `pid ${holder.pid} to release Prisma's advisory lock`);
      }
    } finally {
      if (announced !== undefined) this.report.lockWaitMs += Date.now() - started;
    }
  }

  /** True when the holder was terminated; false when PostgreSQL or the re-check said no. */
  private async terminate(holder: LockHolder, backendStart: Date): Promise<boolean> {
    const result = await this.onDatabase(`terminating pid ${holder.pid}`, (client) => terminateIdleBackend(client, holder.pid, backendStart));
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

  private async deployWithRetries(): Promise<void> {
    const cancellation = this.deadline.cancellation;
    for (;;) {
      await this.waitForFreeLock();
      if (this.attempts >= this.settings.maxAttempts) throw this.outOfAttempts();
      cancellation.throwIfRequested("before prisma migrate deploy started");
      await this.rememberFinishedMigrations();
      this.attempts += 1;
      this.report.attempts += 1;
      const run = await this.runDeployOnce();
      // Stopped after it had finished its work (it was only closing its connections) is not stopped mid-way.
      const finished = run.aborted && printedSuccess(run.stdout);
      const verdict = classifyDeployOutput(finished ? 0 : run.exitCode, run.stdout, run.stderr);
      await this.recordApplied(verdict, run.stdout, run.watcher);
      if (run.aborted && !finished) {
        throw cancellation.requested
          ? cancellation.error(`while prisma migrate deploy was running; it was ended with its process group${this.appliedSoFar()}`)
          : this.timeoutError();
      }
      if (verdict.kind === "success") {
        this.reporter.info(
          this.report.applied.length === 0 ? "Prisma applied nothing: no migration was pending." : `Prisma applied: ${this.report.applied.join(", ")}.`,
        );
        cancellation.throwIfRequested(`while prisma migrate deploy was running; it was allowed to finish${this.appliedSoFar()}`);
        return;
      }
      cancellation.throwIfRequested(`while prisma migrate deploy was running; it ended with an error${this.appliedSoFar()}`);
      if (verdict.kind === "fatal") {
        const cancelled = this.cancelledWait;
        if (cancelled && verdict.failure.reason === "migration-failed" && verdict.failure.migration === cancelled.migration) {
          await this.recoverFromCancelledWait(cancelled);
          continue;
        }
        throw await this.fatalError(verdict.failure, verdict.code);
      }
      if (verdict.kind === "connection-lost") await this.afterLostConnection(verdict, run.watcher);
      await this.beforeRetry(verdict);
    }
  }

  private appliedSoFar(): string {
    return this.report.applied.length > 0 ? ` (applied by this run: ${this.report.applied.join(", ")})` : " (no migration was applied by this run)";
  }

  /** What the history table says is finished before an attempt: whatever finishes after it is this run's. */
  private async rememberFinishedMigrations(): Promise<void> {
    const rows = await this.onDatabase("reading _prisma_migrations", (client) => readHistoryRows(client, this.schema));
    this.finishedBeforeAttempt = finishedNames(rows ?? []);
  }

  /**
   * After every attempt, successful or not, what this attempt's CLI applied (gate/applied.ts):
   * migrations committed before a failing one stay applied and are reported; a concurrent
   * run's, applied while this one waited for the lock, are not. When the history cannot be
   * read afterwards (the server is gone), what the watcher read while Prisma ran is reported,
   * and said to be possibly incomplete.
   */
  private async recordApplied(verdict: DeployVerdict, stdout: string, watcher: PrismaBackendWatcher): Promise<void> {
    let after: HistoryRow[] | undefined;
    let unreadable: string | undefined;
    try {
      after = (await this.onDatabase("reading _prisma_migrations after prisma migrate deploy", (client) => readHistoryRows(client, this.schema))) ?? [];
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      unreadable = describeError(error);
    }
    const { applied, complete } = appliedByAttempt({
      printed: verdict.kind !== "success" ? undefined : printedNothingPending(stdout) ? "nothing-pending" : verdict.applied,
      finishedBefore: this.finishedBeforeAttempt,
      othersRows: watcher.othersRows,
      after,
      seenWhileRunning: watcher.lastRows,
    });
    for (const name of applied) if (!this.report.applied.includes(name)) this.report.applied.push(name);
    if (complete) return;
    this.report.appliedIncomplete = "the database could not be read after Prisma stopped, so this lists what the action saw finished while Prisma ran";
    this.warn(
      `Could not read _prisma_migrations after prisma migrate deploy (${redact(unreadable ?? "")}). The migrations this run applied are listed from what the action saw while Prisma ran (${applied.length > 0 ? applied.join(", ") : "none"}); one that finished after its last look may be missing.`,
    );
  }

  /**
   * A connection lost mid-run (a server restart or failover, a terminated session, a cut
   * connection). A migration it left unfinished is marked rolled back, to be applied again
   * by the retry, only when that provably left nothing (gate/decisions.ts proveRolledBack);
   * otherwise the run stops and names the one safe way on. Nothing left unfinished: retry.
   */
  private async afterLostConnection(verdict: Extract<DeployVerdict, { kind: "connection-lost" }>, watcher: PrismaBackendWatcher): Promise<void> {
    let unfinished: HistoryRow | undefined;
    try {
      const { state } = await this.readState();
      unfinished = state.unfinished.find((row) => !this.finishedBeforeAttempt.has(row.migration_name));
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      // What the watcher last saw being applied is what the lost connection cut off.
      const seen = watcher.lastRows?.find((row) => row.finished_at === null && row.rolled_back_at === null && !this.finishedBeforeAttempt.has(row.migration_name));
      const partlyApplied = seen && this.deliveryOf(seen.migration_name).partlyApplied;
      throw this.lostConnectionError(verdict, seen?.migration_name, { unreadable: describeError(error), partlyApplied });
    }
    if (!unfinished) return;
    const name = unfinished.migration_name;
    const snapshot = await this.onDatabase("reading the lock", readLockSnapshot);
    const holder = snapshot.holder && toLockHolder(snapshot.holder);
    const schemaBefore = this.schemaBeforeMigration.get(rowKey(unfinished));
    const delivery = this.deliveryOf(name);
    const proof = proveRolledBack({
      unfinished: true,
      lockHolder: holder ? describeHolder(holder) : undefined,
      partlyApplied: delivery.partlyApplied,
      delivery: delivery.explanation,
      schemaChanges: schemaBefore && (await this.onDatabase("reading the schema", () => this.guard.leftovers(schemaBefore))),
    });
    if (!proof.proven) throw this.lostConnectionError(verdict, name, { unproven: proof.because, partlyApplied: delivery.partlyApplied });
    await this.markRolledBack(name, "was cut off when its database session was lost");
    this.rolledBackAfterLoss = name;
    this.event(
      `Attempt ${this.attempts}: ${name} was cut off when the database session was lost. It left nothing: its history row is unfinished, nobody holds Prisma's lock, the schema is as it was before it, and it ran as one transaction, which PostgreSQL rolled back. Marked it rolled back so that it is applied again.`,
    );
  }

  /** Whether the way Prisma sends this migration to PostgreSQL can leave part of it committed. */
  private deliveryOf(name: string): FailedMigrationEffects {
    return failedMigrationEffects(migrationDeliveryOf(this.install.major, this.settings.workingDirectory), this.localFile(name)?.sql ?? "");
  }

  private lostConnectionError(
    verdict: Extract<DeployVerdict, { kind: "connection-lost" }>,
    leftUnfinished?: string,
    why: { unreadable?: string; unproven?: string; partlyApplied?: boolean } = {},
  ): GateError {
    const status = inlineCode(PRISMA_STATUS_COMMAND);
    const inspect = inlineCode(shellCommand("npx", "prisma-gated-deploy", "resolve"));
    const unreadable = why.unreadable ? ` The database could not be read afterwards either (${redact(why.unreadable)}).` : "";
    const state = this.rolledBackAfterLoss
      ? ` Migration ${this.rolledBackAfterLoss} was cut off by it; it provably left nothing and is marked rolled back, so the next run applies it again.`
      : leftUnfinished
        ? ` Migration ${leftUnfinished} was left unfinished in _prisma_migrations${why.unproven ? `, and the action cannot prove it left nothing: ${redact(why.unproven).replace(/\.+$/, "")}` : ""}.${unreadable}`
        : unreadable;
    const cutOff = leftUnfinished && !this.rolledBackAfterLoss;
    return new GateError(
      "db-connection-lost",
      `${redact(verdict.summary)}${state} This is the database going away, not an error in the SQL: a server restart or failover ends every session (SQLSTATE 57P01 admin_shutdown), a cut network resets the connection, an administrator can terminate a session. Nothing was deployed.`,
      [
        `Check the database server: is it up, did it restart or fail over, was the session terminated? (${this.report.target ?? "the database in database-url"})`,
        ...(cutOff
          ? [
              `When it is back, see what ${leftUnfinished} left, without changing anything: ${inspect} from the working-directory with DATABASE_URL set (or ${status}).`,
              ...(why.partlyApplied
                ? resolveCommands(leftUnfinished)
                : [
                    `It ran as one transaction, which PostgreSQL rolls back when it ends the session: when ${inspect} shows none of it in the database, mark it rolled back with ${inlineCode(resolveCommand("--rolled-back", leftUnfinished))} and re-run this workflow.`,
                  ]),
            ]
          : [`When it is back, see what the migrations left: ${status} from the working-directory with DATABASE_URL set.`, "Then re-run this workflow; applied migrations are skipped."]),
      ],
    );
  }

  private async beforeRetry(verdict: Exclude<DeployVerdict, { kind: "success" | "fatal" }>): Promise<void> {
    if (verdict.kind === "lock-timeout") {
      const snapshot = await this.onDatabase("reading the lock", readLockSnapshot);
      const holder = snapshot.holder && toLockHolder(snapshot.holder);
      if (holder) this.report.lockHolder = holder;
      this.event(
        `Attempt ${this.attempts}: Prisma timed out waiting for its advisory lock (P1002)${holder ? `, held by ${describeHolder(holder)}` : "; the lock is free again"}`,
      );
    } else {
      this.event(`Attempt ${this.attempts}: ${verdict.summary}`);
    }
    const decision = decideAfterAttempt({
      verdict,
      attempts: this.attempts,
      maxAttempts: this.settings.maxAttempts,
      remainingMs: this.deadline.remainingMs(),
      holderKnown: this.report.lockHolder !== undefined,
    });
    if (!decision.retry) {
      switch (decision.because) {
        case "connection-lost":
          throw this.lostConnectionError(verdict as Extract<RetryableVerdict, { kind: "connection-lost" }>);
        case "lock-busy":
          throw this.lockBusyError(this.report.lockHolder as LockHolder);
        case "out-of-attempts":
          throw this.outOfAttempts(verdict);
        case "timeout":
          throw this.timeoutError();
      }
    }
    const delay = decision.delayMs;
    this.reporter.info(`Retrying in ${formatDuration(delay)} (attempt ${this.attempts + 1} of ${this.settings.maxAttempts}).`);
    await this.deadline.sleep(delay, `the next attempt of prisma migrate deploy (${formatDuration(delay)} backoff)`);
  }

  /** The environment that points Prisma at the database, and the application_name its sessions carry. */
  private prismaEnvironment(): { env: Record<string, string>; applicationName: string } {
    const tagged = tagApplicationName(this.route.url, `${ACTION_APPLICATION_NAME}:migrate:${process.pid}`);
    const env: Record<string, string> = { ...this.route.env };
    // Only the application_name is added to the URL Prisma migrates through: same server, same credentials.
    if (this.route.variable) env[this.route.variable] = tagged.url;
    return { env, applicationName: tagged.applicationName };
  }

  private async runDeployOnce(): Promise<PrismaRun & { watcher: PrismaBackendWatcher }> {
    this.cancelledWait = undefined;
    this.rolledBackAfterLoss = undefined;
    this.schemaBeforeMigration = new Map();
    const { env, applicationName } = this.prismaEnvironment();
    const controller = new AbortController();
    const cancellation = this.deadline.cancellation;
    const watcher = new PrismaBackendWatcher(() => this.db, applicationName, this.schema);
    const warned = new Set<string>();
    const warnOnce = (text: string) => {
      if (warned.has(text)) return;
      warned.add(text);
      this.warn(text);
    };
    // The second signal (or the end of the grace period) ends Prisma whatever it is doing:
    // the runner kills the whole tree moments later, and no child may outlive the action.
    const endNow = () => controller.abort();
    cancellation.endSignal.addEventListener("abort", endNow, { once: true });
    let watching = true;
    let wake: (() => void) | undefined;
    const wakeOnCancel = () => wake?.();
    cancellation.stopSignal.addEventListener("abort", wakeOnCancel, { once: true });
    const watch = (async () => {
      while (watching) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, WATCH_INTERVAL_MS);
        });
        if (!watching) break;
        const tick = await watcher.tick().catch(async (error: unknown) => {
          if (isLostConnectionError(error)) await this.reconnectQuietly();
          return undefined;
        });
        if (tick) await this.guardLockWaits(tick.waits).catch((error: unknown) => this.reporter.debug(`Lock-wait guard: ${describeError(error)}`));
        if (tick?.holdsMigrationLock) {
          await this.rememberSchemaBeforeMigration(tick.rows, applicationName).catch((error: unknown) => this.reporter.debug(`Schema before the migration: ${describeError(error)}`));
        }
        const stopping = cancellation.requested ? "cancelled" : this.deadline.expired() ? "timeout" : undefined;
        if (controller.signal.aborted) continue;
        const decision = decideStopPrisma({ mustEnd: stopping !== undefined, holdsMigrationLock: tick?.holdsMigrationLock });
        if (decision === "continue") continue;
        if (decision === "let-finish-unseen") {
          // Without knowing what Prisma is doing, stopping it could cut a migration in half.
          warnOnce(
            stopping === "cancelled"
              ? "The run was cancelled, but the action cannot see what Prisma is doing; it is left to finish within the grace period."
              : "The timeout passed, but the action cannot see what Prisma is doing; it is left to finish rather than risk interrupting a migration.",
          );
        } else if (decision === "let-finish") {
          // Killing Prisma mid-migration would leave a failed migration behind; let it finish.
          warnOnce(
            stopping === "cancelled"
              ? "The run was cancelled while Prisma is applying migrations; it is left to finish within the grace period, then ended."
              : "The timeout passed while Prisma is applying migrations; it is left to finish rather than interrupted mid-migration.",
          );
        } else {
          controller.abort();
        }
      }
    })();

    const output: string[] = [];
    let run: PrismaRun;
    try {
      run = await this.reporter.step(`prisma migrate deploy (attempt ${this.attempts} of ${this.settings.maxAttempts})`, () => runPrisma(this.install, this.migrateArgs("deploy"), {
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
      wake?.();
      await watch;
      cancellation.endSignal.removeEventListener("abort", endNow);
      cancellation.stopSignal.removeEventListener("abort", wakeOnCancel);
    }
    if (run.aborted) await this.endSessionsOf(applicationName);
    this.report.prismaOutputTail = output.slice(-40).join("\n");
    for (const observation of watcher.observations) {
      if (this.report.blocked.some((seen) => seen.blocker.pid === observation.blocker.pid)) continue;
      this.report.blocked.push(observation);
      this.event(
        `Prisma waited for ${observation.waitingFor}${observation.migration ? ` while applying ${observation.migration}` : ""}, blocked by ${describeHolder(observation.blocker)}`,
      );
    }
    return { ...run, watcher };
  }

  /** After Prisma was killed, its database sessions go too (see terminateBackendsNamed). */
  private async endSessionsOf(applicationName: string): Promise<void> {
    try {
      const pids = await this.onDatabase("ending the stopped Prisma's sessions", (client) => terminateBackendsNamed(client, applicationName));
      if (pids.length > 0) this.event(`Terminated the database session(s) of the stopped Prisma CLI (pid ${pids.join(", ")}), so none of them keeps the lock or a half-run statement.`);
    } catch (error) {
      this.warn(`Could not end the stopped Prisma CLI's database sessions (${redact(describeError(error))}); a statement it started may run on until it ends, holding Prisma's lock.`);
    }
  }

  /**
   * While Prisma applies a migration: a wait for a table lock longer than ddl-lock-wait stalls
   * every later query on that table. Cancel it when that provably leaves nothing behind;
   * otherwise keep waiting and say whom for.
   */
  private async guardLockWaits(waits: readonly LockWait[]): Promise<void> {
    for (const wait of waits) {
      if (this.cancelledWait) return;
      const decision = decideLockWait(wait, this.settings.ddlLockWaitMs, wait.migration ? this.localFile(wait.migration)?.sql : undefined);
      if (decision.action === "none") continue;
      const blocker = wait.blockers[0];
      const waited = `${wait.migration ?? "A migration"} has waited ${formatDuration(wait.waitedMs)} for a table lock (ddl-lock-wait ${formatDuration(this.settings.ddlLockWaitMs)}), blocked by ${describeHolder(blocker)}`;
      if (decision.action === "keep-waiting") {
        this.reportUncancellableWait(wait, `${waited} It is not cancelled: ${decision.why}. Waiting for the lock; the application's queries on that table wait too.`);
        continue;
      }
      let schemaBefore: SchemaRows;
      try {
        schemaBefore = await this.guard.readSchema();
      } catch (error) {
        this.reportUncancellableWait(wait, `${waited} It is not cancelled: the schema could not be read to confirm afterwards that nothing was left (${redact((error as Error).message)}). Waiting for the lock.`);
        continue;
      }
      if (!(await this.guard.cancel(wait))) continue;
      this.cancelledWait = { at: new Date(), migration: wait.migration as string, attempt: this.attempts, waitedMs: wait.waitedMs, blocker, schemaBefore };
      this.warn(`${waited} Cancelled its statement (pg_cancel_backend): ${wait.migration} runs as one transaction, so nothing of it stays.`);
    }
  }

  private reportUncancellableWait(wait: LockWait, text: string): void {
    const key = `${wait.pid} ${wait.statementStart}`;
    if (this.reportedWaits.has(key)) {
      this.reporter.progress(`Still waiting: ${formatDuration(wait.waitedMs)} for the lock held by pid ${wait.blockers[0].pid}`);
      return;
    }
    this.reportedWaits.add(key);
    this.warn(text);
  }

  private get guard(): LockWaitGuard {
    if (!this.lockWaitGuard) throw new Error("not connected");
    return this.lockWaitGuard;
  }

  /**
   * After a cancelled lock wait: confirm the schema is as it was, mark the migration rolled
   * back (as `prisma migrate resolve --rolled-back` does) and retry after a backoff, within
   * max-attempts and timeout.
   */
  private async recoverFromCancelledWait(cancelled: CancelledWaitInProgress): Promise<void> {
    const { schemaBefore, ...record } = cancelled;
    this.report.cancelledLockWaits.push(record);
    const name = cancelled.migration;
    const leftovers = await this.guard.leftovers(schemaBefore);
    if (leftovers.length > 0) {
      this.describeFailedMigration(name, await this.failedRow(name));
      throw cancelledWaitLeftOversError(name, formatDuration(cancelled.waitedMs), leftovers, this.report.failedMigration?.file);
    }
    await this.markRolledBack(name, `was cancelled after waiting ${formatDuration(cancelled.waitedMs)} for a table lock`);
    this.event(
      `Attempt ${this.attempts}: cancelled ${name} after ${formatDuration(cancelled.waitedMs)} waiting for a table lock held by pid ${cancelled.blocker.pid} ('${cancelled.blocker.applicationName ?? ""}'); the schema is unchanged and the migration is marked rolled back.`,
    );
    const delay = backoffDelay(this.attempts, RETRY);
    if (this.attempts >= this.settings.maxAttempts || this.deadline.remainingMs() <= delay) throw this.lockContentionError(cancelled);
    this.reporter.info(`Retrying in ${formatDuration(delay)} (attempt ${this.attempts + 1} of ${this.settings.maxAttempts}).`);
    await this.deadline.sleep(delay, `the next attempt of prisma migrate deploy after a cancelled lock wait (${formatDuration(delay)} backoff)`);
  }

  /** `prisma migrate resolve --rolled-back`, for a migration proven to have left nothing; `what` says what stopped it. */
  private async markRolledBack(name: string, what: string): Promise<void> {
    const { env } = this.prismaEnvironment();
    const resolved = await runPrisma(this.install, this.migrateArgs("resolve", "--rolled-back", name), { cwd: this.settings.workingDirectory, env, signal: this.deadline.cancellation.endSignal });
    if (resolved.exitCode !== 0) throw rollbackMarkFailedError(name, what, lastLines(redact(`${resolved.stdout}\n${resolved.stderr}`), 6));
  }

  /**
   * While this attempt's Prisma holds the lock: the schema before the migration it is applying,
   * read once per migration while that migration's transaction is provably open. A lost
   * connection later compares the schema with it (afterLostConnection).
   */
  private async rememberSchemaBeforeMigration(rows: HistoryRow[] | null, applicationName: string): Promise<void> {
    const running = rows?.find((row) => row.finished_at === null && row.rolled_back_at === null && !this.schemaBeforeMigration.has(rowKey(row)));
    const sql = running && this.localFile(running.migration_name)?.sql;
    if (!running || !sql) return;
    const schema = await this.guard.readSchemaBeforeScript(applicationName, sql);
    if (schema) this.schemaBeforeMigration.set(rowKey(running), schema);
  }

  private async verifyEndState(): Promise<void> {
    const { state } = await this.readState();
    // A newer run may have migrated while this one waited for the lock.
    this.refuseStaleBuild(state);
    const pending = state.pending.filter((name) => !this.held.includes(name));
    if (pending.length > 0 || state.unfinished.length > 0) {
      throw new GateError(
        "migration-failed",
        `Prisma reported success, but the database still shows ${pending.length} pending and ${state.unfinished.length} unfinished migration(s): ${[...pending, ...state.unfinished.map((row) => row.migration_name)].join(", ")}.`,
        [`Run ${inlineCode(PRISMA_STATUS_COMMAND)} against the database to see its state, and check that ${this.ports.optionName("database-url")} and the schema's url/directUrl point at the same database.`],
      );
    }
  }

  private localFile(name: string): LocalMigration | undefined {
    return this.local.find((migration) => migration.name === name);
  }

  private async failedRow(name: string): Promise<HistoryRow | undefined> {
    const rows = await this.onDatabase("reading _prisma_migrations", (client) => readHistoryRows(client, this.schema)).catch(() => null);
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
    const logs = logExcerpt(row?.logs);
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
          `Fix the SQL in ${failed.file ?? `${projectFiles(this.project).migrationsDir}/${failure.migration}/migration.sql`}.`,
          ...resolveCommands(failure.migration),
          "Then re-run this workflow; applied migrations are skipped.",
        ],
      );
    }
    if (failure.missingEnvironment) {
      return new GateError(failure.reason, failure.headline, [
        `Set ${failure.missingEnvironment.join(", ")} for this step, e.g. \`env: { ${failure.missingEnvironment.map((name) => `${name}: \${{ secrets.${name} }}`).join(", ")} }\`. The action sets DATABASE_URL and the schema's url from database-url, and the variable Prisma migrates through from the step's env, direct-url or database-url.`,
      ]);
    }
    return new GateError(failure.reason, `${failure.headline}${this.report.prismaOutputTail ? ` Prisma said:
${lastLines(this.report.prismaOutputTail, 8)}` : ""}`, nextStepsFor(failure.reason, this.ports.optionName));
  }

  private baselineError(): GateError {
    return baselineError(this.install.major, projectFiles(this.project));
  }

  private lockBusyError(holder: LockHolder): GateError {
    return lockBusyError(holder, this.deadline.describe(), this.ports.optionName);
  }

  private lockContentionError(last: CancelledLockWait): GateError {
    const limits = `within ${this.ports.optionName("max-attempts")} ${this.settings.maxAttempts} and ${this.deadline.describe()}`;
    return lockContentionError(last, this.report.cancelledLockWaits.length, formatDuration(this.settings.ddlLockWaitMs), limits, this.ports.optionName);
  }

  private timeoutError(): GateError {
    return timeoutError(this.deadline.describe(), this.ports.optionName);
  }

  private outOfAttempts(verdict?: RetryableVerdict): GateError {
    return outOfAttemptsError(this.settings.maxAttempts, verdict, this.ports.optionName);
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Frames of the schema engine's Rust backtrace ("0: sql_schema_connector::…", "at schema-engine/…", "with migration_name=…"). */
const BACKTRACE_LINE = /^(?:\d+:\s|at\s|with\s\w+=)/;

function firstMeaningfulLine(text: string): string | undefined {
  return text
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line.length > 0 && !/^external connector error$/i.test(line) && !BACKTRACE_LINE.test(line));
}

function lastLines(text: string, count: number): string {
  return text.split("\n").filter((line) => line.trim()).slice(-count).join("\n");
}

export async function runMigrate(settings: GateSettings, ports: Ports, report: RunReport): Promise<MigrationReport> {
  return await new MigrationGate(settings, ports, report).run();
}
