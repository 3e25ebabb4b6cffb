import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describeGitHubError } from "../../src/github/client.js";
import { githubApiUrl, pullRequestOfRun, readRunContext, runUrl } from "../../src/github/run-context.js";

function pullRequestEvent(head: string | null, base = "acme/shop"): unknown {
  return {
    pull_request: {
      number: 7,
      head: { repo: head === null ? null : { full_name: head } },
      base: { repo: { full_name: base } },
    },
  };
}

describe("readRunContext", () => {
  it("reads the repository, commit, run and event payload of the run", () => {
    const eventPath = path.join(mkdtempSync(path.join(tmpdir(), "pgd-event-")), "event.json");
    writeFileSync(eventPath, JSON.stringify(pullRequestEvent("acme/shop")));
    const context = readRunContext({
      GITHUB_REPOSITORY: "acme/shop",
      GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
      GITHUB_RUN_ID: "4242",
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_SERVER_URL: "https://ghe.example.com/",
      GITHUB_API_URL: "https://ghe.example.com/api/v3/",
    });
    expect(context).toMatchObject({
      owner: "acme",
      repo: "shop",
      sha: "0123456789abcdef0123456789abcdef01234567",
      runId: "4242",
      eventName: "pull_request",
      apiUrl: "https://ghe.example.com/api/v3",
      serverUrl: "https://ghe.example.com",
    });
    expect(runUrl(context)).toBe("https://ghe.example.com/acme/shop/actions/runs/4242");
    expect(pullRequestOfRun(context)).toEqual({ number: 7, fromFork: false });
  });

  it("defaults to github.com and an empty payload", () => {
    const context = readRunContext({ GITHUB_REPOSITORY: "acme/shop", GITHUB_RUN_ID: "1" });
    expect(context.apiUrl).toBe("https://api.github.com");
    expect(runUrl(context)).toBe("https://github.com/acme/shop/actions/runs/1");
    expect(context.payload).toEqual({});
  });

  it("refuses a missing repository", () => {
    expect(() => readRunContext({})).toThrow(/GITHUB_REPOSITORY/);
  });
});

describe("githubApiUrl", () => {
  it("follows GITHUB_API_URL", () => {
    expect(githubApiUrl({ GITHUB_API_URL: "http://127.0.0.1:9999" })).toBe("http://127.0.0.1:9999");
    expect(githubApiUrl({})).toBe("https://api.github.com");
  });
});

describe("pullRequestOfRun", () => {
  it("is undefined for an event without a pull request", () => {
    expect(pullRequestOfRun({ eventName: "push", payload: { ref: "refs/heads/main" } })).toBeUndefined();
  });

  it("recognises a pull request from a fork, and one whose fork was deleted", () => {
    expect(pullRequestOfRun({ eventName: "pull_request", payload: pullRequestEvent("stranger/shop") })).toEqual({ number: 7, fromFork: true });
    expect(pullRequestOfRun({ eventName: "pull_request", payload: pullRequestEvent(null) })).toEqual({ number: 7, fromFork: true });
  });

  it("does not treat pull_request_target as read-only: it runs with the base repository's token", () => {
    expect(pullRequestOfRun({ eventName: "pull_request_target", payload: pullRequestEvent("stranger/shop") })).toEqual({
      number: 7,
      fromFork: false,
    });
  });
});

describe("describeGitHubError", () => {
  it("gives the status and GitHub's message, never the token", () => {
    const error = Object.assign(new Error("Bad credentials for ghs_secret123"), { status: 401, response: { status: 401 } });
    expect(describeGitHubError(error, "ghs_secret123")).toBe("HTTP 401: Bad credentials for ***");
  });

  it("does not pass a request that got no answer off as an HTTP status", () => {
    const error = Object.assign(new Error("The operation was aborted due to timeout"), { status: 500 });
    expect(describeGitHubError(error, "ghs_secret123")).toBe("no answer from GitHub: The operation was aborted due to timeout");
  });
});
