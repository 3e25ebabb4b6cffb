// The pull request comment's text: the hidden marker that lets a later run find and update
// its own comment, and the cut that keeps it within GitHub's size limit. No I/O here.

/** GitHub rejects a comment longer than this with 422. */
export const COMMENT_BODY_LIMIT = 65_536;

const MARKER_NAME = "prisma-gated-deploy:check";

/**
 * The HTML comment that identifies the action's comment. `suffix` (e.g. the working directory
 * relative to the repository root) gives each project of a monorepo its own comment.
 */
export function commentMarker(suffix = ""): string {
  const normalized = suffix
    .trim()
    .replace(/\\/g, "/")
    .replace(/^(\.\/)+|\/+$/g, "")
    // Anything else could end the HTML comment early ("-->") or differ only by spelling.
    .replace(/[^A-Za-z0-9._/-]+/g, "_")
    .replace(/-{2,}/g, "-");
  return normalized && normalized !== "." ? `<!-- ${MARKER_NAME}:${normalized} -->` : `<!-- ${MARKER_NAME} -->`;
}

/** Exact: the marker for one suffix never matches a comment written for another suffix. */
export function hasMarker(body: string, marker: string): boolean {
  return body.includes(marker);
}

/**
 * The comment to send: the marker, then the body, cut if the whole would exceed `limit`.
 * A cut body ends on a line break where one is near, closes a code fence or <details> block it
 * left open (so the rest of the page renders), and says where the full report is.
 * Lengths are UTF-16 units, never fewer than GitHub's characters, so the result always fits.
 */
export function fitCommentBody(body: string, marker: string, summaryUrl: string, limit = COMMENT_BODY_LIMIT): string {
  const whole = `${marker}\n${body}`;
  if (whole.length <= limit) return whole;
  const pointer =
    `\n\n---\n✂️ This comment was cut to fit GitHub's limit of ${limit.toLocaleString("en-US")} characters. ` +
    `The full report is in the [job summary](${summaryUrl}).`;
  let budget = limit - marker.length - 1 - pointer.length;
  for (;;) {
    const kept = cutAt(body, budget);
    const fitted = `${marker}\n${kept}${closingsFor(kept)}${pointer}`;
    if (fitted.length <= limit || kept.length === 0) return fitted;
    budget -= fitted.length - limit;
  }
}

function cutAt(text: string, maxLength: number): string {
  if (maxLength <= 0) return "";
  let kept = text.slice(0, maxLength);
  const lastCode = kept.charCodeAt(kept.length - 1);
  if (lastCode >= 0xd800 && lastCode <= 0xdbff) kept = kept.slice(0, -1);
  const lineBreak = kept.lastIndexOf("\n");
  return lineBreak >= kept.length / 2 ? kept.slice(0, lineBreak) : kept;
}

/** What `text` left open and must be closed for the text after it to render as Markdown. */
function closingsFor(text: string): string {
  let openFence: string | undefined;
  for (const line of text.split("\n")) {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (!fence) continue;
    if (openFence === undefined) openFence = fence;
    else if (fence[0] === openFence[0] && fence.length >= openFence.length && line.trim() === fence) openFence = undefined;
  }
  const openDetails = (text.match(/<details[\s>]/gi)?.length ?? 0) - (text.match(/<\/details>/gi)?.length ?? 0);
  return (openFence === undefined ? "" : `\n${openFence}`) + "\n</details>".repeat(Math.max(0, openDetails));
}
