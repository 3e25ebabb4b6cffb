// What the migration gate says when it stops: the failure, what it means and the exact next
// commands. Pure; `optionName` spells options the way the front-end in use does.
import { GateError } from "../errors.js";
import { prismaLockRows } from "../postgres/identifiers.js";
import { describeHolder, type LockHolder } from "../postgres/lock-holder.js";
import type { DeployFailure } from "../prisma/deploy-output.js";
import { inlineCode } from "../report/markdown.js";
import { baselineCommands, PRISMA_STATUS_COMMAND, PRISMA_VALIDATE_COMMAND, resolveCommand, resolveCommands } from "../prisma/recovery.js";
import { formatDuration } from "../duration.js";
import type { CancelledLockWait } from "../report/run-report.js";
import type { RetryableVerdict } from "./decisions.js";

type OptionName = (option: string) => string;

export function lockBusyError(holder: LockHolder, waited: string, optionName: OptionName): GateError {
  return new GateError("lock-busy", `Prisma's advisory lock stayed held for the whole ${waited}: ${describeHolder(holder)}`, [
    holder.kind === "idle-leftover"
      ? `If that session is a leftover, end it: \`SELECT pg_terminate_backend(${holder.pid});\` or set \`${optionName("terminate-stale-lock-after")}\` (e.g. 5m) to let prisma-gated-deploy end idle leftovers itself.`
      : "That session is working (running or inside a transaction): let it finish; prisma-gated-deploy never terminates such a session.",
    `To see every session on the lock: \`npx prisma-gated-deploy locks\`, or \`SELECT l.pid, a.application_name, a.client_addr, a.state, a.state_change FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE ${prismaLockRows("l")};\``,
    "Do not set PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK: it removes the only guard against two deploys migrating at once.",
  ]);
}

export function timeoutError(waited: string, optionName: OptionName): GateError {
  return new GateError("timeout", `The run did not finish within ${waited}.`, [
    `Raise \`${optionName("timeout")}\`, or look at the lock events in the summary to see what the run waited for.`,
  ]);
}

export function outOfAttemptsError(maxAttempts: number, verdict: RetryableVerdict | undefined, optionName: OptionName): GateError {
  const transient = verdict?.kind === "transient";
  return new GateError(
    transient ? "db-unreachable" : "lock-busy",
    `prisma migrate deploy did not succeed in ${maxAttempts} attempt(s)${transient ? `: ${verdict.summary}` : "."}`,
    [`Look at the attempts in the summary; raise \`${optionName("max-attempts")}\` if the cause is passing.`],
  );
}

export function baselineError(prismaMajor: number, project: { schema: string; migrationsDir: string }): GateError {
  const [createBaseline, markApplied] = baselineCommands(prismaMajor, project);
  return new GateError(
    "baseline-required",
    "The database already has tables but no _prisma_migrations history: Prisma refuses to migrate it (P3005) until the existing schema is recorded as a baseline.",
    [
      `Create the baseline migration from the schema, in the working-directory: ${inlineCode(createBaseline)}`,
      `Commit it, then mark it as already applied on this database: ${inlineCode(markApplied)}`,
    ],
  );
}

/** Next steps for a failure Prisma reported that the gate has nothing more specific to say about. */
export function nextStepsFor(reason: DeployFailure["reason"], optionName: OptionName): string[] {
  switch (reason) {
    case "db-auth":
      return [`Check the user and password in ${optionName("database-url")}; wrong credentials are never retried.`];
    case "db-unreachable":
      return [`Check the host, port and database name in ${optionName("database-url")}, and that the database accepts connections from where this runs.`];
    case "prisma-unsupported":
      return [`Run ${inlineCode(PRISMA_VALIDATE_COMMAND)} locally to see the problem in the schema or prisma.config.ts.`];
    default:
      return [`Run ${inlineCode(PRISMA_STATUS_COMMAND)} against the database to see its state.`];
  }
}

/** Every attempt's lock wait was cancelled (ddl-lock-wait) and the attempts or the time ran out. */
export function lockContentionError(last: CancelledLockWait, tries: number, limit: string, limits: string, optionName: OptionName): GateError {
  const blocker = last.blocker;
  return new GateError(
    "lock-contention",
    `Migration ${last.migration} waited longer than ${optionName("ddl-lock-wait")} (${limit}) for a table lock in ${tries} attempt(s), ${limits}. Each wait was cancelled before it stalled the application longer; nothing of it was left and it is marked rolled back, so the next run applies it again. It waited for ${describeHolder(blocker)}`,
    [
      blocker.transactionAgeMs !== null
        ? `That session has been inside a transaction for ${formatDuration(blocker.transactionAgeMs)}: let it finish, or end it (\`SELECT pg_cancel_backend(${blocker.pid});\` cancels its statement, \`SELECT pg_terminate_backend(${blocker.pid});\` ends its session), then re-run this workflow.`
        : `End what pid ${blocker.pid} is doing, or deploy when it is not running, then re-run this workflow.`,
      `To wait longer for the lock instead (the application's queries on that table wait as long): raise \`${optionName("ddl-lock-wait")}\`, \`${optionName("max-attempts")}\` or \`${optionName("timeout")}\`.`,
    ],
  );
}

/** A cancelled lock wait after which the schema differs: never retried, the person decides. */
export function cancelledWaitLeftOversError(name: string, waited: string, leftovers: readonly string[], file: string | undefined): GateError {
  return new GateError(
    "migration-failed",
    `Migration ${name} was cancelled after waiting ${waited} for a table lock, but the schema is not as it was before the attempt:\n${leftovers.map((change) => `- ${change}`).join("\n")}\nIt is marked failed in _prisma_migrations. Nothing was deployed.`,
    [
      `Compare the database with ${file ?? `prisma/migrations/${name}/migration.sql`} and the list above (another session may have changed the schema meanwhile).`,
      ...resolveCommands(name),
      "Run either command from the working-directory with DATABASE_URL set to this database, then re-run this workflow.",
    ],
  );
}

/** `what` says what stopped the migration: "was cancelled after waiting 30 s for a table lock". */
export function rollbackMarkFailedError(name: string, what: string, prismaSaid: string): GateError {
  return new GateError(
    "migration-failed",
    `Migration ${name} ${what} and left nothing behind, but marking it rolled back failed: ${prismaSaid}`,
    [
      `Mark it rolled back so that the next deploy applies it again: ${inlineCode(resolveCommand("--rolled-back", name))} (from the working-directory, DATABASE_URL set to this database), then re-run this workflow.`,
    ],
  );
}
