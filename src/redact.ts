// Secrets are masked twice: by the runner (core.setSecret), and by the action itself in
// everything it writes, so that a summary, an output or a PR comment never depends on the
// runner's masking to stay clean.
import * as core from "@actions/core";

const secrets = new Set<string>();

export function registerSecret(secret: string): void {
  if (secret.length < 3 || secrets.has(secret)) return;
  secrets.add(secret);
  core.setSecret(secret);
}

export function redact(text: string): string {
  let result = text;
  // Longest first, so that a URL is replaced whole before its password alone would be.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join("***");
  }
  return result;
}
