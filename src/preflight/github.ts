// Whether the GitHub token will be able to record a deploy (a Deployment) or comment on the
// pull request, judged read-only before the first change. Pure.
//
// What GitHub tells read-only, and what it does not:
// - A classic PAT or OAuth token: `X-OAuth-Scopes` on every answer lists its scopes, and
//   GET /repos/{owner}/{repo} says in `permissions.push` whether its user may write.
// - A GITHUB_TOKEN, a GitHub App's token or a fine-grained PAT: nothing lists the permissions
//   it holds; `X-Accepted-GitHub-Permissions` names only those an endpoint requires. A read of
//   the same resource answers 403 when the token has no access to it at all, which proves a
//   write would fail; a read that succeeds cannot tell read access from write access.
// A Deployment record and a comment are views of the run, never part of the deploy: what
// cannot work is a warning before migrating, never a failure.

export type TokenKind = "classic" | "fine-grained" | "installation" | "oauth" | "unknown";

/** The token's kind from its documented prefix (ghp_, github_pat_, ghs_, gho_). */
export function tokenKind(token: string): TokenKind {
  if (token.startsWith("ghp_")) return "classic";
  if (token.startsWith("github_pat_")) return "fine-grained";
  if (token.startsWith("ghs_")) return "installation";
  if (token.startsWith("gho_") || token.startsWith("ghu_")) return "oauth";
  return "unknown";
}

/** One answer of GitHub's API, as far as the judgement needs it; no status when none came. */
export interface GitHubAnswer {
  readonly status?: number;
  /** `X-OAuth-Scopes`, split; undefined when the header is absent (fine-grained actors). */
  readonly scopes?: readonly string[];
  /** `X-Accepted-GitHub-Permissions`: what the endpoint requires, e.g. `deployments=read`. */
  readonly acceptedPermissions?: string;
  /** GET /repos/{owner}/{repo}: whether the token's user may push. */
  readonly push?: boolean;
  readonly message?: string;
}

export interface AccessObservation {
  readonly token: TokenKind;
  readonly repository: string;
  /** GET /repos/{owner}/{repo}. */
  readonly repo: GitHubAnswer;
  /** A read of the resource to be written: the deployments, or the pull request's comments. */
  readonly probe: GitHubAnswer;
}

export interface AccessJudgement {
  readonly outcome: "passed" | "warning" | "unverifiable";
  readonly detail: string;
}

interface Resource {
  /** "create a GitHub Deployment", "comment on pull request #7". */
  readonly doing: string;
  /** The job permission that allows it: `deployments: write`. */
  readonly permission: string;
  /** Classic scopes that allow it. */
  readonly scopes: readonly string[];
  /** What happens instead when it cannot. */
  readonly consequence: string;
}

export const DEPLOYMENT_RESOURCE: Resource = {
  doing: "create a GitHub Deployment",
  permission: "deployments: write",
  scopes: ["repo", "repo_deployment"],
  consequence: "the deploy goes on without a GitHub Deployment record",
};

export function commentResource(pullRequest: number): Resource {
  return {
    doing: `comment on pull request #${pullRequest}`,
    permission: "pull-requests: write",
    scopes: ["repo", "public_repo"],
    consequence: "the report stays in the job summary only",
  };
}

function answered(answer: GitHubAnswer): string {
  return `HTTP ${answer.status}${answer.message ? `: ${answer.message}` : ""}`;
}

export function judgeAccess(observed: AccessObservation, resource: Resource): AccessJudgement {
  const cannot = (why: string, fix: string): AccessJudgement => ({
    outcome: "warning",
    detail: `the token cannot ${resource.doing} (${why}); ${resource.consequence}. ${fix}`,
  });
  const addPermission = `Add \`permissions: ${resource.permission}\` to the job (or the workflow).`;
  const { repo, probe } = observed;
  if (repo.status === undefined) return { outcome: "unverifiable", detail: `GitHub did not answer (${repo.message ?? "no answer"}); whether the token can ${resource.doing} shows when it tries` };
  if (repo.status === 401) return cannot(`GitHub refused it: ${answered(repo)}`, "Check the `github-token` input; the default `${{ github.token }}` works.");
  if (repo.status === 403 || repo.status === 404) return cannot(`it cannot see ${observed.repository}: ${answered(repo)}`, "Give the token access to this repository.");
  if (repo.scopes) {
    if (!resource.scopes.some((scope) => repo.scopes?.includes(scope))) {
      return cannot(`its scopes are ${repo.scopes.join(", ") || "none"}, and it needs ${resource.scopes.join(" or ")}`, `Create a token with the ${resource.scopes[0]} scope, or use \`\${{ github.token }}\` with \`permissions: ${resource.permission}\`.`);
    }
    if (repo.push === false) return cannot(`its user may not write to ${observed.repository}`, "Use a token of a user with write access.");
    return { outcome: "passed", detail: `scope ${repo.scopes.filter((scope) => resource.scopes.includes(scope)).join(", ")} and write access to ${observed.repository}` };
  }
  if (probe.status === 403 || probe.status === 404) {
    const needs = probe.acceptedPermissions ? ` GitHub requires ${probe.acceptedPermissions} for it.` : "";
    return cannot(`it may not even read them: ${answered(probe)}.${needs}`, addPermission);
  }
  if (probe.status === 200) {
    return {
      outcome: "unverifiable",
      detail: `the token may read what it would write, but GitHub does not tell a ${observed.token === "installation" || observed.token === "unknown" ? "GITHUB_TOKEN's" : "fine-grained token's"} write permissions read-only; without \`permissions: ${resource.permission}\` only that record fails, with a warning`,
    };
  }
  return { outcome: "unverifiable", detail: `GitHub answered ${probe.status === undefined ? probe.message ?? "nothing" : answered(probe)} to a read; whether the token can ${resource.doing} shows when it tries` };
}
