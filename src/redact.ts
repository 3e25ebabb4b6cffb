// Secrets are masked twice: by the runner (the action's reporter registers each one with it),
// and by prisma-gated-deploy itself in everything it writes, so that a summary, an output, a
// PR comment or a terminal line never depends on the runner's masking to stay clean.

const secrets = new Set<string>();

/** Remembers a secret for `redact`; true when it was new (the front-end then masks it too). */
export function registerSecret(secret: string): boolean {
  if (secret.length < 3 || secrets.has(secret)) return false;
  secrets.add(secret);
  return true;
}

/** Replaces every given secret by `***`, longest first, so a URL goes whole before its password. */
export function redactSecrets(text: string, given: Iterable<string>): string {
  let result = text;
  for (const secret of [...given].filter((each) => each.length > 0).sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join("***");
  }
  return result;
}

/** Removes every registered secret. */
export function redact(text: string): string {
  return redactSecrets(text, secrets);
}
