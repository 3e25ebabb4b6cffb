// One comment per pull request (per project, in a monorepo), updated in place on every push.
// The comment is a convenience next to the job summary: nothing here ever fails the run.
import * as core from "@actions/core";
import { commentMarker, fitCommentBody, hasMarker } from "./comment-body.js";
import { createGitHubClient, describeGitHubError, statusOf, type GitHubClient } from "./client.js";
import { pullRequestOfRun, readRunContext, runUrl, type GitHubRunContext, type PullRequestOfRun } from "./run-context.js";
import { describeThrown } from "../errors.js";
import type { ReviewContext } from "../core/ports.js";
import { commentResource, judgeAccess } from "../preflight/github.js";
import { observeTokenAccess } from "./token-access.js";

export interface PullRequestCommentOptions {
  readonly token: string;
  /** Markdown; cut to fit GitHub's limit, with a link to the job summary. */
  readonly body: string;
  /** Separates the comments of several projects in one repository, e.g. their working directory. */
  readonly markerSuffix?: string;
  /** Defaults to the GITHUB_* environment of the run. */
  readonly context?: GitHubRunContext;
  readonly requestTimeoutMs?: number;
}

export interface PullRequestCommentResult {
  readonly outcome: "created" | "updated" | "skipped";
  /** Why nothing was written, for the job summary. */
  readonly reason?: string;
  readonly url?: string;
}

const MISSING_PERMISSION = "Resource not accessible by integration";

/** Creates or updates the action's comment on the run's pull request. Never throws. */
export async function upsertPullRequestComment(options: PullRequestCommentOptions): Promise<PullRequestCommentResult> {
  let context: GitHubRunContext;
  try {
    context = options.context ?? readRunContext();
  } catch (error) {
    return skipped(`the run's GitHub context is incomplete: ${describeThrown(error)}`, core.warning);
  }
  const pullRequest = pullRequestOfRun(context);
  if (!pullRequest) {
    return skipped(`the '${context.eventName}' event is not about a pull request`, core.info);
  }
  if (pullRequest.fromFork) {
    return skipped(
      `pull request #${pullRequest.number} comes from a fork, and GitHub gives such runs a read-only token; the report is in the job summary`,
      core.notice,
    );
  }

  const marker = commentMarker(options.markerSuffix);
  const body = fitCommentBody(options.body, marker, runUrl(context));
  const client = createGitHubClient(options.token, { baseUrl: context.apiUrl, requestTimeoutMs: options.requestTimeoutMs });
  const issue = { owner: context.owner, repo: context.repo, issue_number: pullRequest.number };
  try {
    const existing = await findMarkedComment(client, issue, marker);
    if (existing) {
      const { data } = await client.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: existing, body });
      core.info(`Updated the report comment on pull request #${pullRequest.number}: ${data.html_url}`);
      return { outcome: "updated", url: data.html_url };
    }
    const { data } = await client.rest.issues.createComment({ ...issue, body });
    core.info(`Commented the report on pull request #${pullRequest.number}: ${data.html_url}`);
    return { outcome: "created", url: data.html_url };
  } catch (error) {
    const said = describeGitHubError(error, options.token);
    if (statusOf(error) !== 403) {
      return skipped(`could not comment on pull request #${pullRequest.number} (${said}); the report is in the job summary`, core.warning);
    }
    if (describeThrown(error).includes(MISSING_PERMISSION)) {
      return skipped(
        `could not comment on pull request #${pullRequest.number}: the token may not write pull request comments (${said}). ` +
          "Add `permissions: pull-requests: write` to the job (or the workflow); the report is in the job summary meanwhile",
        core.warning,
      );
    }
    return skipped(`GitHub refused the comment on pull request #${pullRequest.number} (${said}); the report is in the job summary`, core.notice);
  }
}

/** The id of the first comment carrying `marker`, looking through every page. */
async function findMarkedComment(
  client: GitHubClient,
  issue: { owner: string; repo: string; issue_number: number },
  marker: string,
): Promise<number | undefined> {
  for await (const page of client.paginate.iterator(client.rest.issues.listComments, { ...issue, per_page: 100 })) {
    const found = page.data.find((comment) => hasMarker(comment.body ?? "", marker));
    if (found) return found.id;
  }
  return undefined;
}

function skipped(reason: string, log: (message: string) => void): PullRequestCommentResult {
  log(`Pull request comment skipped: ${reason}.`);
  return { outcome: "skipped", reason };
}

/**
 * The run's pull request as where a report is published: the token is checked read-only
 * first (not for a fork's pull request, whose token GitHub makes read-only on purpose), and a
 * comment the check proved impossible is skipped without a second warning.
 */
export function gitHubCommentPublisher(
  token: string,
  context: GitHubRunContext,
  pullRequest: PullRequestOfRun,
): Required<Pick<ReviewContext, "publish">> & Pick<ReviewContext, "verify"> {
  let provenImpossible: string | undefined;
  return {
    verify: pullRequest.fromFork
      ? undefined
      : async () => {
          const observed = await observeTokenAccess(token, context, { comments: pullRequest.number });
          const judged = judgeAccess(observed, commentResource(pullRequest.number));
          if (judged.outcome === "warning") provenImpossible = judged.detail;
          return { area: "GitHub", subject: `comment on pull request #${pullRequest.number}`, ...judged };
        },
    async publish(markdown, markerSuffix) {
      if (provenImpossible) {
        skipped(`${provenImpossible} (found before the check ran)`, core.notice);
        return;
      }
      // The adapter logs the comment's URL itself.
      await upsertPullRequestComment({ token, body: markdown, markerSuffix, context });
    },
  };
}
