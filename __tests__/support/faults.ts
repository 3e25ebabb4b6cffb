// Tests that inject a fault declare it here, with what the action does about it and what the
// user sees; `npm run reliability` joins these declarations with the tests' results to write
// RELIABILITY.md, so the published matrix is the one the tests prove.
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { repositoryRoot } from "./fixture-app.js";

export const RELIABILITY_RECORDS = path.join(repositoryRoot, "__tests__", ".work", "reliability");

export interface FaultCase {
  /** Short, stable id: it ties the declaration to the test's result. */
  readonly id: string;
  /** The area of the matrix: "Cancellation", "Database", "Zeabur", "GitHub", "Input". */
  readonly area: string;
  readonly fault: string;
  /** What the action does about it. */
  readonly action: string;
  /** What the user sees: failure-reason, summary, outputs. */
  readonly userSees: string;
}

function record(file: string, entry: object): void {
  mkdirSync(RELIABILITY_RECORDS, { recursive: true });
  appendFileSync(path.join(RELIABILITY_RECORDS, file), `${JSON.stringify(entry)}\n`);
}

/** The tag in a fault test's title, read back from Jest's JSON report. */
export function faultTag(id: string): string {
  return `[fault:${id}]`;
}

export function faultTest(fault: FaultCase, body: () => Promise<void>, timeoutMs?: number): void {
  const title = `${fault.fault} ${faultTag(fault.id)}`;
  record(`cases-${process.pid}.jsonl`, { ...fault, title, testFile: path.relative(repositoryRoot, expect.getState().testPath ?? "") });
  test(title, body, timeoutMs);
}

/** Called by the secret scans, so the published counts say how many scans ran and what they found. */
export function recordSecretScan(forms: number, found: number): void {
  record(`secret-scans-${process.pid}.jsonl`, { test: expect.getState().currentTestName ?? "", forms, found });
}
