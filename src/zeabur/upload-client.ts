// Hands an archive to Zeabur: create an upload, PUT the bytes to the pre-signed URL, prepare
// a deployment of the service from it. Each call is retried when the failure is the network's
// or the service's passing trouble, never when repeating it would fail the same way.
import { statSync } from "node:fs";
import { backoffDelay, Deadline, type BackoffPolicy } from "../deadline.js";
import { formatDuration } from "../duration.js";
import { GateError } from "../errors.js";
import type { ZeaburSettings } from "../settings.js";
import { exchange, headerValue, NetworkFailure, queryGraphql, sendFile, type Answer } from "./http.js";
import {
  CREATE_TIMEOUT_MS,
  DEFAULT_BACKOFF,
  deploymentIdFromUrl,
  describeErrorAnswer,
  nextStepsForStatus,
  AS_INPUT,
  type OptionSpelling,
  PREPARE_TIMEOUT_MS,
  redact,
  retryAfterMs,
  retryDecisionForStatus,
  sendAttemptLimitMs,
} from "./protocol.js";

export interface ArchiveToUpload {
  readonly file: string;
  readonly bytes: number;
  /** Standard base64 (with padding) of the SHA-256 of exactly the file's bytes. */
  readonly sha256Base64: string;
}

export interface UploadedArchive {
  readonly uploadId: string;
  readonly deploymentId: string;
  /** The dashboard page of the deployment, as prepare answered it. */
  readonly deploymentUrl: string;
  /** How many times the bytes were sent; 1 when nothing went wrong. */
  readonly attempts: number;
}

export interface UploadOptions {
  readonly log?: (line: string) => void;
  readonly backoff?: BackoffPolicy;
  /** Tries per call (create, upload, prepare) before giving up. */
  readonly maxAttemptsPerCall?: number;
  /** How messages name options; the action's spelling when absent. */
  readonly optionName?: OptionSpelling;
  /** Fresh pre-signed URLs to ask for when one has expired before the bytes arrived. */
  readonly maxNewUploads?: number;
}

type Step = "create" | "upload" | "prepare";

const STEP_DESCRIPTIONS: Record<Step, string> = {
  create: "creating the upload (POST /v2/upload)",
  upload: "sending the archive to the pre-signed storage URL",
  prepare: "starting the deployment (POST /v2/upload/{id}/prepare)",
};

/** A rejected pre-signed URL that a fresh create will replace. */
class PresignedUrlExpired extends Error {}

interface Presigned {
  readonly uploadId: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The server's clock when it created the upload, for finding the deployment by time. */
  readonly createdAtMs: number;
}

export async function uploadArchive(
  zeabur: ZeaburSettings,
  archive: ArchiveToUpload,
  deadline: Deadline,
  options: UploadOptions = {},
): Promise<UploadedArchive> {
  const secretFree = (text: string): string => redact(text, zeabur.apiKey);
  const log = (line: string): void => options.log?.(secretFree(line));
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const maxAttempts = options.maxAttemptsPerCall ?? 5;
  const maxNewUploads = options.maxNewUploads ?? 2;
  const auth = { authorization: `Bearer ${zeabur.apiKey}` };

  const size = statSync(archive.file).size;
  if (size !== archive.bytes) {
    throw new GateError("upload-failed", `The archive ${archive.file} has ${size} bytes, not the ${archive.bytes} it was measured at: it changed after packaging.`);
  }

  const fail = (step: Step, detail: string, tries: number, nextSteps: string[]): GateError =>
    new GateError(
      "upload-failed",
      secretFree(`Zeabur upload failed while ${STEP_DESCRIPTIONS[step]}: ${detail}${tries > 1 ? ` (after ${tries} attempts)` : ""}.`),
      nextSteps.map(secretFree),
    );

  /** Runs one call until it answers with a success, retrying passing trouble within the deadline. */
  async function call(step: Step, send: () => Promise<Answer>, succeeded: (status: number) => boolean): Promise<{ answer: Answer; tries: number }> {
    for (let attempt = 1; ; attempt++) {
      let answer: Answer | undefined;
      let problem = "";
      let waitAtLeastMs = 0;
      try {
        answer = await send();
      } catch (error) {
        if (!(error instanceof NetworkFailure)) throw error;
        if (error.deadlineExpired) {
          throw fail(step, error.message, attempt, [
            `Raise ${(options.optionName ?? AS_INPUT)("upload-timeout")} if the archive (${archive.bytes} bytes) needs longer on this runner's connection.`,
            "A proxy or storage that takes the request and never answers ends the same way: check the runner's route to Zeabur and re-run the job.",
          ]);
        }
        problem = `no answer: ${error.message}`;
      }
      if (answer) {
        if (succeeded(answer.status)) return { answer, tries: attempt };
        const decision = retryDecisionForStatus(answer.status, answer.body);
        if (decision === "new-upload" && step === "upload") throw new PresignedUrlExpired(describeErrorAnswer(answer.status, answer.body));
        if (decision !== "retry") throw fail(step, describeErrorAnswer(answer.status, answer.body), attempt, nextStepsForStatus(answer.status, answer.body, step, options.optionName));
        problem = describeErrorAnswer(answer.status, answer.body);
        waitAtLeastMs = retryAfterMs(headerValue(answer, "retry-after")) ?? 0;
      }
      const nextSteps = answer ? nextStepsForStatus(answer.status, answer.body, step, options.optionName) : ["Check the runner's network connection to Zeabur and re-run the job."];
      if (attempt >= maxAttempts) throw fail(step, problem, attempt, nextSteps);
      const waitMs = Math.max(backoffDelay(attempt, backoff), waitAtLeastMs);
      if (waitMs >= deadline.remainingMs()) {
        throw fail(step, `${problem}; the next try would start after ${deadline.describe()} ends`, attempt, nextSteps);
      }
      log(`Zeabur ${step}: ${problem}; trying again in ${formatDuration(waitMs)} (attempt ${attempt + 1} of ${maxAttempts}).`);
      await deadline.sleep(waitMs);
    }
  }

  async function createUpload(): Promise<Presigned> {
    const { answer } = await call(
      "create",
      () =>
        exchange({
          url: `${zeabur.apiUrl}/v2/upload`,
          method: "POST",
          headers: { ...auth, "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ content_hash: archive.sha256Base64, content_hash_algorithm: "sha256", content_length: archive.bytes }),
          timeoutMs: CREATE_TIMEOUT_MS,
          deadline,
          onWaiting: log,
        }),
      (status) => status === 201 || status === 200,
    );
    const parsed = parseJsonObject(answer.body);
    const presignHeader = parsed?.presign_header;
    const { upload_id: uploadId, presign_url: url, presign_method: method } = parsed ?? {};
    if (typeof uploadId !== "string" || typeof url !== "string" || !/^https?:\/\//i.test(url)) {
      throw fail("create", `the answer (HTTP ${answer.status}) has no upload_id or presign_url: ${answer.body.slice(0, 200)}`, 1, [
        "Zeabur's upload API may have changed; report this with the log.",
      ]);
    }
    const headers: Record<string, string> = {};
    if (typeof presignHeader === "object" && presignHeader !== null) {
      for (const [name, value] of Object.entries(presignHeader)) {
        // The length is ours to state; everything else the storage signed must go as given.
        if (name.toLowerCase() !== "content-length" && typeof value === "string") headers[name] = value;
      }
    }
    const serverDate = Date.parse(headerValue(answer, "date") ?? "");
    return {
      uploadId,
      url,
      method: typeof method === "string" && method ? method.toUpperCase() : "PUT",
      headers,
      createdAtMs: Number.isNaN(serverDate) ? Date.now() : serverDate,
    };
  }

  let presigned: Presigned | undefined;
  let sends = 0;
  for (let newUploads = 0; !presigned; newUploads++) {
    const candidate = await createUpload();
    log(`Zeabur upload ${candidate.uploadId} created; sending ${archive.bytes} bytes.`);
    try {
      await call(
        "upload",
        () => {
          sends += 1;
          return sendFile({
            url: candidate.url,
            method: candidate.method,
            headers: candidate.headers,
            file: archive.file,
            bytes: archive.bytes,
            timeoutMs: sendAttemptLimitMs(archive.bytes, deadline.budgetMs),
            deadline,
            onWaiting: log,
          });
        },
        (status) => status >= 200 && status < 300,
      );
      presigned = candidate;
    } catch (error) {
      if (!(error instanceof PresignedUrlExpired)) throw error;
      if (newUploads >= maxNewUploads) {
        throw fail("upload", `${error.message}, and so did ${maxNewUploads} fresh pre-signed URLs`, sends, [
          "The runner's clock or connection may be far off; check the runner and re-run the job.",
        ]);
      }
      log(`Zeabur upload ${candidate.uploadId}: the pre-signed URL expired (${error.message}); asking for a new one.`);
    }
  }

  const { uploadId } = presigned;
  // Whether prepare is idempotent is undocumented; a retry after a lost answer may start a
  // second deployment of the same archive, which is harmless next to not deploying at all.
  const { answer: prepared } = await call(
    "prepare",
    () =>
      exchange({
        url: `${zeabur.apiUrl}/v2/upload/${encodeURIComponent(uploadId)}/prepare`,
        method: "POST",
        headers: { ...auth, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ upload_type: "existing_service", service_id: zeabur.serviceId, environment_id: zeabur.environmentId }),
        timeoutMs: PREPARE_TIMEOUT_MS,
        deadline,
        onWaiting: log,
      }),
    (status) => status === 200 || status === 201,
  );
  const deploymentUrl = parseJsonObject(prepared.body)?.url;
  if (typeof deploymentUrl !== "string") {
    throw fail("prepare", `the answer (HTTP ${prepared.status}) has no url: ${prepared.body.slice(0, 200)}`, 1, [
      "Zeabur's upload API may have changed; report this with the log.",
    ]);
  }
  const deploymentId =
    deploymentIdFromUrl(deploymentUrl) ?? (await newestDeploymentSince(zeabur, presigned.createdAtMs, deadline, log));
  if (!deploymentId) {
    throw fail("prepare", `Zeabur started a deployment (${deploymentUrl}) but neither its answer nor the service's deployment list names it`, 1, [
      `Follow the deployment in the dashboard: ${deploymentUrl}`,
    ]);
  }
  log(`Zeabur deployment ${deploymentId} started: ${deploymentUrl}`);
  return { uploadId, deploymentId, deploymentUrl, attempts: sends };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const RECENT_DEPLOYMENTS_QUERY = `query RecentDeployments($serviceID: ObjectID!, $environmentID: ObjectID!, $perPage: Int) {
  deployments(serviceID: $serviceID, environmentID: $environmentID, perPage: $perPage) {
    edges { node { _id status createdAt } }
  }
}`;

interface DeploymentList {
  deployments: { edges: Array<{ node: { _id: string; status: string; createdAt: string } }> };
}

/**
 * When prepare's URL names no deployment, the newest one created since the upload is ours.
 * The server's clock dates both, and its Date header has whole seconds, hence the second of slack.
 */
async function newestDeploymentSince(
  zeabur: ZeaburSettings,
  sinceMs: number,
  deadline: Deadline,
  log: (line: string) => void,
): Promise<string | undefined> {
  log("Zeabur's prepare answer names no deployment id; looking for the newest deployment of the service.");
  const lookup = deadline.sub(30_000, "finding the new deployment");
  for (let attempt = 1; !lookup.expired(); attempt++) {
    try {
      const data = await queryGraphql<DeploymentList>(
        zeabur,
        RECENT_DEPLOYMENTS_QUERY,
        { serviceID: zeabur.serviceId, environmentID: zeabur.environmentId, perPage: 5 },
        lookup,
      );
      const ours = data.deployments.edges
        .map((edge) => edge.node)
        .filter((node) => Date.parse(node.createdAt) >= sinceMs - 1000)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
      if (ours) return ours._id;
    } catch (error) {
      log(`Looking for the new deployment: ${(error as Error).message}`);
    }
    await lookup.sleep(backoffDelay(attempt, DEFAULT_BACKOFF));
  }
  return undefined;
}
