import type { FailureReason } from "./failure-reasons.js";

export type { FailureReason };

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
