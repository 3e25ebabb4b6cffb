// Small markdown helpers shared by the summary sections. Pure.

export function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [
    `| ${header.map(escapeCell).join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
  ].join("\n");
}

/** The length of the longest run of backticks in `text`; 0 when it has none. */
function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** A fenced block for any text: the fence is longer than any run of backticks inside, so nothing in it can close the block. */
export function codeBlock(text: string, language = ""): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${language}\n${text.replace(/\s+$/, "")}\n${fence}`;
}

/** Where the run of exactly `length` backticks that closes a code span starts, at or after `from`; -1 when none does. */
function closingRun(text: string, from: number, length: number): number {
  const runs = /`+/g;
  runs.lastIndex = from;
  for (let run = runs.exec(text); run; run = runs.exec(text)) if (run[0].length === length) return run.index;
  return -1;
}

/**
 * The action's own text, which quotes text from outside (a name, a database's message), made inert
 * for markdown while its code spans still render: outside them `<` and `&` become entities, so no
 * HTML (`<script>`, a `</details>` that would end a fold early) can start, and a run of backticks
 * that closes no span is escaped, so it cannot open one that swallows what follows.
 */
export function inertMarkdown(text: string): string {
  let inert = "";
  for (let at = 0; at < text.length; ) {
    if (text[at] !== "`") {
      const char = text[at++];
      inert += char === "<" ? "&lt;" : char === "&" ? "&amp;" : char;
      continue;
    }
    const run = /`+/y;
    run.lastIndex = at;
    const length = run.exec(text)![0].length;
    const close = closingRun(text, at + length, length);
    if (close < 0) {
      inert += "\\`".repeat(length);
      at += length;
    } else {
      inert += text.slice(at, close + length);
      at = close + length;
    }
  }
  return inert;
}

/**
 * Code inside a line, safe for any text: the fence is one backtick longer than the longest run
 * of backticks inside (CommonMark), padded when the text starts or ends with one, and a line
 * break (which would end a table row) shown as a space.
 */
export function inlineCode(text: string): string {
  const flat = text.replace(/\r?\n/g, " ");
  const longestRun = longestBacktickRun(flat);
  const fence = "`".repeat(longestRun + 1);
  const pad = longestRun > 0 && (flat.startsWith("`") || flat.endsWith("`")) ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
