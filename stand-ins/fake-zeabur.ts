// A local stand-in for Zeabur's upload API, its S3-like storage and the GraphQL API, as strict
// as the real services (see the shared notes on the upload API): a client that passes here
// must work against Zeabur. Switches inject the failures the real network produces.
//
// The GraphQL answers the action's read-only check of a deploy target meets, and their sources:
// - `me { username }` is the query Zeabur's public API docs (developer/public-api) give to try
//   a key; Zeabur's CLI reads the same field (pkg/api/user.go, GetUserInfo).
// - `service(_id: ObjectID) { _id name project { _id name } }`: Zeabur's CLI, pkg/api/service.go
//   (getServiceByID) with pkg/model/service.go, whose Service has `project { _id }`.
// - `environment(_id: ObjectID) { _id name projectID }`: Zeabur's CLI, pkg/api/environment.go
//   (GetEnvironment) with pkg/model/environment.go; `environments(projectID:)` is its
//   ListEnvironments. An environment belongs to one project; Zeabur's CLI resolves a service's
//   environment from the service's project (internal/util/env.go, "every project has exactly
//   one environment"), so a service with another project's environment is a wrong pair.
// - A wrong key: HTTP 401, as Zeabur's CLI expects ("401 Unauthorized" in
//   internal/cmd/auth/login/login.go) and the shared API notes record, with a GraphQL error
//   coded UNAUTHENTICATED.
// - An unknown or malformed id: GraphQL's own rule for field errors (an error whose `path`
//   names the field, the field null, HTTP 200), and Zeabur's nullable root fields (partial
//   answers such as `{"data":{"deployments":null},"errors":[…]}`). Inferred: the codes
//   NOT_FOUND and BAD_USER_INPUT and the messages; no source gives Zeabur's wording.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";

export type Route = "create" | "upload" | "prepare" | "graphql";

export interface RecordedRequest {
  readonly route: Route | "unknown";
  readonly method: string;
  /** Path and raw query exactly as received. */
  readonly url: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Bytes of body received (for a dropped upload: up to the drop). */
  bodyLength: number;
  /** The received upload bytes, kept unless `keepBodies` is off. */
  body?: Buffer;
  /** JSON bodies of API calls, parsed. */
  json?: unknown;
  status?: number;
  /** What the fake did instead of answering normally, if anything. */
  injected?: "failure" | "drop" | "delay" | "hold";
}

export interface InjectedFailure {
  status: number;
  times?: number;
  retryAfter?: string;
  body?: string;
  contentType?: string;
}

export interface Service {
  readonly projectId: string;
  readonly serviceId: string;
  readonly environmentId: string;
  readonly name?: string;
}

/** CRASHES_AFTER_RUNNING: reports RUNNING for two reads, then CRASHED, as a service that dies on start-up does. */
export type DeploymentOutcome = "RUNNING" | "FAILED" | "NEVER_FINISHES" | "CRASHES_AFTER_RUNNING";

export interface Deployment {
  readonly id: string;
  readonly service: Service;
  readonly uploadId: string;
  readonly createdAt: string;
  readonly outcome: DeploymentOutcome;
  readonly buildLog: readonly string[];
  /** What the running service printed, as runtimeLogs answers it. */
  readonly runtimeLog: readonly string[];
  /** How many times a query has read the status; each read moves it one step. */
  reads: number;
}

export interface Upload {
  readonly id: string;
  readonly contentHash: string;
  readonly contentLength: number;
  uploaded: boolean;
  sha256OfReceived?: string;
}

export interface Switches {
  /** The plan's upload limit, checked at create from the declared length. */
  planLimitBytes: number;
  /** Answer BadDigest when the received bytes do not hash to X-Amz-Checksum-Sha256. */
  verifyChecksum: boolean;
  /** Keep received upload bytes for tests to read; off for large uploads (only hashed). */
  keepBodies: boolean;
  /** Presigned URLs issued from now on are already past their X-Amz-Expires, this many times. */
  issueExpiredUrls: number;
  /** How deployments created from now on end. */
  deploymentOutcome: DeploymentOutcome;
  /** Build log lines of deployments created from now on. */
  buildLog: readonly string[];
  /** Prepare answers a URL without a `/deployments/<id>` segment, this many times. */
  prepareUrlWithoutDeploymentId: number;
  /** Answers `times` requests on the route with this status (and body, Retry-After) instead. */
  fail(route: Route, failure: InjectedFailure): void;
  /** Destroys the connection mid-request `times` times; for uploads after `afterBytes` of body. */
  drop(route: Route, options?: { times?: number; afterBytes?: number }): void;
  /** Holds the answer back for `ms`, `times` times. */
  delay(route: Route, options: { ms: number; times?: number }): void;
  /**
   * Reads the whole request and never answers, like a hung proxy or a half-open connection, for the
   * next `times` requests on the route (every one when absent), after answering the first
   * `afterAnswering` of them; 0 answers again.
   */
  hold(route: Route, times?: number, afterAnswering?: number): void;
}

export interface FakeZeabur {
  readonly url: string;
  readonly apiKey: string;
  readonly requests: RecordedRequest[];
  readonly switches: Switches;
  readonly uploads: Map<string, Upload>;
  readonly deployments: Deployment[];
  /** Registers a service the API key can deploy to. */
  addService(ids?: Partial<Service>): Service;
  requestsTo(route: Route): RecordedRequest[];
  stop(): Promise<void>;
}

export interface FakeZeaburOptions {
  apiKey?: string;
  planLimitBytes?: number;
  keepBodies?: boolean;
  /** Serve HTTPS with this key and certificate, as Zeabur and its storage do. */
  tls?: { key: string; cert: string };
}

export const DEFAULT_PLAN_LIMIT_BYTES = 52_428_800;
const PRESIGN_EXPIRES_SECONDS = 1800;
const SIGNED_HEADERS = "content-length;content-type;host";
const ZIP = "application/zip";
const STATUS_STEPS: Record<DeploymentOutcome, readonly string[]> = {
  RUNNING: ["PENDING", "BUILDING", "DEPLOYING", "RUNNING"],
  FAILED: ["PENDING", "BUILDING", "FAILED"],
  NEVER_FINISHES: ["PENDING", "BUILDING"],
  CRASHES_AFTER_RUNNING: ["PENDING", "BUILDING", "DEPLOYING", "RUNNING", "RUNNING", "CRASHED"],
};
const GRAPHQL_FIELDS = new Set([
  "query",
  "deployments",
  "deployment",
  "edges",
  "cursor",
  "node",
  "_id",
  "status",
  "createdAt",
  "startedAt",
  "finishedAt",
  "commitSHA",
  "commitMessage",
  "serviceID",
  "environmentID",
  "pageInfo",
  "hasNextPage",
  "endCursor",
  "buildLogs",
  "runtimeLogs",
  "message",
  "timestamp",
  "me",
  "username",
  "service",
  "name",
  "project",
  "environment",
  "environments",
  "projectID",
]);

/** The user the fake's API key belongs to. */
export const FAKE_USERNAME = "fake-zeabur-user";

const objectId = (): string => randomBytes(12).toString("hex");

export function defaultBuildLog(outcome: DeploymentOutcome): string[] {
  const lines = Array.from({ length: 40 }, (_, i) => `#${i + 1} step ${i + 1}/40 building`);
  if (outcome === "FAILED") lines.push("npm ERR! missing script: build", "error: build failed with exit code 1");
  else lines.push("build finished");
  return lines;
}

export function defaultRuntimeLog(outcome: DeploymentOutcome): string[] {
  if (outcome === "CRASHES_AFTER_RUNNING") {
    return ["Server listening on port 8080", "Error: connect ECONNREFUSED 10.0.4.2:6379", "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)", "Process exited with code 1"];
  }
  return outcome === "RUNNING" ? ["Server listening on port 8080"] : [];
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomBytes(8).toString("hex").toUpperCase()}</RequestId></Error>`;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

export async function start(options: FakeZeaburOptions = {}): Promise<FakeZeabur> {
  const apiKey = options.apiKey ?? `sk-${randomBytes(16).toString("hex")}`;
  const signingSecret = randomBytes(32);
  const requests: RecordedRequest[] = [];
  const uploads = new Map<string, Upload>();
  const deployments: Deployment[] = [];
  const services: Service[] = [];
  const failures = new Map<Route, Array<Required<Pick<InjectedFailure, "status">> & InjectedFailure & { times: number }>>();
  const drops = new Map<Route, Array<{ times: number; afterBytes?: number }>>();
  const delays = new Map<Route, Array<{ ms: number; times: number }>>();
  const holds = new Map<Route, { times: number; afterAnswering: number }>();
  const sockets = new Set<Socket>();
  let host = "";
  const scheme = options.tls ? "https" : "http";

  const switches: Switches = {
    planLimitBytes: options.planLimitBytes ?? DEFAULT_PLAN_LIMIT_BYTES,
    verifyChecksum: true,
    keepBodies: options.keepBodies ?? true,
    issueExpiredUrls: 0,
    deploymentOutcome: "RUNNING",
    buildLog: [],
    prepareUrlWithoutDeploymentId: 0,
    fail(route, failure) {
      const queue = failures.get(route) ?? [];
      queue.push({ ...failure, times: failure.times ?? 1 });
      failures.set(route, queue);
    },
    drop(route, dropOptions = {}) {
      const queue = drops.get(route) ?? [];
      queue.push({ times: dropOptions.times ?? 1, afterBytes: dropOptions.afterBytes });
      drops.set(route, queue);
    },
    delay(route, delayOptions) {
      const queue = delays.get(route) ?? [];
      queue.push({ ms: delayOptions.ms, times: delayOptions.times ?? 1 });
      delays.set(route, queue);
    },
    hold(route, times = Number.POSITIVE_INFINITY, afterAnswering = 0) {
      holds.set(route, { times, afterAnswering });
    },
  };

  function take<T extends { times: number }>(queues: Map<Route, T[]>, route: Route): T | undefined {
    const queue = queues.get(route);
    const next = queue?.[0];
    if (!next || !queue) return undefined;
    next.times -= 1;
    if (next.times <= 0) queue.shift();
    return next;
  }

  function sign(method: string, path: string, queryWithoutSignature: string, contentLength: string, contentType: string, hostHeader: string): string {
    const canonical = [method, path, queryWithoutSignature, `content-length:${contentLength}`, `content-type:${contentType}`, `host:${hostHeader}`, SIGNED_HEADERS].join("\n");
    return createHmac("sha256", signingSecret).update(canonical).digest("hex");
  }

  function presignedUrl(upload: Upload): string {
    const expired = switches.issueExpiredUrls > 0;
    if (expired) switches.issueExpiredUrls -= 1;
    const signedAt = Date.now() - (expired ? (PRESIGN_EXPIRES_SECONDS + 60) * 1000 : 0);
    const path = `/storage/zeabur-uploads/${upload.id}.zip`;
    const query = [
      "X-Amz-Algorithm=AWS4-HMAC-SHA256",
      `X-Amz-Checksum-Sha256=${encodeURIComponent(upload.contentHash)}`,
      `X-Amz-Credential=${encodeURIComponent(`FAKEACCESSKEY/${amzDate(signedAt).slice(0, 8)}/auto/s3/aws4_request`)}`,
      `X-Amz-Date=${amzDate(signedAt)}`,
      `X-Amz-Expires=${PRESIGN_EXPIRES_SECONDS}`,
      `X-Amz-SignedHeaders=${encodeURIComponent(SIGNED_HEADERS)}`,
      "x-id=PutObject",
    ].join("&");
    const signature = sign("PUT", path, query, String(upload.contentLength), ZIP, host);
    return `${scheme}://${host}${path}?${query}&X-Amz-Signature=${signature}`;
  }

  function authorized(req: IncomingMessage, allowCookie: boolean): boolean {
    const authorization = header(req, "authorization");
    if (authorization !== undefined) return authorization === `Bearer ${apiKey}`;
    if (!allowCookie) return false;
    const cookie = header(req, "cookie") ?? "";
    return cookie.split(";").some((part) => part.trim() === `token=${apiKey}`);
  }

  function send(res: ServerResponse, record: RecordedRequest, status: number, body: string, contentType: string, extraHeaders: Record<string, string> = {}): void {
    record.status = status;
    res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body), ...extraHeaders });
    res.end(body);
  }

  const json = (res: ServerResponse, record: RecordedRequest, status: number, body: unknown): void =>
    send(res, record, status, JSON.stringify(body), "application/json; charset=utf-8");

  const apiError = (res: ServerResponse, record: RecordedRequest, status: number, code: string, error: string, extra: Record<string, unknown> = {}): void =>
    json(res, record, status, { code, error, ...extra });

  const graphqlError = (res: ServerResponse, record: RecordedRequest, status: number, message: string, code: string): void =>
    json(res, record, status, { errors: [{ message, extensions: { code } }], data: null });

  function routeOf(method: string, path: string): Route | "unknown" {
    if (method === "POST" && path === "/v2/upload") return "create";
    if (method === "POST" && /^\/v2\/upload\/[^/]+\/prepare$/.test(path)) return "prepare";
    if (method === "POST" && path === "/graphql") return "graphql";
    if (path.startsWith("/storage/")) return "upload";
    return "unknown";
  }

  async function readBody(req: IncomingMessage, record: RecordedRequest): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
      record.bodyLength += (chunk as Buffer).length;
    }
    return Buffer.concat(chunks);
  }

  /** The body as JSON, kept in the record; undefined when it is not JSON. */
  function parseJson(body: Buffer, record: RecordedRequest): unknown {
    try {
      record.json = JSON.parse(body.toString("utf8")) as unknown;
      return record.json;
    } catch {
      return undefined;
    }
  }

  function statusOf(deployment: Deployment): string {
    const steps = STATUS_STEPS[deployment.outcome];
    return steps[Math.min(deployment.reads, steps.length - 1)];
  }

  function readDeployment(deployment: Deployment): Record<string, unknown> {
    const status = statusOf(deployment);
    deployment.reads += 1;
    const finished = status === "RUNNING" || status === "FAILED" || status === "CRASHED";
    return {
      _id: deployment.id,
      status,
      createdAt: deployment.createdAt,
      startedAt: deployment.createdAt,
      finishedAt: finished ? new Date().toISOString() : null,
      commitSHA: null,
      commitMessage: null,
      serviceID: deployment.service.serviceId,
      environmentID: deployment.service.environmentId,
    };
  }

  async function handleCreate(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): Promise<void> {
    const body = await readBody(req, record);
    if (!authorized(req, true)) return apiError(res, record, 401, "UNAUTHENTICATED", "invalid or missing API key");
    const parsed = parseJson(body, record) as Record<string, unknown> | null | undefined;
    if (parsed === undefined) return apiError(res, record, 400, "INVALID_REQUEST", "request body is not valid JSON");
    const { content_hash: hash, content_hash_algorithm: algorithm, content_length: length } = parsed ?? {};
    if (typeof hash !== "string" || !/^[A-Za-z0-9+/]{43}=$/.test(hash) || Buffer.from(hash, "base64").length !== 32) {
      return apiError(res, record, 400, "INVALID_REQUEST", "content_hash must be the standard base64 of a 32-byte SHA-256 digest");
    }
    if (algorithm !== "sha256") return apiError(res, record, 400, "INVALID_REQUEST", "content_hash_algorithm must be sha256");
    if (typeof length !== "number" || !Number.isInteger(length) || length <= 0) {
      return apiError(res, record, 400, "INVALID_REQUEST", "content_length must be a positive integer");
    }
    if (length > switches.planLimitBytes) {
      return apiError(
        res,
        record,
        400,
        "REQUIRE_PAID_PLAN",
        `Upload size ${length} bytes exceeds your plan's limit of ${switches.planLimitBytes} bytes. Please upgrade your plan to upload larger files.`,
        { limit: switches.planLimitBytes, content_length: length },
      );
    }
    const upload: Upload = { id: objectId(), contentHash: hash, contentLength: length, uploaded: false };
    uploads.set(upload.id, upload);
    json(res, record, 201, { presign_header: { "Content-Type": ZIP }, presign_method: "PUT", presign_url: presignedUrl(upload), upload_id: upload.id });
  }

  async function drain(req: IncomingMessage, record: RecordedRequest): Promise<void> {
    for await (const chunk of req) record.bodyLength += (chunk as Buffer).length;
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, record: RecordedRequest, rawUrl: string, drop?: { afterBytes?: number }): Promise<void> {
    const storageError = async (status: number, code: string, message: string): Promise<void> => {
      await drain(req, record);
      send(res, record, status, s3Error(code, message), "application/xml", { connection: "close" });
    };
    if (req.method !== "PUT") return storageError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    const [path, rawQuery = ""] = rawUrl.split(/\?(.*)/s);
    const params = new URLSearchParams(rawQuery);
    const uploadId = /^\/storage\/zeabur-uploads\/([0-9a-f]{24})\.zip$/.exec(path)?.[1];
    const upload = uploadId ? uploads.get(uploadId) : undefined;
    const signature = params.get("X-Amz-Signature");
    if (!upload || !signature || params.get("X-Amz-SignedHeaders") !== SIGNED_HEADERS) {
      return storageError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    }
    const signedAt = parseAmzDate(params.get("X-Amz-Date") ?? "");
    const expires = Number(params.get("X-Amz-Expires"));
    if (signedAt === undefined || !Number.isInteger(expires)) {
      return storageError(403, "AuthorizationQueryParametersError", "X-Amz-Date and X-Amz-Expires must be present.");
    }
    if (Date.now() > signedAt + expires * 1000) return storageError(403, "AccessDenied", "Request has expired");
    const transferEncoding = header(req, "transfer-encoding");
    const contentLength = header(req, "content-length");
    if (transferEncoding !== undefined || contentLength === undefined) {
      return storageError(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
    }
    const unsigned = Object.keys(req.headers).filter((name) => name.startsWith("x-amz-"));
    if (unsigned.length > 0) {
      return storageError(403, "AccessDenied", `There were headers present in the request which were not signed: ${unsigned.join(", ")}`);
    }
    const queryWithoutSignature = rawQuery
      .split("&")
      .filter((part) => !part.startsWith("X-Amz-Signature="))
      .join("&");
    const expected = sign("PUT", path, queryWithoutSignature, contentLength, header(req, "content-type") ?? "", header(req, "host") ?? "");
    if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
      return storageError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    }

    const hash = createHash("sha256");
    const kept: Buffer[] = [];
    let completed = false;
    req.on("data", (chunk: Buffer) => {
      record.bodyLength += chunk.length;
      hash.update(chunk);
      if (switches.keepBodies) kept.push(chunk);
      if (drop && record.bodyLength >= (drop.afterBytes ?? Math.floor(upload.contentLength / 2))) {
        if (switches.keepBodies) record.body = Buffer.concat(kept);
        req.socket.destroy();
      }
    });
    await new Promise<void>((resolve) => {
      req.on("end", () => {
        completed = true;
        resolve();
      });
      req.on("close", () => resolve());
    });
    if (switches.keepBodies) record.body = Buffer.concat(kept);
    if (!completed || req.socket.destroyed) return;
    if (record.bodyLength !== upload.contentLength) {
      return storageError(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.");
    }
    const digest = hash.digest("base64");
    if (switches.verifyChecksum && digest !== params.get("X-Amz-Checksum-Sha256")) {
      return storageError(400, "BadDigest", "The SHA256 you specified did not match the calculated checksum.");
    }
    upload.uploaded = true;
    upload.sha256OfReceived = digest;
    record.status = 200;
    res.writeHead(200, { etag: `"${createHash("md5").update(digest).digest("hex")}"`, "content-length": 0 });
    res.end();
  }

  async function handlePrepare(req: IncomingMessage, res: ServerResponse, record: RecordedRequest, path: string): Promise<void> {
    const body = await readBody(req, record);
    if (!authorized(req, true)) return apiError(res, record, 401, "UNAUTHENTICATED", "invalid or missing API key");
    const uploadId = /^\/v2\/upload\/([^/]+)\/prepare$/.exec(path)?.[1] ?? "";
    const upload = uploads.get(uploadId);
    if (!upload) return apiError(res, record, 404, "UPLOAD_NOT_FOUND", `upload ${uploadId} not found`);
    const parsed = parseJson(body, record) as Record<string, unknown> | null | undefined;
    if (parsed === undefined) return apiError(res, record, 400, "INVALID_REQUEST", "request body is not valid JSON");
    if (parsed?.upload_type !== "existing_service") {
      return apiError(res, record, 400, "INVALID_REQUEST", "upload_type must be existing_service or new_project");
    }
    if (!upload.uploaded) return apiError(res, record, 400, "UPLOAD_NOT_COMPLETED", "the file has not been uploaded yet");
    const service = services.find((candidate) => candidate.serviceId === parsed.service_id);
    if (!service) return apiError(res, record, 404, "SERVICE_NOT_FOUND", `service ${String(parsed.service_id)} not found`);
    if (service.environmentId !== parsed.environment_id) {
      return apiError(res, record, 404, "ENVIRONMENT_NOT_FOUND", `environment ${String(parsed.environment_id)} not found`);
    }
    const deployment: Deployment = {
      id: objectId(),
      service,
      uploadId: upload.id,
      createdAt: new Date().toISOString(),
      outcome: switches.deploymentOutcome,
      buildLog: switches.buildLog.length > 0 ? [...switches.buildLog] : defaultBuildLog(switches.deploymentOutcome),
      runtimeLog: defaultRuntimeLog(switches.deploymentOutcome),
      reads: 0,
    };
    deployments.push(deployment);
    const base = `https://zeabur.com/projects/${service.projectId}/services/${service.serviceId}`;
    if (switches.prepareUrlWithoutDeploymentId > 0) {
      switches.prepareUrlWithoutDeploymentId -= 1;
      return json(res, record, 200, { url: `${base}?envID=${service.environmentId}` });
    }
    json(res, record, 200, { url: `${base}/deployments/${deployment.id}?envID=${service.environmentId}` });
  }

  function graphqlArgument(query: string, variables: Record<string, unknown>, name: string): unknown {
    const match = new RegExp(`\\b${name}\\s*:\\s*(\\$\\w+|"[^"]*"|-?\\d+)`).exec(query);
    if (!match) return undefined;
    const raw = match[1];
    if (raw.startsWith("$")) return variables[raw.slice(1)];
    if (raw.startsWith('"')) return raw.slice(1, -1);
    return Number(raw);
  }

  function unknownGraphqlField(query: string): string | undefined {
    const withoutArguments = query.replace(/"(?:[^"\\]|\\.)*"/g, "").replace(/\([^()]*\)/g, "");
    const words = withoutArguments.replace(/^\s*query\s+\w+/, "query").match(/[_A-Za-z][_0-9A-Za-z]*/g) ?? [];
    return words.find((word) => !GRAPHQL_FIELDS.has(word));
  }

  async function handleGraphql(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): Promise<void> {
    const body = await readBody(req, record);
    if (header(req, "authorization") !== `Bearer ${apiKey}`) {
      return graphqlError(res, record, 401, "unauthorized: invalid API key", "UNAUTHENTICATED");
    }
    const parsed = parseJson(body, record) as { query?: unknown; variables?: unknown } | null | undefined;
    if (typeof parsed?.query !== "string") return graphqlError(res, record, 400, "request body must be JSON with a query string", "BAD_REQUEST");
    const query = parsed.query;
    const variables = (parsed.variables ?? {}) as Record<string, unknown>;
    const unknownField = unknownGraphqlField(query);
    if (unknownField) return graphqlError(res, record, 422, `Cannot query field "${unknownField}"`, "GRAPHQL_VALIDATION_FAILED");
    const argumentOf = (name: string): unknown => graphqlArgument(query, variables, name);
    const badId = (value: unknown): boolean => typeof value !== "string" || !/^[0-9a-f]{24}$/.test(value);

    if (/\b(?:me|service|environment|environments)\s*[({]/.test(query)) return json(res, record, 200, deployTarget(query, variables));
    if (/\bdeployments\s*\(/.test(query)) {
      const serviceId = argumentOf("serviceID");
      const environmentId = argumentOf("environmentID");
      if (badId(serviceId) || badId(environmentId)) return graphqlError(res, record, 200, "invalid ObjectID", "BAD_USER_INPUT");
      const service = services.find((candidate) => candidate.serviceId === serviceId && candidate.environmentId === environmentId);
      if (!service) return graphqlError(res, record, 200, "permission denied", "FORBIDDEN");
      const perPage = Number(argumentOf("perPage") ?? 10);
      const newestFirst = deployments.filter((deployment) => deployment.service === service).reverse().slice(0, perPage);
      return json(res, record, 200, {
        data: { deployments: { edges: newestFirst.map((deployment) => ({ cursor: deployment.id, node: readDeployment(deployment) })), pageInfo: { hasNextPage: false, endCursor: null } } },
      });
    }
    if (/\bdeployment\s*\(/.test(query)) {
      const id = argumentOf("_id") ?? argumentOf("id");
      if (badId(id)) return graphqlError(res, record, 200, "invalid ObjectID", "BAD_USER_INPUT");
      const deployment = deployments.find((candidate) => candidate.id === id);
      if (!deployment) return graphqlError(res, record, 200, "deployment not found", "NOT_FOUND");
      return json(res, record, 200, { data: { deployment: readDeployment(deployment) } });
    }
    if (/\bbuildLogs\s*\(/.test(query)) {
      const id = argumentOf("deploymentID");
      if (badId(id)) return graphqlError(res, record, 200, "invalid ObjectID", "BAD_USER_INPUT");
      const deployment = deployments.find((candidate) => candidate.id === id);
      if (!deployment) return graphqlError(res, record, 200, "deployment not found", "NOT_FOUND");
      const startedAt = Date.parse(deployment.createdAt);
      return json(res, record, 200, {
        data: { buildLogs: deployment.buildLog.map((message, i) => ({ message, timestamp: new Date(startedAt + i * 100).toISOString() })) },
      });
    }
    if (/\bruntimeLogs\s*\(/.test(query)) {
      const serviceId = argumentOf("serviceID");
      const environmentId = argumentOf("environmentID");
      const id = argumentOf("deploymentID");
      if (badId(serviceId) || badId(environmentId) || badId(id)) return graphqlError(res, record, 200, "invalid ObjectID", "BAD_USER_INPUT");
      const service = services.find((candidate) => candidate.serviceId === serviceId && candidate.environmentId === environmentId);
      if (!service) return graphqlError(res, record, 200, "permission denied", "FORBIDDEN");
      const deployment = deployments.find((candidate) => candidate.id === id && candidate.service === service);
      if (!deployment) return graphqlError(res, record, 200, "deployment not found", "NOT_FOUND");
      const startedAt = Date.parse(deployment.createdAt);
      return json(res, record, 200, {
        data: { runtimeLogs: deployment.runtimeLog.map((message, i) => ({ message, timestamp: new Date(startedAt + 5_000 + i * 100).toISOString() })) },
      });
    }
    return graphqlError(res, record, 422, "the fake recognises deployments, deployment, buildLogs and runtimeLogs only", "GRAPHQL_VALIDATION_FAILED");
  }

  /**
   * The root fields `me`, `service`, `environment` and `environments` a query asks for, each
   * answered on its own: a field that fails is null, with an error whose path names it.
   */
  function deployTarget(query: string, variables: Record<string, unknown>): { data: Record<string, unknown>; errors?: unknown[] } {
    const data: Record<string, unknown> = {};
    const errors: unknown[] = [];
    const fieldError = (field: string, message: string, code: string): void => {
      data[field] = null;
      errors.push({ message, path: [field], extensions: { code } });
    };
    const badId = (value: unknown): boolean => typeof value !== "string" || !/^[0-9a-f]{24}$/.test(value);
    const projectName = (projectId: string): string => `project-${projectId.slice(-6)}`;
    if (/\bme\s*\{/.test(query)) data.me = { username: FAKE_USERNAME };
    if (/\bservice\s*\(/.test(query)) {
      const id = rootFieldId(query, "service", variables);
      const service = services.find((candidate) => candidate.serviceId === id);
      if (badId(id)) fieldError("service", `invalid ObjectID: ${String(id)}`, "BAD_USER_INPUT");
      else if (!service) fieldError("service", "service not found", "NOT_FOUND");
      else data.service = { _id: service.serviceId, name: service.name ?? `service-${service.serviceId.slice(-6)}`, project: { _id: service.projectId, name: projectName(service.projectId) } };
    }
    if (/\benvironment\s*\(/.test(query)) {
      const id = rootFieldId(query, "environment", variables);
      const owner = services.find((candidate) => candidate.environmentId === id);
      if (badId(id)) fieldError("environment", `invalid ObjectID: ${String(id)}`, "BAD_USER_INPUT");
      else if (!owner) fieldError("environment", "environment not found", "NOT_FOUND");
      else data.environment = { _id: owner.environmentId, name: "production", projectID: owner.projectId };
    }
    if (/\benvironments\s*\(/.test(query)) {
      const projectId = graphqlArgument(query, variables, "projectID");
      if (badId(projectId)) fieldError("environments", `invalid ObjectID: ${String(projectId)}`, "BAD_USER_INPUT");
      else {
        const ids = [...new Set(services.filter((candidate) => candidate.projectId === projectId).map((candidate) => candidate.environmentId))];
        data.environments = ids.map((id) => ({ _id: id, name: "production" }));
      }
    }
    return errors.length > 0 ? { data, errors } : { data };
  }

  /** The `_id` argument of one root field, when several fields of a query take one. */
  function rootFieldId(query: string, field: string, variables: Record<string, unknown>): unknown {
    const raw = new RegExp(`\\b${field}\\s*\\(\\s*_id\\s*:\\s*(\\$\\w+|"[^"]*")`).exec(query)?.[1];
    if (raw === undefined) return undefined;
    return raw.startsWith("$") ? variables[raw.slice(1)] : raw.slice(1, -1);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? "/";
    const path = rawUrl.split("?")[0];
    const route = routeOf(req.method ?? "", path);
    const record: RecordedRequest = { route, method: req.method ?? "", url: rawUrl, path, headers: { ...req.headers }, bodyLength: 0 };
    requests.push(record);
    if (route === "unknown") {
      await drain(req, record);
      return json(res, record, 404, { error: "not found", code: "NOT_FOUND" });
    }

    const held = holds.get(route);
    if (held && held.afterAnswering > 0) held.afterAnswering -= 1;
    else if (held && held.times > 0) {
      held.times -= 1;
      record.injected = "hold";
      // The connection stays open and silent until the client gives up (or stop() ends it).
      await drain(req, record);
      return;
    }
    const delay = take(delays, route);
    if (delay) {
      record.injected = "delay";
      await new Promise((resolve) => setTimeout(resolve, delay.ms));
    }
    const drop = take(drops, route);
    if (drop && route !== "upload") {
      record.injected = "drop";
      await drain(req, record);
      req.socket.destroy();
      return;
    }
    if (drop) record.injected = "drop";
    const failure = take(failures, route);
    if (failure) {
      record.injected = "failure";
      await drain(req, record);
      const headers: Record<string, string> = failure.retryAfter === undefined ? {} : { "retry-after": failure.retryAfter };
      const body = failure.body ?? JSON.stringify({ code: "SERVICE_UNAVAILABLE", error: `injected ${failure.status}` });
      return send(res, record, failure.status, body, failure.contentType ?? "application/json", headers);
    }
    switch (route) {
      case "create":
        return handleCreate(req, res, record);
      case "upload":
        return handleUpload(req, res, record, rawUrl, drop);
      case "prepare":
        return handlePrepare(req, res, record, path);
      case "graphql":
        return handleGraphql(req, res, record);
    }
  }

  const listener: RequestListener = (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`fake-zeabur failed: ${String(error)}`);
      }
    });
  };
  const server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${scheme}://${host}`,
    apiKey,
    requests,
    switches,
    uploads,
    deployments,
    addService(ids = {}) {
      const service: Service = {
        projectId: ids.projectId ?? objectId(),
        serviceId: ids.serviceId ?? objectId(),
        environmentId: ids.environmentId ?? objectId(),
      };
      services.push(service);
      return service;
    },
    requestsTo(route) {
      return requests.filter((request) => request.route === route);
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
