// The runner consumes `::add-mask::` commands and never shows them; everything else the
// action printed or wrote must be free of the secret, in every encoding.
import type { ActionRun } from "./run-action.js";

export function visibleText(run: ActionRun): string {
  return run.everything
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
}

export function expectSecretAbsent(run: ActionRun, secret: string): void {
  const text = visibleText(run);
  for (const form of new Set([secret, encodeURIComponent(secret)])) {
    expect(text.includes(form)).toBe(false);
  }
}
