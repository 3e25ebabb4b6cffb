// Follows a deployment that prepare started until Zeabur reports it running or failed, so the
// job's result is the deployment's, not merely the upload's.
import { abortAfter, backoffDelay, Deadline, type BackoffPolicy } from "../deadline.js";
import { formatDuration } from "../duration.js";
import { GateError } from "../errors.js";
import type { ZeaburSettings } from "../settings.js";
import { GraphqlFailure, queryGraphql } from "./http.js";
import { AS_INPUT, classifyDeploymentStatus, cleanLogLine, DEFAULT_BACKOFF, redact, type OptionSpelling } from "./protocol.js";

export interface DeploymentResult {
  /** The last status Zeabur reported, e.g. RUNNING; empty if none was ever read. */
  readonly status: string;
  /** The last build log lines, oldest first; read only when the deployment did not succeed. */
  readonly buildLogTail: readonly string[];
  /** The last runtime log lines; read only when a RUNNING deployment turned unhealthy. */
  readonly runtimeLogTail?: readonly string[];
  /** The newest other deployment that was RUNNING when the follow began: what to go back to. */
  readonly previousDeployment?: { readonly id: string; readonly url?: string };
}

/** A deployment that failed or did not finish in time, with what the job summary shows about it. */
export class DeploymentError extends GateError {
  constructor(
    reason: "deploy-failed" | "deploy-unhealthy" | "deploy-timeout",
    message: string,
    nextSteps: readonly string[],
    readonly result: DeploymentResult,
  ) {
    super(reason, message, nextSteps);
    this.name = "DeploymentError";
  }
}

export interface FollowOptions {
  /** Between status reads; Zeabur's own scripts poll every 3 to 5 s. */
  readonly pollIntervalMs?: number;
  /** Where status changes and passing trouble are told; silent when absent. */
  readonly log?: (line: string) => void;
  /** The state of the wait while nothing changes, for a terminal's progress line. */
  readonly progress?: (line: string) => void;
  readonly backoff?: BackoffPolicy;
  /** How messages name options; the action's spelling when absent. */
  readonly optionName?: OptionSpelling;
  /** Shown in messages so a person can open the deployment. */
  readonly deploymentUrl?: string;
  /** After RUNNING, keep following this long and fail if it turns to a failure status. */
  readonly settleMs?: number;
  /** After RUNNING, this URL must answer 2xx before the deployment counts as healthy. */
  readonly healthUrl?: string;
}

const DEPLOYMENTS_QUERY = `query DeploymentStatus($serviceID: ObjectID!, $environmentID: ObjectID!, $perPage: Int) {
  deployments(serviceID: $serviceID, environmentID: $environmentID, perPage: $perPage) {
    edges { node { _id status createdAt finishedAt } }
  }
}`;

const RUNTIME_LOGS_QUERY = `query RuntimeLogs($serviceID: ObjectID!, $environmentID: ObjectID!, $deploymentID: ObjectID!) {
  runtimeLogs(serviceID: $serviceID, environmentID: $environmentID, deploymentID: $deploymentID) { message timestamp }
}`;

const BUILD_LOGS_QUERY = `query BuildLogs($deploymentID: ObjectID!) {
  buildLogs(deploymentID: $deploymentID) { message timestamp }
}`;

/** Enough newer deployments of the same service that ours is still on the page. */
const DEPLOYMENTS_PER_PAGE = 20;
/** The build log lines kept for a deployment that did not succeed. */
const BUILD_LOG_LINES = 30;
/** Reading the log after the verdict gets its own time: the wait's deadline may be spent. */
const BUILD_LOG_BUDGET_MS = 15_000;
/** health-url is asked at most this often, each answer awaited at most HEALTH_REQUEST_MS. */
const HEALTH_MAX_TRIES = 10;
const HEALTH_REQUEST_MS = 10_000;
const HEALTH_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 5_000, factor: 2, jitter: 0.2 };

interface DeploymentList {
  deployments: { edges: Array<{ node: { _id: string; status: string } }> };
}

/**
 * Polls until RUNNING (returns) or a failure status (DeploymentError "deploy-failed"), or
 * until `deadline` (DeploymentError "deploy-timeout"). Statuses it does not know count as
 * in progress; errors that may pass are retried within the deadline.
 */
export async function followDeployment(
  zeabur: ZeaburSettings,
  deploymentId: string,
  deadline: Deadline,
  options: FollowOptions = {},
): Promise<DeploymentResult> {
  const log = (line: string): void => options.log?.(redact(line, zeabur.apiKey));
  const pollIntervalMs = options.pollIntervalMs ?? 3000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const name = options.optionName ?? AS_INPUT;
  const where = options.deploymentUrl ? ` (${options.deploymentUrl})` : "";
  const startedAt = Date.now();
  let status = "";
  let lastProblem = "";
  let consecutiveFailures = 0;
  let previousDeployment: DeploymentResult["previousDeployment"];
  let listRead = false;

  while (!deadline.expired()) {
    let waitMs = pollIntervalMs;
    try {
      const data = await queryGraphql<DeploymentList>(
        zeabur,
        DEPLOYMENTS_QUERY,
        { serviceID: zeabur.serviceId, environmentID: zeabur.environmentId, perPage: DEPLOYMENTS_PER_PAGE },
        deadline,
        log,
      );
      consecutiveFailures = 0;
      lastProblem = "";
      const nodes = data.deployments.edges.map((edge) => edge.node);
      if (!listRead) {
        listRead = true;
        const previous = nodes.find((candidate) => candidate._id !== deploymentId && classifyDeploymentStatus(candidate.status) === "succeeded");
        if (previous) previousDeployment = { id: previous._id, url: options.deploymentUrl?.replace(deploymentId, previous._id) };
      }
      const node = nodes.find((candidate) => candidate._id === deploymentId);
      if (!node) {
        lastProblem = `deployment ${deploymentId} is not among the service's ${DEPLOYMENTS_PER_PAGE} newest deployments yet`;
      } else if (node.status !== status) {
        status = node.status;
        log(`Zeabur deployment ${deploymentId}: ${status}`);
      }
    } catch (error) {
      if (!(error instanceof GraphqlFailure)) throw error;
      if (deadline.expired()) {
        lastProblem = error.message;
        break;
      }
      if (!error.transient) {
        throw new DeploymentError(
          "deploy-failed",
          `Could not read the status of Zeabur deployment ${deploymentId}${where}: ${error.message}`,
          [
            `Check that ${name("zeabur-api-key")} belongs to an account that can see the service, and that ${name("zeabur-service-id")} and ${name("zeabur-environment-id")} are right.`,
            "The deployment itself may still succeed; look at it in the Zeabur dashboard.",
          ],
          { status, buildLogTail: [] },
        );
      }
      consecutiveFailures += 1;
      lastProblem = error.message;
      waitMs = Math.max(pollIntervalMs, backoffDelay(consecutiveFailures, backoff), error.retryAfterMs ?? 0);
      log(`${error.message}; asking again in ${formatDuration(waitMs)}.`);
    }

    const state = status ? classifyDeploymentStatus(status) : "in-progress";
    if (state === "in-progress") {
      options.progress?.(`Waiting for Zeabur deployment ${deploymentId} (${status || "no status yet"}) for ${formatDuration(Date.now() - startedAt)}, until ${deadline.describe()} ends`);
    }
    if (state === "succeeded") {
      if (!options.settleMs && !options.healthUrl) return { status, buildLogTail: [], previousDeployment };
      return await settleAfterRunning(zeabur, deploymentId, deadline, options, { status, previousDeployment, log, where });
    }
    if (state === "failed") {
      const buildLogTail = await readLogTail(zeabur, "build", deploymentId, log);
      throw new DeploymentError(
        "deploy-failed",
        `Zeabur deployment ${deploymentId} ended ${status}${where}.`,
        [
          buildLogTail.length > 0
            ? "Read the last build log lines in the job summary; the full log is in the Zeabur dashboard."
            : "Read the build and runtime logs of the deployment in the Zeabur dashboard.",
          "The database migrations already ran and are not rolled back: the previous version of the service must work with the new schema until the fix is deployed.",
        ],
        { status, buildLogTail },
      );
    }
    await deadline.sleep(waitMs);
  }

  const waited = formatDuration(Date.now() - startedAt);
  const buildLogTail = await readLogTail(zeabur, "build", deploymentId, log);
  const lastSeen = status ? `its last status was ${status}` : "its status could never be read";
  throw new DeploymentError(
    "deploy-timeout",
    `Zeabur deployment ${deploymentId} did not finish within ${waited} (${name("wait-timeout")}); ${lastSeen}${lastProblem ? ` (last problem: ${lastProblem})` : ""}${where}.`,
    [
      "The deployment continues on Zeabur; look at it in the dashboard.",
      `If builds normally take longer, raise ${name("wait-timeout")}.`,
    ],
    { status, buildLogTail },
  );
}

type LogEntries = Array<{ message: string; timestamp: string }> | null;

/**
 * The last lines of a deployment's build or runtime log. Best effort: a missing log must not
 * hide the verdict it would only explain.
 */
async function readLogTail(
  zeabur: ZeaburSettings,
  kind: "build" | "runtime",
  deploymentId: string,
  log: (line: string) => void,
): Promise<string[]> {
  try {
    const entries =
      kind === "build"
        ? (
            await queryGraphql<{ buildLogs: LogEntries }>(
              zeabur,
              BUILD_LOGS_QUERY,
              { deploymentID: deploymentId },
              new Deadline(BUILD_LOG_BUDGET_MS, "reading the build log"),
              log,
            )
          ).buildLogs
        : (
            await queryGraphql<{ runtimeLogs: LogEntries }>(
              zeabur,
              RUNTIME_LOGS_QUERY,
              { serviceID: zeabur.serviceId, environmentID: zeabur.environmentId, deploymentID: deploymentId },
              new Deadline(BUILD_LOG_BUDGET_MS, "reading the runtime log"),
              log,
            )
          ).runtimeLogs;
    const lines = (entries ?? []).flatMap((entry) => entry.message.split(/\r?\n/)).map(cleanLogLine);
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines.slice(-BUILD_LOG_LINES).map((line) => redact(line, zeabur.apiKey));
  } catch (error) {
    log(`Could not read the ${kind} log of deployment ${deploymentId}: ${(error as Error).message}`);
    return [];
  }
}

interface Running {
  status: string;
  previousDeployment: DeploymentResult["previousDeployment"];
  log: (line: string) => void;
  where: string;
}

/**
 * RUNNING is not yet healthy: a service that crashes on start-up reports RUNNING first. Keeps
 * reading the status for the settle period and asks health-url until it answers 2xx; either
 * failing is a DeploymentError "deploy-unhealthy" with the runtime logs and the deployment to
 * go back to.
 */
async function settleAfterRunning(zeabur: ZeaburSettings, deploymentId: string, deadline: Deadline, options: FollowOptions, running: Running): Promise<DeploymentResult> {
  const name = options.optionName ?? AS_INPUT;
  const pollIntervalMs = options.pollIntervalMs ?? 3000;
  const settleMs = options.settleMs ?? 0;
  const settledAt = Date.now() + settleMs;
  let healthy = !options.healthUrl;
  let healthTries = 0;
  let lastHealth = "";
  const unhealthy = async (what: string): Promise<DeploymentError> => {
    const runtimeLogTail = await readLogTail(zeabur, "runtime", deploymentId, running.log);
    const previous = running.previousDeployment;
    return new DeploymentError(
      "deploy-unhealthy",
      `Zeabur deployment ${deploymentId}${running.where} reported RUNNING, then ${what}.`,
      [
        runtimeLogTail.length > 0 ? "Read its last runtime log lines in the job summary." : "Read its runtime logs in the Zeabur dashboard.",
        previous
          ? `The previous deployment that was running is ${previous.id}${previous.url ? ` (${previous.url})` : ""}: redeploy it from the Zeabur dashboard to go back.`
          : "No earlier running deployment of this service was found to go back to.",
        "The database migrations already ran and are not rolled back: the previous version of the service must work with the new schema until the fix is deployed.",
      ],
      { status: running.status, buildLogTail: [], runtimeLogTail, previousDeployment: previous },
    );
  };
  running.log(
    `Zeabur deployment ${deploymentId} is RUNNING; following it ${settleMs > 0 ? `for ${formatDuration(settleMs)} (${name("settle-period")})` : ""}${settleMs > 0 && options.healthUrl ? " and " : ""}${options.healthUrl ? `until ${name("health-url")} answers 2xx` : ""}.`,
  );
  for (;;) {
    try {
      const data = await queryGraphql<DeploymentList>(
        zeabur,
        DEPLOYMENTS_QUERY,
        { serviceID: zeabur.serviceId, environmentID: zeabur.environmentId, perPage: DEPLOYMENTS_PER_PAGE },
        deadline,
        running.log,
      );
      const node = data.deployments.edges.map((edge) => edge.node).find((candidate) => candidate._id === deploymentId);
      if (node && node.status !== running.status) {
        running.status = node.status;
        running.log(`Zeabur deployment ${deploymentId}: ${node.status}`);
        if (classifyDeploymentStatus(node.status) === "failed") throw await unhealthy(`turned ${node.status} within ${name("settle-period")}`);
      }
    } catch (error) {
      // A status that cannot be read for a moment says nothing about the service's health.
      if (!(error instanceof GraphqlFailure)) throw error;
      running.log(`Could not read the status while the deployment settles: ${error.message}`);
    }
    if (!healthy && options.healthUrl) {
      healthTries += 1;
      lastHealth = await probeHealth(options.healthUrl, Math.max(1, Math.min(HEALTH_REQUEST_MS, deadline.remainingMs())));
      healthy = lastHealth === "";
      if (healthy) running.log(`${name("health-url")} answered 2xx (try ${healthTries}).`);
      else if (healthTries >= HEALTH_MAX_TRIES) throw await unhealthy(`${name("health-url")} did not answer 2xx in ${healthTries} tries: ${lastHealth}`);
      else running.log(`${name("health-url")}: ${lastHealth}; asking again.`);
    }
    const now = Date.now();
    if (healthy && now >= settledAt) return { status: running.status, buildLogTail: [], previousDeployment: running.previousDeployment };
    if (deadline.expired()) {
      if (!healthy) throw await unhealthy(`${name("health-url")} did not answer 2xx before ${deadline.describe()} ended: ${lastHealth}`);
      running.log(`The settle period was cut short by ${deadline.describe()}; the deployment was still ${running.status}.`);
      return { status: running.status, buildLogTail: [], previousDeployment: running.previousDeployment };
    }
    const untilSettled = Math.max(0, settledAt - now);
    const wait = healthy ? Math.min(pollIntervalMs, untilSettled) : Math.min(backoffDelay(healthTries, HEALTH_BACKOFF), Math.max(pollIntervalMs, 1));
    options.progress?.(`Zeabur deployment ${deploymentId} ${running.status}: settling, ${formatDuration(untilSettled)} left`);
    await deadline.sleep(Math.max(wait, 1));
  }
}

/**
 * Empty when the URL answered 2xx; otherwise what it answered, for the message. `timeoutMs` is cut
 * to what is left of the wait, so a silent health-url cannot hold the run past wait-timeout.
 */
async function probeHealth(url: string, timeoutMs: number): Promise<string> {
  try {
    const response = await fetch(url, { redirect: "follow", signal: abortAfter(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    return response.status >= 200 && response.status < 300 ? "" : `HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    return `${(error as Error).name === "TimeoutError" ? `no answer within ${formatDuration(timeoutMs)}` : (error as Error).message}${cause ? ` (${cause})` : ""}`;
  }
}

