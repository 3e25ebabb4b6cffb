import { commentMarker } from "../../src/github/comment-body.js";
import { upsertPullRequestComment } from "../../src/github/pr-comment.js";
import { FAKE_COMMENT_BODY_LIMIT, FakeGitHub } from "../support/fake-github.js";
import { captureLog, pullRequestEvent, REPOSITORY, RUN_URL, runContext, runEnv, TOKEN, type CapturedLog } from "./harness.js";

const PR = 7;

let fake: FakeGitHub;
let log: CapturedLog;

beforeEach(async () => {
  fake = await FakeGitHub.start();
  fake.allowToken(TOKEN);
  fake.addPullRequest(REPOSITORY, PR);
  log = captureLog();
});

afterEach(async () => {
  log.restore();
  await fake.close();
});

function seedUnrelated(count: number): void {
  for (let i = 0; i < count; i++) fake.seedComment(REPOSITORY, PR, `Looks good to me (${i}). prisma-gated-deploy rocks.`);
}

function markedComments(suffix?: string) {
  return fake.comments(REPOSITORY, PR).filter((comment) => comment.body.includes(commentMarker(suffix)));
}

const onPullRequest = () => runContext(fake, pullRequestEvent(PR));

describe("upsertPullRequestComment", () => {
  it("creates one comment on the first run and updates that same comment on the next, past the first page", async () => {
    seedUnrelated(150);

    const first = await upsertPullRequestComment({ token: TOKEN, body: "## Migrations\nfirst push", context: onPullRequest() });
    expect(first.outcome).toBe("created");
    expect(markedComments()).toHaveLength(1);
    const [created] = markedComments();
    expect(created.body).toBe(`${commentMarker()}\n## Migrations\nfirst push`);
    expect(first.url).toBe(`https://github.com/${REPOSITORY}/pull/${PR}#issuecomment-${created.id}`);
    // 150 comments take two pages of 100: the comment just created sits on the second.
    expect(fake.comments(REPOSITORY, PR)).toHaveLength(151);

    const before = fake.requests.length;
    const second = await upsertPullRequestComment({ token: TOKEN, body: "## Migrations\nsecond push", context: onPullRequest() });
    expect(second).toEqual({ outcome: "updated", url: first.url });
    expect(fake.comments(REPOSITORY, PR)).toHaveLength(151);
    expect(markedComments()).toHaveLength(1);
    expect(markedComments()[0]).toMatchObject({ id: created.id, body: `${commentMarker()}\n## Migrations\nsecond push` });

    const secondRun = fake.requests.slice(before);
    expect(secondRun.map((request) => `${request.method} ${request.status}`)).toEqual(["GET 200", "GET 200", "PATCH 200"]);
    // GitHub's Link header points at /repositories/{id}/…; the second page is read from there.
    expect(secondRun[1].path).toMatch(/^\/repositories\/\d+\/issues\/7\/comments$/);
    expect(secondRun.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it("finds a comment left by an earlier run among unrelated ones and updates it", async () => {
    seedUnrelated(120);
    const earlier = fake.seedComment(REPOSITORY, PR, `${commentMarker()}\nold report`, { login: "github-actions[bot]", id: 41898282, type: "Bot" });
    seedUnrelated(40);

    const result = await upsertPullRequestComment({ token: TOKEN, body: "new report", context: onPullRequest() });

    expect(result.outcome).toBe("updated");
    expect(fake.comments(REPOSITORY, PR)).toHaveLength(161);
    expect(fake.comments(REPOSITORY, PR).find((comment) => comment.id === earlier.id)?.body).toBe(`${commentMarker()}\nnew report`);
    expect(fake.writes().map((request) => request.method)).toEqual(["PATCH"]);
  });

  it("keeps one comment per working directory", async () => {
    fake.seedComment(REPOSITORY, PR, `${commentMarker()}\nreport of the repository root`);

    const api = await upsertPullRequestComment({ token: TOKEN, body: "api v1", markerSuffix: "apps/api", context: onPullRequest() });
    const web = await upsertPullRequestComment({ token: TOKEN, body: "web v1", markerSuffix: "apps/web", context: onPullRequest() });
    const apiAgain = await upsertPullRequestComment({ token: TOKEN, body: "api v2", markerSuffix: "apps/api", context: onPullRequest() });

    expect([api.outcome, web.outcome, apiAgain.outcome]).toEqual(["created", "created", "updated"]);
    expect(fake.comments(REPOSITORY, PR).map((comment) => comment.body)).toEqual([
      `${commentMarker()}\nreport of the repository root`,
      `${commentMarker("apps/api")}\napi v2`,
      `${commentMarker("apps/web")}\nweb v1`,
    ]);
  });

  it("cuts a body over GitHub's limit, with a pointer to the job summary, and GitHub accepts it", async () => {
    const huge = "| migration | statement |\n".repeat(5_000);
    expect(huge.length).toBeGreaterThan(FAKE_COMMENT_BODY_LIMIT);

    const created = await upsertPullRequestComment({ token: TOKEN, body: huge, context: onPullRequest() });
    const updated = await upsertPullRequestComment({ token: TOKEN, body: `${huge}more`, context: onPullRequest() });

    expect([created.outcome, updated.outcome]).toEqual(["created", "updated"]);
    const [comment] = markedComments();
    expect(comment.body.length).toBeLessThanOrEqual(FAKE_COMMENT_BODY_LIMIT);
    expect(comment.body).toContain(`[job summary](${RUN_URL})`);
    expect(fake.writes().map((request) => request.status)).toEqual([201, 200]);
  });

  it("skips a pull request from a fork with a notice, without calling GitHub", async () => {
    const result = await upsertPullRequestComment({
      token: TOKEN,
      body: "report",
      context: runContext(fake, pullRequestEvent(PR, "stranger/shop")),
    });

    expect(result.outcome).toBe("skipped");
    expect(result.reason).toMatch(/fork/);
    expect(log.text()).toMatch(/^::notice::.*fork/m);
    expect(fake.requests).toHaveLength(0);
  });

  it("skips with a notice when a read-only token is refused, without throwing", async () => {
    fake.allowToken(TOKEN, "read-only");
    const result = await upsertPullRequestComment({ token: TOKEN, body: "report", context: onPullRequest() });

    expect(result.outcome).toBe("skipped");
    expect(fake.writes().map((request) => request.status)).toEqual([403]);
    expect(fake.comments(REPOSITORY, PR)).toHaveLength(0);
    expect(log.text()).toMatch(/^::warning::.*Resource not accessible by integration/m);
  });

  it("names the permission to add when the job's token may not write pull requests", async () => {
    fake.allowToken(TOKEN, "read-only");
    const result = await upsertPullRequestComment({ token: TOKEN, body: "report", context: onPullRequest() });

    expect(result.reason).toContain("permissions: pull-requests: write");
    expect(log.text()).toMatch(/^::warning::.*permissions: pull-requests: write/m);
  });

  it("skips with a warning, after a single request, when GitHub fails", async () => {
    fake.failNext(1, 502);
    const result = await upsertPullRequestComment({ token: TOKEN, body: "report", context: onPullRequest() });

    expect(result.outcome).toBe("skipped");
    expect(result.reason).toContain("HTTP 502");
    expect(fake.requests).toHaveLength(1);
    expect(log.text()).toMatch(/^::warning::.*HTTP 502/m);
  });

  it("gives up on a request GitHub never answers", async () => {
    fake.leaveNextHanging(1);
    const result = await upsertPullRequestComment({ token: TOKEN, body: "report", context: onPullRequest(), requestTimeoutMs: 200 });

    expect(result.outcome).toBe("skipped");
    expect(result.reason).toContain("no answer from GitHub");
    expect(fake.requests).toHaveLength(1);
    expect(fake.comments(REPOSITORY, PR)).toHaveLength(0);
  }, 15_000);

  it("skips with a warning on bad credentials", async () => {
    const result = await upsertPullRequestComment({ token: "ghs_NotKnownToGitHub", body: "report", context: onPullRequest() });

    expect(result.outcome).toBe("skipped");
    expect(result.reason).toContain("Bad credentials");
    expect(result.reason).not.toContain("ghs_NotKnownToGitHub");
    expect(log.text()).not.toContain("ghs_NotKnownToGitHub");
  });

  it("skips an event that is not about a pull request", async () => {
    const result = await upsertPullRequestComment({ token: TOKEN, body: "report", context: runContext(fake, { ref: "refs/heads/main" }, "push") });

    expect(result.outcome).toBe("skipped");
    expect(fake.requests).toHaveLength(0);
  });

  it("reads the API URL, repository and pull request from the run's environment by default", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, runEnv(fake, pullRequestEvent(PR)));
    try {
      const result = await upsertPullRequestComment({ token: TOKEN, body: "report" });
      expect(result.outcome).toBe("created");
      expect(markedComments()).toHaveLength(1);
    } finally {
      process.env = saved;
    }
  });

  it("never prints the token", async () => {
    await upsertPullRequestComment({ token: TOKEN, body: "report", context: onPullRequest() });
    fake.allowToken(TOKEN, "read-only");
    const refused = await upsertPullRequestComment({ token: TOKEN, body: "report", context: runContext(fake, pullRequestEvent(8)) });
    fake.addPullRequest(REPOSITORY, 9);
    const denied = await upsertPullRequestComment({ token: TOKEN, body: "report", context: runContext(fake, pullRequestEvent(9)) });

    expect(log.text()).toContain("pull request #9");
    expect(log.text()).not.toContain(TOKEN);
    expect(JSON.stringify([refused, denied])).not.toContain(TOKEN);
  });
});
