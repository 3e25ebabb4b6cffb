// What a run did, as typed results filled in by the command orchestrators as they go, so
// that the front-ends can always render it (outputs, summary, terminal text, JSON), however
// far the run got. Nothing in here is pre-rendered.
import type { ClassifiedMigration } from "../check/migration-phases.js";
import type { FailureReason } from "../errors.js";
import type { ContractMode } from "../settings.js";
import type { LockHolder } from "../postgres/lock-holder.js";
import type { PreflightCheck } from "../preflight/checks.js";
import type { BlockedObservation } from "../postgres/prisma-watcher.js";
import type { PackagedArchive } from "../zeabur/archive.js";
import type { DeploymentResult } from "../zeabur/deployment-follower.js";
import type { UploadedArchive } from "../zeabur/upload-client.js";
import type { CheckReport } from "./check-report.js";
import type { ResolveReport } from "./resolve-report.js";
import type { SquashReport } from "./squash-report.js";

export interface FailedMigration {
  name: string;
  /** Path relative to the repository, for annotations and links. */
  file?: string;
  line?: number;
  statement?: string;
  sqlState?: string;
  databaseError?: string;
  startedAt?: Date;
  logs?: string;
}

/** Which files Prisma used, as paths relative to working-directory, for the summary. */
export interface ProjectFiles {
  schema: string;
  migrationsDir: string;
  /** What decided the schema's location ("Prisma's default location", "`schema` in prisma.config.ts"). */
  foundBy: string;
  configFile?: string;
}

export interface LockEvent {
  at: Date;
  text: string;
}

/** A migration's lock wait that the gate cancelled (input ddl-lock-wait). */
export interface CancelledLockWait {
  at: Date;
  migration: string;
  attempt: number;
  waitedMs: number;
  /** The session it waited for (the longest transaction among them). */
  blocker: LockHolder;
}

/** What `backup` kept before the migrations ran. */
export interface BackupReport {
  /** Relative to the workspace, with forward slashes. */
  folder: string;
  tables: Array<{ table: string; file: string; rows: number; bytes: number; wholeTable: boolean; columns: string[]; because: string[] }>;
  dump?: { file: string; bytes: number; entries: number };
  /** Why there is no full dump, when one was wanted. */
  noDump?: string;
  /** Paste-ready, when there is something to restore with the script. */
  restoreCommand?: string;
}

/** contract-migrations: each pending migration's phase, and what waited for a healthy deployment. */
export interface ContractReport {
  mode: ContractMode;
  /** Every migration pending when the run started, in apply order. */
  migrations: ClassifiedMigration[];
  /** after-deploy: applied only once the new deployment is healthy; empty when nothing had to wait. */
  heldForDeploy: string[];
  /** Set when contract-migrations refused the pending migrations (contract-blocked): nothing of them runs. */
  refusal?: { message: string; nextSteps: readonly string[] };
  /**
   * What became of heldForDeploy: applied after the healthy deployment; not applied, because
   * the deployment did not become healthy; or the run stopped after it was healthy, before
   * they were applied (the gate failed, or the run was cancelled). Unset: it stopped before
   * the deploy.
   */
  heldOutcome?: "applied" | "not-applied" | "stopped-after-healthy";
}

export interface MigrationReport {
  prismaVersion?: string;
  project?: ProjectFiles;
  /** The server migrations go to, without credentials. */
  target?: string;
  /** That server and why Prisma migrates there (which URL, which variable). */
  migrationsThrough?: string;
  pendingBefore?: string[];
  applied: string[];
  /**
   * Set when `applied` may miss a migration: the history could not be read after Prisma
   * stopped, so it lists what was seen finished while Prisma ran. Says why, for the summary.
   */
  appliedIncomplete?: string;
  attempts: number;
  lockHolder?: LockHolder;
  lockEvents: LockEvent[];
  terminated: LockHolder[];
  blocked: BlockedObservation[];
  cancelledLockWaits: CancelledLockWait[];
  /** One for each gate that took a backup (a deploy with contract-migrations: after-deploy runs two). */
  backups: BackupReport[];
  /** How contract-migrations classified the pending migrations and what it held back. */
  contract?: ContractReport;
  /** Time spent waiting for the lock to be free, across attempts. */
  lockWaitMs: number;
  failedMigration?: FailedMigration;
  editedMigrations: string[];
  /** Migrations whose last row was marked rolled back (`migrate resolve --rolled-back`); read by `status`. */
  rolledBack?: string[];
  missingLocally: string[];
  prismaOutputTail?: string;
}

export interface RunFailure {
  reason: FailureReason;
  message: string;
  nextSteps: readonly string[];
}

export interface RunReport {
  command: string;
  startedAt: Date;
  finishedAt?: Date;
  warnings: string[];
  /** What was verified read-only before the first change, and what it found. */
  preflight?: PreflightCheck[];
  migration?: MigrationReport;
  /** The archive built for Zeabur (deploy, upload). */
  archive?: PackagedArchive;
  /** The upload and the deployment it started (deploy, upload). */
  upload?: UploadedArchive;
  /** How the deployment ended; absent when it was not followed or not reached. */
  deployment?: DeploymentResult;
  check?: CheckReport;
  resolve?: ResolveReport;
  squash?: SquashReport;
  failure?: RunFailure;
  /** What the run is doing now, so that a failure nobody classified can name where it happened. */
  step: string;
}

export function newRunReport(command = "deploy"): RunReport {
  return { command, startedAt: new Date(), step: "starting", warnings: [] };
}

export function newMigrationReport(): MigrationReport {
  return { applied: [], attempts: 0, lockEvents: [], terminated: [], blocked: [], cancelledLockWaits: [], backups: [], lockWaitMs: 0, editedMigrations: [], missingLocally: [] };
}
