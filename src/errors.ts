/** Why a run failed, as the `failure-reason` output names it. Empty on success. */
export type FailureReason =
  | "invalid-input"
  | "prisma-not-found"
  | "prisma-unsupported"
  | "db-unreachable"
  | "db-auth"
  | "lock-busy"
  | "previous-migration-failed"
  | "migration-failed"
  | "baseline-required"
  | "timeout"
  | "upload-failed"
  | "deploy-failed"
  | "deploy-timeout"
  | "drift"
  | "unsafe-migration";

/**
 * A failure the action understands: what happened (message), why it matters and what to do
 * next (nextSteps, each a sentence or an exact command). Anything else thrown is a bug.
 */
export class GateError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly nextSteps: readonly string[] = [],
  ) {
    super(message);
    this.name = "GateError";
  }
}

export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === "string") return thrown;
  try {
    return JSON.stringify(thrown);
  } catch {
    return String(thrown);
  }
}
