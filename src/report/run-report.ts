// What a run did, filled in by the command orchestrators as they go, so that outputs and
// the job summary can always be written, however far the run got.
import type { FailureReason } from "../errors.js";
import type { OutputName } from "../outputs.js";
import type { LockHolder } from "../postgres/lock-holder.js";
import type { BlockedObservation } from "../postgres/prisma-watcher.js";

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

export interface LockEvent {
  at: Date;
  text: string;
}

export interface MigrationReport {
  prismaVersion?: string;
  target?: string;
  pendingBefore?: string[];
  applied: string[];
  attempts: number;
  lockHolder?: LockHolder;
  lockEvents: LockEvent[];
  terminated: LockHolder[];
  blocked: BlockedObservation[];
  /** Time spent waiting for the lock to be free, across attempts. */
  lockWaitMs: number;
  failedMigration?: FailedMigration;
  editedMigrations: string[];
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
  migration?: MigrationReport;
  failure?: RunFailure;
  /** What the run is doing now, so that a failure the action does not classify can name it. */
  step: string;
  /** Outputs other steps fill in (archive, deployment, check), by output name. */
  extraOutputs: Partial<Record<OutputName, string>>;
  /** Markdown sections other steps contribute to the summary, in order. */
  sections: string[];
}

export function newRunReport(command = "deploy"): RunReport {
  return { command, startedAt: new Date(), step: "starting", warnings: [], extraOutputs: {}, sections: [] };
}

export function newMigrationReport(): MigrationReport {
  return { applied: [], attempts: 0, lockEvents: [], terminated: [], blocked: [], lockWaitMs: 0, editedMigrations: [], missingLocally: [] };
}
