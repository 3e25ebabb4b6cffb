// The fake is only worth testing against if it refuses what GitHub refuses.
import { FAKE_COMMENT_BODY_LIMIT, FakeGitHub } from "../support/fake-github.js";

const TOKEN = "ghs_fakeSelfTest";
const SHA = "0123456789abcdef0123456789abcdef01234567";

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await FakeGitHub.start();
  fake.allowToken(TOKEN);
  fake.addPullRequest("acme/shop", 7);
});

afterEach(async () => {
  await fake.close();
});

async function call(method: string, path: string, body?: unknown, authorization: string | null = `token ${TOKEN}`) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { ...(authorization ? { authorization } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, link: response.headers.get("link"), json: (await response.json()) as any };
}

describe("FakeGitHub", () => {
  it("accepts the token as 'token X' or 'Bearer X' and refuses anything else as bad credentials", async () => {
    expect((await call("GET", "/repos/acme/shop/issues/7/comments")).status).toBe(200);
    expect((await call("GET", "/repos/acme/shop/issues/7/comments", undefined, `Bearer ${TOKEN}`)).status).toBe(200);
    const wrong = await call("GET", "/repos/acme/shop/issues/7/comments", undefined, "token ghs_other");
    expect(wrong).toMatchObject({ status: 401, json: { message: "Bad credentials" } });
    expect((await call("GET", "/repos/acme/shop/issues/7/comments", undefined, null)).status).toBe(401);
  });

  it("pages comments with a Link header, 30 by default and at most 100", async () => {
    for (let i = 0; i < 250; i++) fake.seedComment("acme/shop", 7, `comment ${i}`);

    const first = await call("GET", "/repos/acme/shop/issues/7/comments");
    expect(first.json).toHaveLength(30);
    const large = await call("GET", "/repos/acme/shop/issues/7/comments?per_page=500");
    expect(large.json).toHaveLength(100);
    const next = /<([^>]+)>; rel="next"/.exec(large.link ?? "")?.[1];
    expect(next).toMatch(/\/repositories\/\d+\/issues\/7\/comments\?per_page=500&page=2$/);
    expect(large.link).toMatch(/page=3>; rel="last"/);

    const second = await call("GET", new URL(next as string).pathname + new URL(next as string).search);
    expect(second.json[0].body).toBe("comment 100");
    const last = await call("GET", "/repos/acme/shop/issues/7/comments?per_page=100&page=3");
    expect(last.json).toHaveLength(50);
    expect(last.link).not.toContain('rel="next"');
    expect(last.link).toContain('rel="prev"');
  });

  it("refuses a comment over 65,536 characters with GitHub's validation error, on create and on update", async () => {
    const tooLong = "x".repeat(FAKE_COMMENT_BODY_LIMIT + 1);
    const created = await call("POST", "/repos/acme/shop/issues/7/comments", { body: tooLong });
    expect(created.status).toBe(422);
    expect(created.json).toMatchObject({ message: "Validation Failed", errors: [{ resource: "IssueComment", field: "data" }] });

    const ok = await call("POST", "/repos/acme/shop/issues/7/comments", { body: "x".repeat(FAKE_COMMENT_BODY_LIMIT) });
    expect(ok.status).toBe(201);
    expect((await call("PATCH", `/repos/acme/shop/issues/comments/${ok.json.id}`, { body: tooLong })).status).toBe(422);
    expect((await call("PATCH", `/repos/acme/shop/issues/comments/${ok.json.id}`, { body: "short" })).status).toBe(200);
    expect(fake.comments("acme/shop", 7).map((comment) => comment.body)).toEqual(["short"]);
  });

  it("answers 404 for an unknown comment, pull request or repository", async () => {
    expect((await call("PATCH", "/repos/acme/shop/issues/comments/424242", { body: "x" })).status).toBe(404);
    expect((await call("POST", "/repos/acme/shop/issues/8/comments", { body: "x" })).status).toBe(404);
    expect((await call("GET", "/repos/acme/other/issues/7/comments")).status).toBe(404);
  });

  it("lets a read-only token read but not write", async () => {
    fake.allowToken(TOKEN, "read-only");
    expect((await call("GET", "/repos/acme/shop/issues/7/comments")).status).toBe(200);
    const refused = await call("POST", "/repos/acme/shop/issues/7/comments", { body: "x" });
    expect(refused).toMatchObject({ status: 403, json: { message: "Resource not accessible by integration" } });
    expect((await call("POST", "/repos/acme/shop/deployments", { ref: SHA })).status).toBe(403);
  });

  it("lets a token without the deployments permission comment but not deploy", async () => {
    fake.allowToken(TOKEN, "no-deployments");
    expect((await call("POST", "/repos/acme/shop/issues/7/comments", { body: "x" })).status).toBe(201);
    expect((await call("POST", "/repos/acme/shop/deployments", { ref: SHA })).status).toBe(403);
  });

  it("validates deployments and their statuses", async () => {
    expect((await call("POST", "/repos/acme/shop/deployments", {})).status).toBe(422);
    expect((await call("POST", "/repos/acme/shop/deployments", { ref: "main" })).status).toBe(422);
    expect((await call("POST", "/repos/acme/shop/deployments", { ref: SHA, auto_merge: "no" })).status).toBe(422);
    const deployment = await call("POST", "/repos/acme/shop/deployments", { ref: SHA, environment: "preview" });
    expect(deployment).toMatchObject({ status: 201, json: { ref: SHA, sha: SHA, environment: "preview" } });

    const statuses = `/repos/acme/shop/deployments/${deployment.json.id}/statuses`;
    expect((await call("POST", statuses, { state: "done" })).status).toBe(422);
    const tooLong = await call("POST", statuses, { state: "success", description: "d".repeat(141) });
    expect(tooLong).toMatchObject({ status: 422, json: { message: "Validation Failed" } });
    expect((await call("POST", "/repos/acme/shop/deployments/999999/statuses", { state: "success" })).status).toBe(404);
    const accepted = await call("POST", statuses, { state: "success", description: "d".repeat(140), environment_url: "https://x.zeabur.app" });
    expect(accepted).toMatchObject({ status: 201, json: { state: "success", environment_url: "https://x.zeabur.app" } });
  });

  it("injects server errors, then answers normally, and records every request", async () => {
    fake.failNext(2, 503);
    expect((await call("GET", "/repos/acme/shop/issues/7/comments")).status).toBe(503);
    expect((await call("GET", "/repos/acme/shop/issues/7/comments")).status).toBe(503);
    expect((await call("GET", "/repos/acme/shop/issues/7/comments?page=2")).status).toBe(200);
    expect(fake.requests.map((request) => [request.method, request.path, request.status])).toEqual([
      ["GET", "/repos/acme/shop/issues/7/comments", 503],
      ["GET", "/repos/acme/shop/issues/7/comments", 503],
      ["GET", "/repos/acme/shop/issues/7/comments", 200],
    ]);
    expect(fake.requests[2].query).toEqual({ page: "2" });
  });
});
