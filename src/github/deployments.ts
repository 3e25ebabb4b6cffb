// GitHub Deployments mirror the Zeabur deploy on the pull request and in the repository's
// Environments page. They are a view of the deploy, not part of it: a token that may not write
// them, or a GitHub outage, costs a warning and nothing else.
import * as core from "@actions/core";
import { createGitHubClient, describeGitHubError, statusOf, type GitHubClient } from "./client.js";
import { readRunContext, runUrl, type GitHubRunContext } from "./run-context.js";
import { describeThrown } from "../errors.js";
import type { DeployRecorder } from "../core/ports.js";
import { DEPLOYMENT_RESOURCE, judgeAccess } from "../preflight/github.js";
import { observeTokenAccess } from "./token-access.js";

/** GitHub rejects a longer deployment status description with 422. */
export const DEPLOYMENT_DESCRIPTION_LIMIT = 140;

export type GitHubDeploymentOutcome = "success" | "failure" | "error";

export interface GitHubDeploymentOptions {
  readonly token: string;
  /** The GitHub environment, e.g. "production" or "preview". */
  readonly environment: string;
  readonly description?: string;
  /** For an environment that goes away (a preview): GitHub then stops showing it once replaced. */
  readonly transientEnvironment?: boolean;
  /** Defaults to the GITHUB_* environment of the run. */
  readonly context?: GitHubRunContext;
  readonly requestTimeoutMs?: number;
}

export interface GitHubDeploymentHandle {
  readonly id: number;
  /** Records the outcome; `environmentUrl` is where the deployed service answers. Never throws. */
  finish(state: GitHubDeploymentOutcome, environmentUrl?: string, description?: string): Promise<void>;
}

export function fitDeploymentDescription(text: string): string {
  const characters = [...text];
  return characters.length <= DEPLOYMENT_DESCRIPTION_LIMIT ? text : `${characters.slice(0, DEPLOYMENT_DESCRIPTION_LIMIT - 1).join("")}…`;
}

/**
 * Creates a deployment of GITHUB_SHA to `environment` and marks it in progress. Undefined when
 * GitHub would not record it; the reason has then been logged as a warning. Never throws.
 */
export async function startGitHubDeployment(options: GitHubDeploymentOptions): Promise<GitHubDeploymentHandle | undefined> {
  let context: GitHubRunContext;
  try {
    context = options.context ?? readRunContext();
  } catch (error) {
    core.warning(`No GitHub deployment recorded: the run's GitHub context is incomplete: ${describeThrown(error)}`);
    return undefined;
  }
  const client = createGitHubClient(options.token, { baseUrl: context.apiUrl, requestTimeoutMs: options.requestTimeoutMs });
  const repository = { owner: context.owner, repo: context.repo };
  const description = options.description === undefined ? undefined : fitDeploymentDescription(options.description);
  const warn = (action: string, error: unknown): void => warnAboutFailure(action, options.environment, error, options.token);

  let id: number;
  try {
    const { data } = await client.rest.repos.createDeployment({
      ...repository,
      ref: context.sha,
      environment: options.environment,
      description,
      // GitHub would otherwise merge the default branch into the ref, or refuse to deploy
      // while other checks of the commit are still pending.
      auto_merge: false,
      required_contexts: [],
      transient_environment: options.transientEnvironment ?? false,
    });
    if (!("id" in data)) {
      core.warning(`No GitHub deployment recorded for environment '${options.environment}': GitHub answered '${data.message ?? ""}'.`);
      return undefined;
    }
    id = data.id;
  } catch (error) {
    warn("record a GitHub deployment", error);
    return undefined;
  }
  core.info(`Recorded GitHub deployment ${id} to environment '${options.environment}'.`);

  const logUrl = runUrl(context);
  await setStatus(client, { ...repository, deployment_id: id, state: "in_progress", log_url: logUrl, description }, warn);
  return {
    id,
    async finish(state, environmentUrl, finalDescription) {
      await setStatus(
        client,
        {
          ...repository,
          deployment_id: id,
          state,
          log_url: logUrl,
          environment_url: environmentUrl,
          description: finalDescription === undefined ? undefined : fitDeploymentDescription(finalDescription),
        },
        warn,
      );
    },
  };
}

type DeploymentStatusRequest = Parameters<GitHubClient["rest"]["repos"]["createDeploymentStatus"]>[0];

async function setStatus(
  client: GitHubClient,
  request: DeploymentStatusRequest & { state: string },
  warn: (action: string, error: unknown) => void,
): Promise<void> {
  try {
    await client.rest.repos.createDeploymentStatus(request);
  } catch (error) {
    warn(`mark the GitHub deployment ${request.state}`, error);
  }
}

function warnAboutFailure(action: string, environment: string, error: unknown, token: string): void {
  const said = describeGitHubError(error, token);
  if (statusOf(error) === 403) {
    core.warning(
      `Could not ${action} for environment '${environment}': the token may not write deployments (${said}). ` +
        "Add `permissions: deployments: write` to the job (or the workflow) to see deployments in GitHub. The deploy itself continues.",
    );
    return;
  }
  core.warning(`Could not ${action} for environment '${environment}' (${said}). The deploy itself continues.`);
}

/**
 * GitHub Deployments as the deploy's recorder: the token is checked read-only before anything
 * changes, and a record the check proved impossible is not attempted (its warning was given).
 */
export function gitHubDeployRecorder(
  options: Omit<GitHubDeploymentOptions, "description" | "context"> & { readonly context: GitHubRunContext },
): DeployRecorder {
  let provenImpossible = false;
  return {
    async verify() {
      const judged = judgeAccess(await observeTokenAccess(options.token, options.context, { deployments: true }), DEPLOYMENT_RESOURCE);
      provenImpossible = judged.outcome === "warning";
      return { area: "GitHub", subject: `Deployments to environment '${options.environment}'`, ...judged };
    },
    async start(description) {
      if (provenImpossible) {
        core.info("No GitHub deployment recorded: the token cannot create one (see the warning given before any change).");
        return undefined;
      }
      return await startGitHubDeployment({ ...options, description });
    },
  };
}
