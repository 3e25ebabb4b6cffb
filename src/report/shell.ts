// Commands the action prints for a person to paste into a POSIX shell. Pure.

/** Words that need no quoting: nothing a shell would expand, split or redirect. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One argument, quoted so a shell passes it through unchanged: single quotes, inside which
 * nothing expands (no `$(...)`, backticks or `$VAR`); a single quote itself is closed,
 * escaped and reopened.
 */
export function shellQuote(argument: string): string {
  if (PLAIN_WORD.test(argument)) return argument;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/** A whole command, each argument quoted as needed. */
export function shellCommand(...words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}
