// The upload client and the deployment follower against the strict local fake of Zeabur.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Deadline } from "../../src/deadline.js";
import { GateError } from "../../src/errors.js";
import { renderDeploymentSection } from "../../src/report/deployment-section.js";
import type { ZeaburSettings } from "../../src/settings.js";
import { DeploymentError, followDeployment } from "../../src/zeabur/deployment-follower.js";
import { uploadArchive, type ArchiveToUpload, type UploadOptions } from "../../src/zeabur/upload-client.js";
import { start, type FakeZeabur, type Service } from "../../stand-ins/fake-zeabur.js";

const FAST_BACKOFF = { initialMs: 10, maxMs: 50, factor: 2, jitter: 0 };
const ARCHIVE_BYTES = 3 * 1024 * 1024 + 17;

let scratch: string;
let archive: ArchiveToUpload;
let archiveBytes: Buffer;
let fake: FakeZeabur;
let service: Service;
let logLines: string[];

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "zeabur-upload-"));
  archiveBytes = randomBytes(ARCHIVE_BYTES);
  const file = path.join(scratch, "archive.zip");
  writeFileSync(file, archiveBytes);
  archive = { file, bytes: archiveBytes.length, sha256Base64: createHash("sha256").update(archiveBytes).digest("base64") };
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeEach(async () => {
  fake = await start();
  service = fake.addService();
  logLines = [];
});

afterEach(async () => {
  await fake.stop();
  // Whatever a test did, the key must not have reached a log line.
  expect(logLines.join("\n")).not.toContain(fake.apiKey);
});

function settings(overrides: Partial<ZeaburSettings> = {}): ZeaburSettings {
  return { apiKey: fake.apiKey, serviceId: service.serviceId, environmentId: service.environmentId, apiUrl: fake.url, ...overrides };
}

function options(overrides: UploadOptions = {}): UploadOptions {
  return { log: (line) => logLines.push(line), backoff: FAST_BACKOFF, ...overrides };
}

const minute = (): Deadline => new Deadline(60_000, "the upload");

async function uploadFailure(zeabur: ZeaburSettings = settings(), uploadOptions: UploadOptions = options()): Promise<GateError> {
  const error = await uploadArchive(zeabur, archive, minute(), uploadOptions).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GateError);
  const gateError = error as GateError;
  expect(gateError.reason).toBe("upload-failed");
  expect([gateError.message, ...gateError.nextSteps].join("\n")).not.toContain(fake.apiKey);
  return gateError;
}

function sha256Base64(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("base64");
}

describe("uploadArchive against the fake Zeabur", () => {
  test("happy path: one create, one PUT with the file's exact bytes, one prepare, then the deployment runs", async () => {
    const uploaded = await uploadArchive(settings(), archive, minute(), options());

    expect(fake.requestsTo("create")).toHaveLength(1);
    expect(fake.requestsTo("upload")).toHaveLength(1);
    expect(fake.requestsTo("prepare")).toHaveLength(1);

    const create = fake.requestsTo("create")[0];
    expect(create.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(create.json).toEqual({ content_hash: archive.sha256Base64, content_hash_algorithm: "sha256", content_length: ARCHIVE_BYTES });

    const put = fake.requestsTo("upload")[0];
    expect(put.status).toBe(200);
    expect(put.headers["content-length"]).toBe(String(ARCHIVE_BYTES));
    expect(put.headers["transfer-encoding"]).toBeUndefined();
    expect(Object.keys(put.headers).filter((name) => name.startsWith("x-amz-"))).toEqual([]);
    expect(put.body?.equals(archiveBytes)).toBe(true);
    expect(sha256Base64(put.body as Buffer)).toBe(archive.sha256Base64);
    expect(fake.uploads.get(uploaded.uploadId)?.sha256OfReceived).toBe(archive.sha256Base64);

    const prepare = fake.requestsTo("prepare")[0];
    expect(prepare.path).toBe(`/v2/upload/${uploaded.uploadId}/prepare`);
    expect(prepare.json).toEqual({ upload_type: "existing_service", service_id: service.serviceId, environment_id: service.environmentId });

    expect(fake.deployments).toHaveLength(1);
    expect(uploaded.deploymentId).toBe(fake.deployments[0].id);
    expect(uploaded.deploymentUrl).toContain(`/deployments/${uploaded.deploymentId}`);
    expect(uploaded.attempts).toBe(1);

    const followed = await followDeployment(settings(), uploaded.deploymentId, minute(), { pollIntervalMs: 5, log: (line) => logLines.push(line) });
    expect(followed).toEqual({ status: "RUNNING", buildLogTail: [] });
    expect(logLines.some((line) => line.includes("BUILDING"))).toBe(true);
    expect(logLines.some((line) => line.includes("DEPLOYING"))).toBe(true);
  });

  test("the PUT goes to the pre-signed URL exactly as issued, query untouched", async () => {
    await uploadArchive(settings(), archive, minute(), options());
    const put = fake.requestsTo("upload")[0];
    expect(put.url).toMatch(/X-Amz-Checksum-Sha256=[^&]*%2B|X-Amz-Checksum-Sha256=[^&]*%2F|X-Amz-Checksum-Sha256=[^&]*%3D/);
    expect(put.url).toContain("X-Amz-Credential=FAKEACCESSKEY%2F");
    expect(put.status).toBe(200);
  });

  test("two 503s on the PUT, then success: every attempt sends the whole file from a fresh stream", async () => {
    fake.switches.fail("upload", { status: 503, times: 2 });
    const uploaded = await uploadArchive(settings(), archive, minute(), options());

    const puts = fake.requestsTo("upload");
    expect(puts.map((put) => put.status)).toEqual([503, 503, 200]);
    expect(puts.every((put) => put.bodyLength === ARCHIVE_BYTES)).toBe(true);
    expect(puts[2].body?.equals(archiveBytes)).toBe(true);
    expect(fake.requestsTo("create")).toHaveLength(1);
    expect(uploaded.attempts).toBe(3);
  });

  test("two 503s on create, then success", async () => {
    fake.switches.fail("create", { status: 503, times: 2 });
    await uploadArchive(settings(), archive, minute(), options());
    expect(fake.requestsTo("create").map((create) => create.status)).toEqual([503, 503, 201]);
    expect(fake.requestsTo("upload")).toHaveLength(1);
  });

  test("a connection dropped in the middle of the PUT body is retried with the whole file", async () => {
    fake.switches.drop("upload", { afterBytes: 1024 * 1024 });
    const uploaded = await uploadArchive(settings(), archive, minute(), options());

    const puts = fake.requestsTo("upload");
    expect(puts).toHaveLength(2);
    expect(puts[0].injected).toBe("drop");
    expect(puts[0].bodyLength).toBeLessThan(ARCHIVE_BYTES);
    expect(puts[1].body?.equals(archiveBytes)).toBe(true);
    expect(uploaded.attempts).toBe(2);
    expect(fake.uploads.get(uploaded.uploadId)?.uploaded).toBe(true);
  });

  test("an expired pre-signed URL leads to a new create, then success", async () => {
    fake.switches.issueExpiredUrls = 1;
    const uploaded = await uploadArchive(settings(), archive, minute(), options());

    expect(fake.requestsTo("create")).toHaveLength(2);
    const puts = fake.requestsTo("upload");
    expect(puts.map((put) => put.status)).toEqual([403, 200]);
    expect(fake.requestsTo("prepare")).toHaveLength(1);
    expect(fake.uploads.get(uploaded.uploadId)?.uploaded).toBe(true);
    expect(logLines.some((line) => /expired/i.test(line))).toBe(true);
  });

  test("401 on prepare: no retry, and the message says to check the API key", async () => {
    fake.switches.fail("prepare", { status: 401, body: JSON.stringify({ code: "UNAUTHENTICATED", error: "invalid or missing API key" }) });
    const error = await uploadFailure();

    expect(fake.requestsTo("prepare")).toHaveLength(1);
    expect(error.message).toContain("HTTP 401 UNAUTHENTICATED: invalid or missing API key");
    expect(error.message).toContain("starting the deployment");
    expect(error.nextSteps.join(" ")).toContain("zeabur-api-key");
  });

  test("a wrong API key is refused at create, once", async () => {
    const error = await uploadFailure(settings({ apiKey: "sk-not-the-right-key" }));
    expect(fake.requestsTo("create").map((create) => create.status)).toEqual([401]);
    expect(fake.requestsTo("upload")).toHaveLength(0);
    expect(error.message).toContain("401");
    expect(error.message).not.toContain("sk-not-the-right-key");
  });

  test("unknown service: 404 on prepare, no retry, names the ids to check", async () => {
    const error = await uploadFailure(settings({ serviceId: "0123456789abcdef01234567" }));
    expect(fake.requestsTo("prepare").map((prepare) => prepare.status)).toEqual([404]);
    expect(error.message).toContain("SERVICE_NOT_FOUND");
    expect(error.nextSteps.join(" ")).toContain("zeabur-service-id");
  });

  test("REQUIRE_PAID_PLAN: the plan's limit is reported with what to do, nothing is sent", async () => {
    await fake.stop();
    fake = await start({ planLimitBytes: 1024 * 1024 });
    service = fake.addService();
    const error = await uploadFailure();

    expect(fake.requestsTo("create")).toHaveLength(1);
    expect(fake.requestsTo("upload")).toHaveLength(0);
    expect(error.message).toContain("REQUIRE_PAID_PLAN");
    expect(error.message).toContain(`Upload size ${ARCHIVE_BYTES} bytes exceeds your plan's limit of 1048576 bytes`);
    expect(error.nextSteps.join(" ")).toMatch(/exclude/);
  });

  test("an HTML 502 gateway page is reported as a readable excerpt, without the key it echoed", async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>
      <body><center><h1>502 Bad Gateway</h1></center><hr><p>upstream sent Authorization: Bearer ${fake.apiKey}</p><center>nginx</center></body></html>`;
    fake.switches.fail("create", { status: 502, times: 10, body: page, contentType: "text/html" });
    const error = await uploadFailure(settings(), options({ maxAttemptsPerCall: 3 }));

    expect(fake.requestsTo("create")).toHaveLength(3);
    expect(error.message).toContain("HTTP 502: 502 Bad Gateway 502 Bad Gateway upstream sent Authorization: Bearer ***");
    expect(error.message).not.toMatch(/<|color:red/);
    expect(error.message).toContain("after 3 attempts");
  });

  test("429 with Retry-After: waits as told, then succeeds", async () => {
    fake.switches.fail("prepare", { status: 429, retryAfter: "1", body: JSON.stringify({ code: "RATE_LIMITED", error: "slow down" }) });
    await uploadArchive(settings(), archive, minute(), options());

    expect(fake.requestsTo("prepare").map((prepare) => prepare.status)).toEqual([429, 200]);
    expect(logLines.some((line) => line.includes("RATE_LIMITED") && line.includes("trying again in 1.0 s"))).toBe(true);
  });

  test("a Retry-After beyond the deadline ends the upload at once", async () => {
    fake.switches.fail("create", { status: 503, retryAfter: "3600" });
    const error = await uploadFailure();
    expect(fake.requestsTo("create")).toHaveLength(1);
    expect(error.message).toContain("the next try would start after");
  });

  test("an unreachable API is retried, then reported with the network error", async () => {
    const unreachable = settings({ apiUrl: "http://127.0.0.1:9" });
    const error = await uploadFailure(unreachable, options({ maxAttemptsPerCall: 3 }));
    expect(error.message).toMatch(/creating the upload .*no answer: .*ECONNREFUSED.*after 3 attempts/);
    expect(logLines.filter((line) => line.includes("trying again"))).toHaveLength(2);
  });

  test("a prepare answer without a deployment id: the deployment is found through GraphQL", async () => {
    fake.switches.prepareUrlWithoutDeploymentId = 1;
    const uploaded = await uploadArchive(settings(), archive, minute(), options());
    expect(uploaded.deploymentId).toBe(fake.deployments[0].id);
    expect(fake.requestsTo("graphql").length).toBeGreaterThan(0);
  });

  test("the API key appears in no error message or log line, whatever fails", async () => {
    const everything: string[] = [];
    const collect = (error: GateError): void => {
      everything.push(error.message, ...error.nextSteps);
    };
    const echo = `<html><body>token=${fake.apiKey} Bearer ${fake.apiKey}</body></html>`;
    for (const route of ["create", "upload", "prepare"] as const) {
      fake.switches.fail(route, { status: 500, times: 2, body: echo, contentType: "text/html" });
      collect(await uploadFailure(settings(), options({ maxAttemptsPerCall: 2 })));
    }
    fake.switches.fail("create", { status: 400, body: JSON.stringify({ code: "BAD", error: `key ${fake.apiKey} is odd` }) });
    collect(await uploadFailure());

    expect(everything.length).toBeGreaterThan(0);
    expect(logLines.length).toBeGreaterThan(0);
    expect([...everything, ...logLines].join("\n")).not.toContain(fake.apiKey);
    expect(everything.join("\n")).toContain("***");
  });
});

describe("followDeployment against the fake Zeabur", () => {
  async function startDeployment(): Promise<string> {
    return (await uploadArchive(settings(), archive, minute(), options())).deploymentId;
  }

  /** Follows a deployment that must end in failure, and returns that failure. */
  async function followFailure(zeabur: ZeaburSettings, deploymentId: string, deadline: Deadline): Promise<DeploymentError> {
    const error = await followDeployment(zeabur, deploymentId, deadline, { pollIntervalMs: 5, log: (line) => logLines.push(line) }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DeploymentError);
    return error as DeploymentError;
  }

  test("a deployment that ends FAILED: deploy-failed with the last 30 build log lines", async () => {
    fake.switches.deploymentOutcome = "FAILED";
    const deploymentId = await startDeployment();
    const failure = await followFailure(settings(), deploymentId, minute());

    expect(failure.reason).toBe("deploy-failed");
    expect(failure.message).toContain("FAILED");
    expect(failure.result.status).toBe("FAILED");
    expect(failure.result.buildLogTail).toHaveLength(30);
    expect(failure.result.buildLogTail.at(-1)).toBe("error: build failed with exit code 1");
    expect(failure.result.buildLogTail).not.toContain("#1 step 1/40 building");

    const section = renderDeploymentSection({
      upload: { uploadId: "u", attempts: 1 },
      deployment: { deploymentId, deploymentUrl: `https://zeabur.com/projects/p/services/s/deployments/${deploymentId}` },
      result: failure.result,
    });
    expect(section).toContain("error: build failed with exit code 1");
    expect(section).toContain("❌");
  });

  test("a deployment that never finishes: deploy-timeout naming the last status", async () => {
    fake.switches.deploymentOutcome = "NEVER_FINISHES";
    const deploymentId = await startDeployment();
    const timeout = await followFailure(settings(), deploymentId, new Deadline(300, "the deployment"));

    expect(timeout.reason).toBe("deploy-timeout");
    expect(timeout.message).toContain("its last status was BUILDING");
    expect(timeout.message).toContain("wait-timeout");
    expect(timeout.result.status).toBe("BUILDING");
  });

  test("GraphQL 503s and dropped connections while following are retried", async () => {
    const deploymentId = await startDeployment();
    fake.switches.fail("graphql", { status: 503, times: 2, body: "<html><body>Service Unavailable</body></html>", contentType: "text/html" });
    fake.switches.drop("graphql");
    const result = await followDeployment(settings(), deploymentId, minute(), {
      pollIntervalMs: 5,
      backoff: FAST_BACKOFF,
      log: (line) => logLines.push(line),
    });
    expect(result.status).toBe("RUNNING");
    expect(fake.requestsTo("graphql").filter((request) => request.injected)).toHaveLength(3);
  });

  test("a status read still unanswered when the wait ends is a timeout, not a failure", async () => {
    const deploymentId = await startDeployment();
    fake.switches.delay("graphql", { ms: 2000, times: 5 });
    const error = await followFailure(settings(), deploymentId, new Deadline(300, "the deployment"));
    expect(error.reason).toBe("deploy-timeout");
    expect(error.message).toContain("its status could never be read");
  });

  test("a bad token for GraphQL fails at once instead of waiting for the timeout", async () => {
    const deploymentId = await startDeployment();
    const error = await followFailure(settings({ apiKey: "sk-wrong" }), deploymentId, minute());
    expect(error.reason).toBe("deploy-failed");
    expect(error.message).toContain("401");
    expect(fake.requestsTo("graphql").map((request) => request.status)).toEqual([401]);
  });
});
