// The one place that builds a GitHub API client. Loaded only by the runs that talk to GitHub:
// Octokit and its HTTP stack are most of what a run would otherwise parse at start-up.
import * as core from "@actions/core";
import { getOctokit } from "@actions/github";
import { describeThrown } from "../errors.js";
import { redactSecrets } from "../redact.js";
import { githubApiUrl } from "./run-context.js";

export type GitHubClient = ReturnType<typeof getOctokit>;

/** GitHub answers in well under a second; a request still open after this is not coming back. */
export const GITHUB_REQUEST_TIMEOUT_MS = 20_000;

export interface GitHubClientOptions {
  /** Defaults to GITHUB_API_URL, which GitHub Enterprise Server sets to its own API. */
  readonly baseUrl?: string;
  readonly requestTimeoutMs?: number;
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
