// The one place that builds a GitHub API client and reads the run's GitHub context. Reading
// the environment on each call, rather than through `github.context` (frozen at import), lets
// a test point the action at a local API.
import { readFileSync } from "node:fs";
import * as core from "@actions/core";
import { getOctokit } from "@actions/github";
import { describeThrown } from "../errors.js";
import { redactSecrets } from "../redact.js";

export type GitHubClient = ReturnType<typeof getOctokit>;

/** GitHub answers in well under a second; a request still open after this is not coming back. */
export const GITHUB_REQUEST_TIMEOUT_MS = 20_000;

export interface GitHubClientOptions {
  /** Defaults to GITHUB_API_URL, which GitHub Enterprise Server sets to its own API. */
  readonly baseUrl?: string;
  readonly requestTimeoutMs?: number;
}

export function githubApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
}

/**
 * An Octokit whose every request, pagination pages included, is aborted after the timeout.
 * @actions/github adds no retry or throttling plugin, so a failed request fails once, at once.
 */
export function createGitHubClient(token: string, options: GitHubClientOptions = {}): GitHubClient {
  const timeoutMs = options.requestTimeoutMs ?? GITHUB_REQUEST_TIMEOUT_MS;
  const client = getOctokit(token, {
    baseUrl: options.baseUrl ?? githubApiUrl(),
    log: { debug: core.debug, info: core.debug, warn: core.warning, error: core.error },
  });
  // A `before` hook, because the options a `wrap` hook passes on are dropped by the auth hook.
  client.hook.before("request", (requestOptions) => {
    requestOptions.request = { ...requestOptions.request, signal: AbortSignal.timeout(timeoutMs) };
  });
  return client;
}

/**
 * The HTTP status GitHub answered a failed request with; undefined when no answer came.
 * Octokit reports a timeout or a network error as status 500 too, but without a response.
 */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof status === "number" ? status : undefined;
}

/** GitHub's own message for a failed request, fit for a log line, with the token cut out. */
export function describeGitHubError(error: unknown, token: string): string {
  const status = statusOf(error);
  const message = redactSecrets(describeThrown(error), [token]);
  return status === undefined ? `no answer from GitHub: ${message}` : `HTTP ${status}: ${message}`;
}

export interface GitHubRunContext {
  readonly apiUrl: string;
  readonly serverUrl: string;
  readonly owner: string;
  readonly repo: string;
  readonly sha: string;
  readonly runId: string;
  readonly eventName: string;
  /** The webhook payload of the triggering event; {} when GITHUB_EVENT_PATH is absent. */
  readonly payload: unknown;
}

/** Throws when GITHUB_REPOSITORY is missing, which only happens outside GitHub Actions. */
export function readRunContext(env: NodeJS.ProcessEnv = process.env): GitHubRunContext {
  const [owner, repo, ...extra] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo || extra.length > 0) {
    throw new Error(`GITHUB_REPOSITORY is '${env.GITHUB_REPOSITORY ?? ""}', expected owner/repo: is this running in GitHub Actions?`);
  }
  return {
    apiUrl: githubApiUrl(env),
    serverUrl: (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, ""),
    owner,
    repo,
    sha: env.GITHUB_SHA ?? "",
    runId: env.GITHUB_RUN_ID ?? "",
    eventName: env.GITHUB_EVENT_NAME ?? "",
    payload: readEventPayload(env.GITHUB_EVENT_PATH),
  };
}

function readEventPayload(eventPath: string | undefined): unknown {
  if (!eventPath) return {};
  try {
    return JSON.parse(readFileSync(eventPath, "utf8")) as unknown;
  } catch (error) {
    core.debug(`Could not read the event payload at ${eventPath}: ${describeThrown(error)}`);
    return {};
  }
}

export function runUrl(context: GitHubRunContext): string {
  return `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${context.runId}`;
}

export interface PullRequestOfRun {
  readonly number: number;
  /** True when GitHub gives this run a read-only token because the changes come from a fork. */
  readonly fromFork: boolean;
}

interface PullRequestPayload {
  pull_request?: {
    number?: unknown;
    head?: { repo?: { full_name?: unknown } | null };
    base?: { repo?: { full_name?: unknown } | null };
  };
}

/** The pull request that triggered the run, if any. */
export function pullRequestOfRun(context: Pick<GitHubRunContext, "eventName" | "payload">): PullRequestOfRun | undefined {
  const pullRequest = (context.payload as PullRequestPayload | null)?.pull_request;
  if (!pullRequest || typeof pullRequest.number !== "number") return undefined;
  const head = pullRequest.head?.repo?.full_name;
  const base = pullRequest.base?.repo?.full_name;
  // A deleted fork leaves head.repo null. pull_request_target runs in the base repository
  // with its full token, whoever opened the pull request.
  const crossRepository = typeof head !== "string" || head !== base;
  return { number: pullRequest.number, fromFork: crossRepository && context.eventName !== "pull_request_target" };
}
