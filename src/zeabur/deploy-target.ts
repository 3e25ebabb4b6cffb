// Asks Zeabur, read-only, whether the key, the service and the environment of a deploy exist
// and belong together, before anything changes. The verdict is src/preflight/zeabur.ts's.
import { backoffDelay, Deadline } from "../deadline.js";
import { GateError } from "../errors.js";
import type { ZeaburSettings } from "../settings.js";
import { environmentMismatchCheck, judgeDeployTarget, type TargetVerdict } from "../preflight/zeabur.js";
import type { Judged } from "../preflight/checks.js";
import { NetworkFailure, postGraphql } from "./http.js";
import { DEFAULT_BACKOFF, redact, type OptionSpelling } from "./protocol.js";

/** `me` as Zeabur's API docs check a key; `service` and `environment` as Zeabur's CLI reads them. */
export const DEPLOY_TARGET_QUERY = `query DeployTarget($serviceID: ObjectID!, $environmentID: ObjectID!) {
  me { username }
  service(_id: $serviceID) { _id name project { _id name } }
  environment(_id: $environmentID) { _id name projectID }
}`;

/** Zeabur's CLI's ListEnvironments. */
const PROJECT_ENVIRONMENTS_QUERY = `query ProjectEnvironments($projectID: ObjectID!) {
  environments(projectID: $projectID) { _id name }
}`;

/** Long enough to ride out a gateway's hiccup; short, since the run has not started anything yet. */
const VERIFY_BUDGET_MS = 60_000;

/** The checks of the key, the service and the environment; a Zeabur that never answers within the budget is a failed check. */
export async function verifyDeployTarget(zeabur: ZeaburSettings, name: OptionSpelling, log: (line: string) => void): Promise<Judged[]> {
  const deadline = new Deadline(VERIFY_BUDGET_MS, "Zeabur to answer the read-only check of the deploy target");
  const ids = { serviceId: zeabur.serviceId, environmentId: zeabur.environmentId, apiUrl: zeabur.apiUrl };
  for (let attempt = 1; ; attempt++) {
    let verdict: TargetVerdict;
    try {
      const variables = { serviceID: zeabur.serviceId, environmentID: zeabur.environmentId };
      const answer = await postGraphql(zeabur, DEPLOY_TARGET_QUERY, variables, deadline, log);
      verdict = judgeDeployTarget(answer.status, redact(answer.body, zeabur.apiKey), ids, name);
    } catch (error) {
      if (!(error instanceof NetworkFailure)) throw error;
      verdict = { kind: "retry", why: redact(error.message, zeabur.apiKey) };
    }
    if (verdict.kind === "judged") {
      if (!verdict.mismatch) return verdict.checks;
      const environments = await environmentsOf(zeabur, verdict.mismatch.serviceProject, deadline);
      const mismatch = verdict.mismatch;
      const isEnvironment = (check: Judged) => check.outcome === "failed" && check.subject === name("zeabur-environment-id");
      return verdict.checks.map((check) => (isEnvironment(check) ? environmentMismatchCheck(ids, name, mismatch, environments) : check));
    }
    const delay = backoffDelay(attempt, DEFAULT_BACKOFF);
    if (deadline.remainingMs() <= delay) {
      throw new GateError(
        "zeabur-api-error",
        `Zeabur's API did not answer the read-only check of the deploy target within ${deadline.describe()} (${attempt} attempts; last: ${verdict.why}). An upload now would meet the same trouble after the migrations, so nothing was migrated or deployed.`,
        ["Look at Zeabur's status (https://status.zeabur.com) and re-run the workflow when it answers.", `Check ${name("zeabur-api-url")}: leave it empty for https://api.zeabur.com.`],
      );
    }
    log(`Zeabur did not answer the check of the deploy target (${verdict.why}); asking again in ${Math.round(delay / 1000)} s.`);
    await deadline.sleep(delay, "Zeabur to answer the check of the deploy target");
  }
}

/** Best effort: the list only makes the message more helpful. */
async function environmentsOf(zeabur: ZeaburSettings, projectId: string, deadline: Deadline): Promise<Array<{ _id: string; name?: string }>> {
  try {
    const answer = await postGraphql(zeabur, PROJECT_ENVIRONMENTS_QUERY, { projectID: projectId }, deadline);
    const body = JSON.parse(answer.body) as { data?: { environments?: Array<{ _id: string; name?: string }> | null } | null };
    return body.data?.environments ?? [];
  } catch {
    return [];
  }
}
