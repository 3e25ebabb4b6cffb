import {
  classifyDeploymentStatus,
  cleanLogLine,
  deploymentIdFromUrl,
  describeErrorAnswer,
  excerptOfBody,
  isExpiredPresignedUrl,
  nextStepsForStatus,
  redact,
  retryAfterMs,
  retryDecisionForStatus,
  sendAttemptLimitMs,
  uploadTimeoutMs,
} from "../../src/zeabur/protocol.js";

const EXPIRED = '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';

describe("classifyDeploymentStatus", () => {
  test.each([
    ["RUNNING", "succeeded"],
    ["FAILED", "failed"],
    ["CRASHED", "failed"],
    ["CANCELED", "failed"],
    ["REMOVED", "failed"],
    ["PENDING", "in-progress"],
    ["BUILDING", "in-progress"],
    ["DEPLOYING", "in-progress"],
    ["UNKNOWN", "in-progress"],
    ["SOMETHING_NEW", "in-progress"],
    ["running", "succeeded"],
  ])("%s is %s", (status, state) => {
    expect(classifyDeploymentStatus(status)).toBe(state);
  });
});

describe("deploymentIdFromUrl", () => {
  test("takes the 24-hex segment after /deployments/", () => {
    expect(
      deploymentIdFromUrl("https://zeabur.com/projects/aaaaaaaaaaaaaaaaaaaaaaaa/services/bbbbbbbbbbbbbbbbbbbbbbbb/deployments/0123456789ABCDEF01234567?envID=cccccccccccccccccccccccc"),
    ).toBe("0123456789abcdef01234567");
  });

  test.each([
    "https://zeabur.com/projects/p/services/s?envID=e",
    "https://zeabur.com/projects/p/services/s/deployments/123?envID=e",
    "https://zeabur.com/projects/p/services/s/deployments/0123456789abcdef0123456789",
    "https://zeabur.com/?next=/deployments/0123456789abcdef01234567",
    "not a url",
  ])("finds none in %s", (url) => {
    expect(deploymentIdFromUrl(url)).toBeUndefined();
  });
});

describe("error answers", () => {
  test("an API error reads as its code and words", () => {
    const body = JSON.stringify({ code: "REQUIRE_PAID_PLAN", error: "Upload size 9 bytes exceeds your plan's limit of 1 bytes.", limit: 1, content_length: 9 });
    expect(describeErrorAnswer(400, body)).toBe("HTTP 400 REQUIRE_PAID_PLAN: Upload size 9 bytes exceeds your plan's limit of 1 bytes.");
  });

  test("a storage error reads as its XML code and message", () => {
    expect(describeErrorAnswer(403, EXPIRED)).toBe("HTTP 403 AccessDenied: Request has expired");
  });

  test("an HTML page becomes a short text excerpt without markup, scripts or styles", () => {
    const page = `<html><head><style>h1{x:y}</style><script>var a = "<b>";</script></head><body><h1>502 Bad&nbsp;Gateway</h1>${"<p>filler text</p>".repeat(100)}</body></html>`;
    const described = describeErrorAnswer(502, page);
    expect(described.startsWith("HTTP 502: 502 Bad Gateway filler text")).toBe(true);
    expect(described).not.toMatch(/[<>]|x:y|var a/);
    expect(excerptOfBody(page).length).toBeLessThanOrEqual(200);
  });

  test("an empty body says so", () => {
    expect(describeErrorAnswer(504, "")).toBe("HTTP 504 with an empty body");
  });
});

describe("retry decisions", () => {
  test.each([
    [500, "", "retry"],
    [502, "<html></html>", "retry"],
    [503, "", "retry"],
    [429, "", "retry"],
    [400, "{}", "give-up"],
    [401, "{}", "give-up"],
    [404, "{}", "give-up"],
    [403, "<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>", "give-up"],
    [403, EXPIRED, "new-upload"],
  ] as const)("HTTP %s %s → %s", (status, body, decision) => {
    expect(retryDecisionForStatus(status, body)).toBe(decision);
  });

  test("only a 403 AccessDenied 'Request has expired' is an expired URL", () => {
    expect(isExpiredPresignedUrl(403, EXPIRED)).toBe(true);
    expect(isExpiredPresignedUrl(400, EXPIRED)).toBe(false);
    expect(isExpiredPresignedUrl(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")).toBe(false);
  });

  test("Retry-After in seconds or as a date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs("Wed, 01 Jan 2025 00:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Tue, 31 Dec 2024 00:00:00 GMT", now)).toBe(0);
  });
});

describe("next steps", () => {
  test("name what to check by the kind of failure", () => {
    expect(nextStepsForStatus(400, JSON.stringify({ code: "REQUIRE_PAID_PLAN" }), "create").join(" ")).toMatch(/exclude.*upgrade/);
    expect(nextStepsForStatus(401, "{}", "prepare").join(" ")).toContain("zeabur-api-key");
    expect(nextStepsForStatus(404, "{}", "prepare").join(" ")).toMatch(/zeabur-service-id.*zeabur-environment-id/);
    expect(nextStepsForStatus(503, "", "upload").join(" ")).toContain("status.zeabur.com");
  });
});

test("uploadTimeoutMs: two minutes plus a second per 256 KiB", () => {
  expect(uploadTimeoutMs(0)).toBe(120_000);
  expect(uploadTimeoutMs(262_144)).toBe(121_000);
  expect(uploadTimeoutMs(262_145)).toBe(122_000);
  expect(uploadTimeoutMs(200 * 1024 * 1024)).toBe(120_000 + 800_000);
});

test("sendAttemptLimitMs: the CLI's limit, but at most a third of the upload's budget, so a stalled send is tried again", () => {
  expect(sendAttemptLimitMs(2959, 30 * 60_000)).toBe(121_000);
  expect(sendAttemptLimitMs(2959, 36_000)).toBe(12_000);
  expect(sendAttemptLimitMs(200 * 1024 * 1024, 30 * 60_000)).toBe(10 * 60_000);
});

test("redact replaces every occurrence of the secret", () => {
  expect(redact("a sk-1 b sk-1", "sk-1")).toBe("a *** b ***");
  expect(redact("nothing", "")).toBe("nothing");
});

test("cleanLogLine drops colours and trailing space", () => {
  expect(cleanLogLine("\u001b[31merror\u001b[0m: failed  \r")).toBe("error: failed");
});
