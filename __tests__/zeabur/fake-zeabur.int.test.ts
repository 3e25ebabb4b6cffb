// The fake must stay as strict as Zeabur: a client it accepts has to work against the real
// service. These tests talk raw HTTP to it, so that no client library smooths anything over.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { start, type FakeZeabur, type Service } from "../../stand-ins/fake-zeabur.js";

interface RawAnswer {
  status: number;
  body: string;
}

let fake: FakeZeabur;
let service: Service;

beforeEach(async () => {
  fake = await start();
  service = fake.addService();
});

afterEach(async () => {
  await fake.stop();
});

/** One request with exactly these headers and this request line; `chunks` sent as given. */
async function raw(method: string, pathAndQuery: string, headers: Record<string, string>, chunks: Buffer[] = []): Promise<RawAnswer> {
  const { hostname, port } = new URL(fake.url);
  return await new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, method, path: pathAndQuery, headers, agent: false }, (response) => {
      const body: Buffer[] = [];
      response.on("data", (chunk: Buffer) => body.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(body).toString("utf8") }));
    });
    request.on("error", reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

const auth = (): Record<string, string> => ({ authorization: `Bearer ${fake.apiKey}`, "content-type": "application/json" });

async function postJson(path: string, body: unknown, headers: Record<string, string> = auth()): Promise<RawAnswer> {
  const text = Buffer.from(JSON.stringify(body));
  return await raw("POST", path, { ...headers, "content-length": String(text.length) }, [text]);
}

interface Created {
  upload_id: string;
  presign_url: string;
  presign_header: Record<string, string>;
  presign_method: string;
}

async function createUpload(bytes: Buffer): Promise<Created> {
  const answer = await postJson("/v2/upload", {
    content_hash: createHash("sha256").update(bytes).digest("base64"),
    content_hash_algorithm: "sha256",
    content_length: bytes.length,
  });
  expect(answer.status).toBe(201);
  return JSON.parse(answer.body) as Created;
}

function pathOf(presignUrl: string): string {
  return presignUrl.slice(fake.url.length);
}

async function put(created: Created, body: Buffer, headers: Record<string, string> = {}, target = pathOf(created.presign_url)): Promise<RawAnswer> {
  return await raw("PUT", target, { "content-type": "application/zip", "content-length": String(body.length), ...headers }, [body]);
}

describe("fake Zeabur storage: the pre-signed PUT", () => {
  const bytes = randomBytes(4096);

  test("accepts the PUT a correct client sends", async () => {
    const created = await createUpload(bytes);
    expect(created.presign_method).toBe("PUT");
    expect(created.presign_header).toEqual({ "Content-Type": "application/zip" });
    expect(created.presign_url).toMatch(/X-Amz-Expires=1800/);
    expect(created.presign_url).toMatch(/X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost/);
    expect(await put(created, bytes)).toEqual({ status: 200, body: "" });
    expect(fake.uploads.get(created.upload_id)?.uploaded).toBe(true);
  });

  test("rejects an unsigned x-amz-meta header", async () => {
    const created = await createUpload(bytes);
    const answer = await put(created, bytes, { "x-amz-meta-origin": "ci" });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("<Code>AccessDenied</Code>");
    expect(answer.body).toContain("not signed");
    expect(fake.uploads.get(created.upload_id)?.uploaded).toBe(false);
  });

  test("rejects chunked transfer encoding with 411 MissingContentLength", async () => {
    const created = await createUpload(bytes);
    const answer = await raw("PUT", pathOf(created.presign_url), { "content-type": "application/zip", "transfer-encoding": "chunked" }, [bytes]);
    expect(answer.status).toBe(411);
    expect(answer.body).toContain("<Code>MissingContentLength</Code>");
  });

  test("rejects a re-encoded query as SignatureDoesNotMatch", async () => {
    const created = await createUpload(bytes);
    const [path, query] = pathOf(created.presign_url).split("?");
    const reencoded = `${path}?${query.replace(/%2F/g, "/")}`;
    expect(reencoded).not.toBe(pathOf(created.presign_url));
    const answer = await put(created, bytes, {}, reencoded);
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("<Code>SignatureDoesNotMatch</Code>");
  });

  test("rejects a missing or altered signature", async () => {
    const created = await createUpload(bytes);
    const target = pathOf(created.presign_url);
    const altered = target.replace(/X-Amz-Signature=([0-9a-f])/, (_, first: string) => `X-Amz-Signature=${first === "0" ? "1" : "0"}`);
    expect((await put(created, bytes, {}, altered)).body).toContain("SignatureDoesNotMatch");
    expect((await put(created, bytes, {}, target.replace(/&X-Amz-Signature=[0-9a-f]+/, ""))).status).toBe(403);
  });

  test("rejects another Content-Type, a Content-Length other than the signed one", async () => {
    const created = await createUpload(bytes);
    const wrongType = await put(created, bytes, { "content-type": "application/octet-stream" });
    expect(wrongType.status).toBe(403);
    const shorter = bytes.subarray(0, 100);
    const wrongLength = await put(created, shorter);
    expect(wrongLength.status).toBe(403);
    expect(wrongLength.body).toContain("SignatureDoesNotMatch");
  });

  test("rejects an expired URL with AccessDenied 'Request has expired'", async () => {
    fake.switches.issueExpiredUrls = 1;
    const created = await createUpload(bytes);
    const answer = await put(created, bytes);
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");
  });

  test("rejects bytes whose SHA-256 differs from the declared one with BadDigest", async () => {
    const created = await createUpload(bytes);
    const other = Buffer.from(bytes);
    other[0] ^= 0xff;
    const answer = await put(created, other);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("<Code>BadDigest</Code>");
    expect(fake.uploads.get(created.upload_id)?.uploaded).toBe(false);
  });
});

describe("fake Zeabur API: create and prepare", () => {
  const hash = createHash("sha256").update("x").digest("base64");

  test("create validates its three fields", async () => {
    const valid = { content_hash: hash, content_hash_algorithm: "sha256", content_length: 10 };
    const shortHash = Buffer.alloc(31).toString("base64");
    for (const body of [
      { ...valid, content_hash: shortHash },
      { ...valid, content_hash: "not base64!" },
      { ...valid, content_hash_algorithm: "md5" },
      { ...valid, content_length: 0 },
      { ...valid, content_length: 1.5 },
      { content_hash: hash, content_hash_algorithm: "sha256" },
    ]) {
      expect((await postJson("/v2/upload", body)).status).toBe(400);
    }
    expect((await postJson("/v2/upload", valid)).status).toBe(201);
  });

  test("create refuses a declared size over the plan's limit", async () => {
    const answer = await postJson("/v2/upload", { content_hash: hash, content_hash_algorithm: "sha256", content_length: 52_428_801 });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      code: "REQUIRE_PAID_PLAN",
      error: expect.stringContaining("Upload size 52428801 bytes exceeds your plan's limit of 52428800 bytes."),
      limit: 52_428_800,
      content_length: 52_428_801,
    });
  });

  test("create and prepare need the key, as a Bearer token or a token cookie", async () => {
    const body = { content_hash: hash, content_hash_algorithm: "sha256", content_length: 10 };
    expect((await postJson("/v2/upload", body, { "content-type": "application/json" })).status).toBe(401);
    expect((await postJson("/v2/upload", body, { authorization: "Bearer wrong", "content-type": "application/json" })).status).toBe(401);
    expect((await postJson("/v2/upload", body, { cookie: `token=${fake.apiKey}`, "content-type": "application/json" })).status).toBe(201);
  });

  test("prepare: 404 unknown upload, 400 not uploaded, 401 without key, 404 unknown service or environment", async () => {
    const bytes = randomBytes(64);
    const created = await createUpload(bytes);
    const prepare = `/v2/upload/${created.upload_id}/prepare`;
    const target = { upload_type: "existing_service", service_id: service.serviceId, environment_id: service.environmentId };

    expect((await postJson("/v2/upload/ffffffffffffffffffffffff/prepare", target)).status).toBe(404);
    const early = await postJson(prepare, target);
    expect(early.status).toBe(400);
    expect(JSON.parse(early.body).code).toBe("UPLOAD_NOT_COMPLETED");
    expect((await put(created, bytes)).status).toBe(200);
    expect((await postJson(prepare, target, { "content-type": "application/json" })).status).toBe(401);
    expect((await postJson(prepare, { ...target, service_id: "0".repeat(24) })).status).toBe(404);
    expect((await postJson(prepare, { ...target, environment_id: "0".repeat(24) })).status).toBe(404);

    const done = await postJson(prepare, target);
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body).url).toMatch(
      new RegExp(`^https://zeabur\\.com/projects/${service.projectId}/services/${service.serviceId}/deployments/[0-9a-f]{24}\\?envID=${service.environmentId}$`),
    );
  });
});

describe("fake Zeabur GraphQL", () => {
  test("a bad token gets 401 in the documented error shape; unknown fields are refused", async () => {
    const query = { query: "query { deployments(serviceID: \"x\", environmentID: \"y\") { edges { node { _id } } } }" };
    const unauthorized = await postJson("/graphql", query, { authorization: "Bearer wrong", "content-type": "application/json" });
    expect(unauthorized.status).toBe(401);
    expect(JSON.parse(unauthorized.body)).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })], data: null });

    const unknownField = await postJson("/graphql", { query: "query { deployments(serviceID: \"x\") { edges { node { _id colour } } } }" });
    expect(JSON.parse(unknownField.body).errors[0].message).toContain("colour");
  });

  test("the deploy target as Zeabur's CLI reads it: me, service(_id:) with its project, environment(_id:) with its projectID, environments(projectID:)", async () => {
    const query = `query T($s: ObjectID!, $e: ObjectID!) {
      me { username }
      service(_id: $s) { _id name project { _id name } }
      environment(_id: $e) { _id name projectID }
    }`;
    const known = JSON.parse((await postJson("/graphql", { query, variables: { s: service.serviceId, e: service.environmentId } })).body);
    expect(known.errors).toBeUndefined();
    expect(known.data).toEqual({
      me: { username: expect.any(String) },
      service: { _id: service.serviceId, name: expect.any(String), project: { _id: service.projectId, name: expect.any(String) } },
      environment: { _id: service.environmentId, name: "production", projectID: service.projectId },
    });

    // A field that fails is null beside the others, with an error whose path names it, and HTTP 200.
    const unknown = await postJson("/graphql", { query, variables: { s: "0".repeat(24), e: "nope" } });
    expect(unknown.status).toBe(200);
    const partial = JSON.parse(unknown.body);
    expect(partial.data).toEqual({ me: { username: expect.any(String) }, service: null, environment: null });
    expect(partial.errors).toEqual([
      { message: "service not found", path: ["service"], extensions: { code: "NOT_FOUND" } },
      { message: expect.stringContaining("invalid ObjectID"), path: ["environment"], extensions: { code: "BAD_USER_INPUT" } },
    ]);

    const environments = await postJson("/graphql", { query: "query E($p: ObjectID!) { environments(projectID: $p) { _id name } }", variables: { p: service.projectId } });
    expect(JSON.parse(environments.body).data.environments).toEqual([{ _id: service.environmentId, name: "production" }]);

    const refused = await postJson("/graphql", { query, variables: { s: service.serviceId, e: service.environmentId } }, { authorization: "Bearer wrong", "content-type": "application/json" });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  test("status advances one step per read, newest deployment first, with both single-deployment argument spellings", async () => {
    const bytes = randomBytes(64);
    const created = await createUpload(bytes);
    await put(created, bytes);
    await postJson(`/v2/upload/${created.upload_id}/prepare`, { upload_type: "existing_service", service_id: service.serviceId, environment_id: service.environmentId });
    const id = fake.deployments[0].id;

    const list = "query L($s: ObjectID!, $e: ObjectID!) { deployments(serviceID: $s, environmentID: $e, perPage: 5) { edges { node { _id status } } } }";
    const statuses: string[] = [];
    for (let i = 0; i < 2; i++) {
      const answer = await postJson("/graphql", { query: list, variables: { s: service.serviceId, e: service.environmentId } });
      statuses.push(JSON.parse(answer.body).data.deployments.edges[0].node.status);
    }
    for (const argument of ["_id", "id"]) {
      const answer = await postJson("/graphql", { query: `query D($d: ObjectID!) { deployment(${argument}: $d) { _id status } }`, variables: { d: id } });
      statuses.push(JSON.parse(answer.body).data.deployment.status);
    }
    expect(statuses).toEqual(["PENDING", "BUILDING", "DEPLOYING", "RUNNING"]);
  });
});
