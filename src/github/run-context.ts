// The run's GitHub context, read from the runner's environment on each call rather than
// through `github.context` (frozen at import), so that a test can point the action at a local
// API. Kept apart from the API client, which only the runs that talk to GitHub load.
import { readFileSync } from "node:fs";
import * as core from "@actions/core";
import { describeThrown } from "../errors.js";

export function githubApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
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
