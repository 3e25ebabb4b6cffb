// Reads what GitHub says about the token, without writing anything: its scopes (classic
// tokens), whether it sees the repository, and whether it may read what it would write.
// Judged in src/preflight/github.ts.
import { describeThrown } from "../errors.js";
import { redactSecrets } from "../redact.js";
import { tokenKind, type AccessObservation, type GitHubAnswer } from "../preflight/github.js";
import { createGitHubClient, statusOf, type GitHubClient } from "./client.js";
import type { GitHubRunContext } from "./run-context.js";

/** The pull request's comments, or the repository's deployments. */
export type AccessProbe = { readonly deployments: true } | { readonly comments: number };

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === "string" ? value : undefined;
}

function scopesOf(headers: Record<string, unknown> | undefined): string[] | undefined {
  const value = header(headers, "x-oauth-scopes");
  return value === undefined ? undefined : value.split(",").map((scope) => scope.trim()).filter(Boolean);
}

/** What GitHub says of the token on any answer, refusals included. */
function tokenHeaders(headers: Record<string, unknown> | undefined): Pick<GitHubAnswer, "scopes" | "acceptedPermissions"> {
  return { scopes: scopesOf(headers), acceptedPermissions: header(headers, "x-accepted-github-permissions") };
}

async function read(
  client: GitHubClient,
  token: string,
  route: string,
  parameters: Record<string, unknown>,
): Promise<GitHubAnswer & { data?: unknown }> {
  try {
    const response = await client.request(route, parameters);
    return { status: response.status, ...tokenHeaders(response.headers as Record<string, unknown>), data: response.data };
  } catch (error) {
    const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers;
    const message = redactSecrets(describeThrown(error), [token]).split("\n")[0];
    return { status: statusOf(error), ...tokenHeaders(headers), message };
  }
}

export async function observeTokenAccess(token: string, context: GitHubRunContext, probe: AccessProbe): Promise<AccessObservation> {
  const client = createGitHubClient(token, { baseUrl: context.apiUrl });
  const repository = { owner: context.owner, repo: context.repo };
  const { data, ...repo } = await read(client, token, "GET /repos/{owner}/{repo}", repository);
  const push = (data as { permissions?: { push?: unknown } } | undefined)?.permissions?.push;
  const probed =
    "deployments" in probe
      ? await read(client, token, "GET /repos/{owner}/{repo}/deployments", { ...repository, per_page: 1 })
      : await read(client, token, "GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
          ...repository,
          issue_number: probe.comments,
          per_page: 1,
        });
  const { data: _probeData, ...probeAnswer } = probed;
  return {
    token: tokenKind(token),
    repository: `${context.owner}/${context.repo}`,
    repo: { ...repo, push: typeof push === "boolean" ? push : undefined },
    probe: probeAnswer,
  };
}
