// Secrets are masked twice: by the runner (the action's reporter registers each one with it),
// and by prisma-gated-deploy itself in everything it writes, so that a summary, an output, a
// PR comment or a terminal line never depends on the runner's masking to stay clean.
const secrets = new Set();
/** Remembers a secret for `redact`; true when it was new (the front-end then masks it too). */
function registerSecret(secret) {
    if (secret.length < 3 || secrets.has(secret))
        return false;
    secrets.add(secret);
    return true;
}
/** Replaces every given secret by `***`, longest first, so a URL goes whole before its password. */
function redactSecrets(text, given) {
    let result = text;
    for (const secret of [...given].filter((each) => each.length > 0).sort((a, b) => b.length - a.length)) {
        result = result.split(secret).join("***");
    }
    return result;
}
/** Removes every registered secret. */
function redact(text) {
    return redactSecrets(text, secrets);
}

export { redact as a, redactSecrets as b, registerSecret as r };
