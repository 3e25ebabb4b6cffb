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

export function codeBlock(text: string, language = ""): string {
  const fence = text.includes("```") ? "~~~~" : "```";
  return `${fence}${language}\n${text.replace(/\s+$/, "")}\n${fence}`;
}

/**
 * Code inside a line, safe for any text: the fence is one backtick longer than the longest run
 * of backticks inside (CommonMark), padded when the text starts or ends with one, and a line
 * break (which would end a table row) shown as a space.
 */
export function inlineCode(text: string): string {
  const flat = text.replace(/\r?\n/g, " ");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = longestRun > 0 && (flat.startsWith("`") || flat.endsWith("`")) ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
