// The runner consumes `::add-mask::` commands and never shows them; everything else the
// action printed or wrote must be free of the secret, in every encoding.
import { recordSecretScan } from "./faults.js";
import type { ActionRun } from "./run-action.js";

export function visibleText(run: ActionRun): string {
  return run.everything
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
}

/**
 * Every form in which a secret could leak: raw, percent-encoded in upper and lower case
 * (URLs may use either), and base64 (a Basic auth header, a config blob).
 */
export function secretForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const lowerEncoded = encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
  return [...new Set([secret, encoded, lowerEncoded, Buffer.from(secret).toString("base64")])];
}

export function expectSecretAbsent(run: ActionRun, secret: string): void {
  const text = visibleText(run);
  const leaked = secretForms(secret).filter((form) => text.includes(form));
  recordSecretScan(secretForms(secret).length, leaked.length);
  expect(leaked).toEqual([]);
}
