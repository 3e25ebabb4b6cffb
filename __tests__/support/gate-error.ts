// Tests of a refusal read what the GateError says; an error of any other kind is a bug of
// its own and must fail the test as itself, not as a refusal with the wrong text.
import { GateError } from "../../src/errors.js";

/** The GateError `attempt` throws; `expected` fails the test when it throws nothing. */
export function gateErrorOf(attempt: () => unknown, expected: string): GateError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof GateError) return error;
    throw error;
  }
  throw new Error(expected);
}
