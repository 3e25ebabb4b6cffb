import { COMMENT_BODY_LIMIT, commentMarker, fitCommentBody, hasMarker } from "../../src/github/comment-body.js";

const SUMMARY = "https://github.com/acme/shop/actions/runs/4242";

describe("commentMarker", () => {
  it("is a hidden HTML comment", () => {
    expect(commentMarker()).toBe("<!-- prisma-gated-deploy:check -->");
  });

  it("gives each working directory its own marker, spelled the same however the path is written", () => {
    expect(commentMarker("apps/api")).toBe("<!-- prisma-gated-deploy:check:apps/api -->");
    expect(commentMarker("./apps/api/")).toBe(commentMarker("apps/api"));
    expect(commentMarker("apps\\api")).toBe(commentMarker("apps/api"));
    expect(commentMarker("apps/web")).not.toBe(commentMarker("apps/api"));
    expect(commentMarker(".")).toBe(commentMarker());
    expect(commentMarker("  ")).toBe(commentMarker());
  });

  it("cannot be closed early by the suffix", () => {
    const marker = commentMarker("evil --> <b>x</b>");
    expect(marker.slice(0, -" -->".length)).not.toContain("-->");
    expect(marker).not.toContain(">x");
  });
});

describe("hasMarker", () => {
  it("finds the marker anywhere in a body", () => {
    expect(hasMarker(`${commentMarker()}\n## Report`, commentMarker())).toBe(true);
    expect(hasMarker("## Report", commentMarker())).toBe(false);
  });

  it("does not confuse the markers of different working directories", () => {
    const api = `${commentMarker("apps/api")}\nreport`;
    expect(hasMarker(api, commentMarker())).toBe(false);
    expect(hasMarker(api, commentMarker("apps"))).toBe(false);
    expect(hasMarker(api, commentMarker("apps/api"))).toBe(true);
  });
});

describe("fitCommentBody", () => {
  const marker = commentMarker();

  it("leaves a body that fits whole, after the marker", () => {
    expect(fitCommentBody("## Report\nall good", marker, SUMMARY)).toBe(`${marker}\n## Report\nall good`);
  });

  it("keeps a body exactly at the limit uncut", () => {
    const body = "x".repeat(COMMENT_BODY_LIMIT - marker.length - 1);
    expect(fitCommentBody(body, marker, SUMMARY)).toBe(`${marker}\n${body}`);
  });

  it("cuts a body over the limit, ends on a line break, and points to the job summary", () => {
    const line = "a line of the report that is long enough to matter\n";
    const body = line.repeat(Math.ceil((COMMENT_BODY_LIMIT * 1.5) / line.length));
    const fitted = fitCommentBody(body, marker, SUMMARY);
    expect(fitted.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
    expect(fitted.startsWith(`${marker}\n${line}`)).toBe(true);
    expect(fitted).toContain(`[job summary](${SUMMARY})`);
    expect(fitted).toContain("65,536 characters");
    const kept = fitted.slice(marker.length + 1, fitted.indexOf("\n\n---\n"));
    expect(kept.endsWith("that is long enough to matter")).toBe(true);
    // Nearly everything that fits is kept.
    expect(kept.length).toBeGreaterThan(COMMENT_BODY_LIMIT - 1_000);
  });

  it("honours a smaller limit", () => {
    const fitted = fitCommentBody("y".repeat(5_000), marker, SUMMARY, 1_000);
    expect(fitted.length).toBeLessThanOrEqual(1_000);
    expect(fitted).toContain(SUMMARY);
  });

  it("never splits a character made of two UTF-16 units", () => {
    for (const padding of [0, 1]) {
      const body = "p".repeat(padding) + "🚀".repeat(COMMENT_BODY_LIMIT);
      const fitted = fitCommentBody(body, marker, SUMMARY);
      expect(fitted.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
      expect(fitted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      expect(fitted).not.toMatch(/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it("closes a code fence and <details> blocks the cut left open, before the pointer", () => {
    const body = "<details><summary>SQL</summary>\n\n```sql\n" + "SELECT 1;\n".repeat(10_000) + "```\n</details>\n";
    const fitted = fitCommentBody(body, marker, SUMMARY);
    expect(fitted.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
    const beforePointer = fitted.slice(0, fitted.indexOf("\n\n---\n"));
    expect(beforePointer.endsWith("SELECT 1;\n```\n</details>")).toBe(true);
  });

  it("adds no closing fence when the cut falls outside any code block", () => {
    const body = "```\ncode\n```\n" + "plain text\n".repeat(10_000);
    const fitted = fitCommentBody(body, marker, SUMMARY);
    expect(fitted.slice(0, fitted.indexOf("\n\n---\n")).endsWith("plain text")).toBe(true);
  });
});
