// The push-to-main flow through the bundle: migrate, then package and upload to Zeabur,
// then follow the deployment, with GitHub Deployments recording it.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { createFixtureApp, INIT_USER_SQL, repositoryRoot, type FixtureApp } from "../support/fixture-app.js";
import { createDatabase, holdPrismaLock, migrationRows, passwordOf } from "../support/database.js";
import { start as startFakeZeabur } from "../../stand-ins/fake-zeabur.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";
import { useStandIns, zeaburInputs } from "../support/stand-ins.js";

const GITHUB_TOKEN = "ghs_deployTokenForTests0123456789";
const standIns = useStandIns({ zeabur: { apiKey: "zbr_live_key_do_not_print_4242" }, github: { token: GITHUB_TOKEN, repository: "acme/shop" } });

function appWithSources(): FixtureApp {
  const app = createFixtureApp();
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  app.writeFile("package.json", '{ "name": "shop-api", "private": true }\n');
  app.writeFile("src/main.js", "console.log('shop api');\n");
  app.writeFile(".gitignore", "node_modules/\ncoverage/\n");
  app.writeFile("coverage/report.txt", "not shipped\n");
  app.writeFile(".env", "DATABASE_URL=postgresql://should-not-ship\n");
  return app;
}

function deployInputs(app: FixtureApp, url: string, extra: Record<string, string> = {}): Record<string, string> {
  return { command: "deploy", "database-url": url, "working-directory": app.dir, ...zeaburInputs(standIns.zeabur), "github-token": GITHUB_TOKEN, ...extra };
}

const env = () => ({ GITHUB_API_URL: standIns.github.url });

/** Requests that send code to Zeabur; the read-only check of the deploy target before the gate is not one. */
function uploadRequestsSince(before: number): number {
  return standIns.zeabur.requests.slice(before).filter((request) => request.route !== "graphql").length;
}

test("migrates, then uploads exactly once, and follows the deployment to RUNNING", async () => {
  const url = await createDatabase("deploy");
  const app = appWithSources();
  const before = standIns.zeabur.requests.length;
  const run = await runAction({ inputs: deployInputs(app, url), env: env() });

  expect(run.exitCode).toBe(0);
  expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init"]);
  expect(await migrationRows(url)).toHaveLength(1);
  const requests = standIns.zeabur.requests.slice(before);
  expect(requests.filter((request) => request.route === "create")).toHaveLength(1);
  expect(requests.filter((request) => request.route === "upload")).toHaveLength(1);
  expect(requests.filter((request) => request.route === "prepare")).toHaveLength(1);

  const put = requests.find((request) => request.route === "upload");
  const bytes = put?.body as Buffer;
  const declared = (requests.find((request) => request.route === "create")?.json as { content_hash: string }).content_hash;
  expect(createHash("sha256").update(bytes).digest("base64")).toBe(declared);
  expect(run.outputs["artifact-sha256"]).toBe(declared);
  expect(Number(run.outputs["artifact-bytes"])).toBe(bytes.length);
  const files = Object.keys(unzipSync(new Uint8Array(bytes))).sort();
  expect(files).toEqual(expect.arrayContaining(["package.json", "src/main.js", "prisma/schema.prisma", "prisma/migrations/20260101000000_init/migration.sql"]));
  expect(files).not.toContain(".env");
  expect(files.some((file) => file.startsWith("coverage/"))).toBe(false);
  expect(Number(run.outputs["artifact-files"])).toBe(files.length);

  expect(run.outputs["deployment-status"]).toBe("RUNNING");
  expect(run.outputs["deployment-id"]).toMatch(/^[0-9a-f]{24}$/);
  expect(run.outputs["deployment-url"]).toContain(run.outputs["deployment-id"]);
  expect(run.outputs["upload-id"]).not.toBe("");
  expect(run.summary).toContain(run.outputs["deployment-url"]);
  expect(run.summary).toContain(".env");

  const recorded = standIns.github.deployments("acme/shop").at(-1);
  expect(recorded?.environment).toBe("production");
  expect(recorded?.statuses.map((status) => status.state)).toEqual(["in_progress", "success"]);
  expect(recorded?.statuses.at(-1)?.environment_url).toBe(run.outputs["deployment-url"]);

  expectSecretAbsent(run, standIns.zeabur.apiKey);
  expectSecretAbsent(run, GITHUB_TOKEN);
  expectSecretAbsent(run, passwordOf(url));
});

test("upload sends the archive over HTTPS, as Zeabur's API and storage are reached", async () => {
  // A self-signed certificate for 127.0.0.1 (see __tests__/fixtures/tls/README.md), trusted by the run like a CA.
  const tls = path.join(repositoryRoot, "__tests__", "fixtures", "tls");
  const secure = await startFakeZeabur({ tls: { key: readFileSync(path.join(tls, "key.pem"), "utf8"), cert: readFileSync(path.join(tls, "cert.pem"), "utf8") } });
  try {
    const app = appWithSources();
    const run = await runAction({
      inputs: { command: "upload", "working-directory": app.dir, ...zeaburInputs(secure), "github-token": GITHUB_TOKEN, wait: "false" },
      env: { ...env(), NODE_EXTRA_CA_CERTS: path.join(tls, "cert.pem") },
    });

    expect(secure.url).toMatch(/^https:/);
    expect(run.exitCode).toBe(0);
    const puts = secure.requestsTo("upload");
    expect(puts).toHaveLength(1);
    expect(createHash("sha256").update(puts[0].body as Buffer).digest("base64")).toBe(run.outputs["artifact-sha256"]);
    expect(secure.requestsTo("prepare")).toHaveLength(1);
    expectSecretAbsent(run, secure.apiKey);
  } finally {
    await secure.stop();
  }
});

describe("the gate: nothing is sent to Zeabur unless the migrations succeeded", () => {
  test("a failing migration", async () => {
    const url = await createDatabase("gatefail");
    const app = appWithSources();
    app.addMigration("20260102000000_broken", `ALTER TABLE "Nope" ADD COLUMN "x" INTEGER;\n`);
    const before = standIns.zeabur.requests.length;
    const run = await runAction({ inputs: deployInputs(app, url), env: env() });
    expect(run.outputs["failure-reason"]).toBe("migration-failed");
    expect(uploadRequestsSince(before)).toBe(0);
    expect(run.outputs["upload-id"]).toBe("");
    // The archive was built (and reported) before the gate, but never sent.
    expect(run.outputs["artifact-sha256"]).toHaveLength(44);
  });

  test("a previous migration failed", async () => {
    const url = await createDatabase("gateprev");
    const app = appWithSources();
    app.addMigration("20260102000000_broken", `ALTER TABLE "Nope" ADD COLUMN "x" INTEGER;\n`);
    await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
    const before = standIns.zeabur.requests.length;
    const run = await runAction({ inputs: deployInputs(app, url), env: env() });
    expect(run.outputs["failure-reason"]).toBe("previous-migration-failed");
    expect(uploadRequestsSince(before)).toBe(0);
  });

  test("the lock stays busy", async () => {
    const url = await createDatabase("gatelock");
    const holder = await holdPrismaLock(url, "stuck-container");
    try {
      const before = standIns.zeabur.requests.length;
      const run = await runAction({ inputs: deployInputs(appWithSources(), url, { timeout: "2s" }), env: env() });
      expect(run.outputs["failure-reason"]).toBe("lock-busy");
      expect(uploadRequestsSince(before)).toBe(0);
      expect(standIns.github.deployments("acme/shop").filter((deployment) => deployment.statuses.length === 0)).toHaveLength(0);
    } finally {
      await holder.end();
    }
  });
});

test("a deployment that ends FAILED fails the run with its build log in the summary", async () => {
  standIns.zeabur.switches.deploymentOutcome = "FAILED";
  standIns.zeabur.switches.buildLog = ["#5 RUN npm run build", "error TS2304: Cannot find name 'prisma'.", "ERROR: failed to solve: exit code 2"];
  try {
    const app = appWithSources();
    const run = await runAction({ inputs: { ...deployInputs(app, ""), command: "upload", "database-url": "" }, env: env() });
    expect(run.exitCode).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("deploy-failed");
    expect(run.outputs["deployment-status"]).toBe("FAILED");
    expect(run.summary).toContain("error TS2304: Cannot find name 'prisma'.");
    expect(standIns.github.deployments("acme/shop").at(-1)?.statuses.at(-1)?.state).toBe("failure");
  } finally {
    standIns.zeabur.switches.deploymentOutcome = "RUNNING";
    standIns.zeabur.switches.buildLog = [];
  }
});

test("a deployment that never finishes ends with deploy-timeout", async () => {
  standIns.zeabur.switches.deploymentOutcome = "NEVER_FINISHES";
  try {
    const run = await runAction({
      inputs: { ...deployInputs(appWithSources(), ""), command: "upload", "database-url": "", "wait-timeout": "4s" },
      env: env(),
    });
    expect(run.outputs["failure-reason"]).toBe("deploy-timeout");
    expect(run.outputs["deployment-status"]).toBe("BUILDING");
  } finally {
    standIns.zeabur.switches.deploymentOutcome = "RUNNING";
  }
});

test("a deployment that reports RUNNING and crashes within settle-period fails as deploy-unhealthy, with its runtime log and the previous running deployment", async () => {
  const inputs = { ...deployInputs(appWithSources(), ""), command: "upload", "database-url": "", "settle-period": "0" };
  const first = await runAction({ inputs, env: env() });
  expect(first.exitCode).toBe(0);
  const previousId = first.outputs["deployment-id"];
  standIns.zeabur.switches.deploymentOutcome = "CRASHES_AFTER_RUNNING";
  try {
    const run = await runAction({ inputs: { ...inputs, "settle-period": "30s" }, env: env() });
    expect(run.exitCode).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("deploy-unhealthy");
    expect(run.outputs["deployment-status"]).toBe("CRASHED");
    expect(run.summary).toContain("reported RUNNING, then turned CRASHED within settle-period");
    expect(run.summary).toContain("Error: connect ECONNREFUSED 10.0.4.2:6379");
    expect(run.summary).toContain(previousId);
    expect(standIns.github.deployments("acme/shop").at(-1)?.statuses.at(-1)?.state).toBe("failure");
    expectSecretAbsent(run, standIns.zeabur.apiKey);
  } finally {
    standIns.zeabur.switches.deploymentOutcome = "RUNNING";
  }
});

test("health-url must answer 2xx after RUNNING: a service that answers 503 fails as deploy-unhealthy", async () => {
  const { createServer } = await import("node:http");
  const health = createServer((_request, response) => response.writeHead(503).end("starting"));
  await new Promise<void>((resolve) => health.listen(0, "127.0.0.1", resolve));
  const port = (health.address() as { port: number }).port;
  try {
    const inputs = { ...deployInputs(appWithSources(), ""), command: "upload", "database-url": "", "settle-period": "0", "health-url": `http://127.0.0.1:${port}/health` };
    const run = await runAction({ inputs, env: env() });
    expect(run.outputs["failure-reason"]).toBe("deploy-unhealthy");
    expect(run.summary).toMatch(/health-url did not answer 2xx in 10 tries: HTTP 503/);
  } finally {
    health.close();
  }
});
