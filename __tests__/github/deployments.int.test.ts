import { DEPLOYMENT_DESCRIPTION_LIMIT, fitDeploymentDescription, startGitHubDeployment } from "../../src/github/deployments.js";
import { FakeGitHub } from "../support/fake-github.js";
import { captureLog, pullRequestEvent, REPOSITORY, RUN_URL, runContext, SHA, TOKEN, type CapturedLog } from "./harness.js";

const ZEABUR_URL = "https://shop-preview.zeabur.app";

let fake: FakeGitHub;
let log: CapturedLog;

beforeEach(async () => {
  fake = await FakeGitHub.start();
  fake.allowToken(TOKEN);
  fake.addRepository(REPOSITORY);
  log = captureLog();
});

afterEach(async () => {
  log.restore();
  await fake.close();
});

const context = () => runContext(fake, pullRequestEvent(7));

describe("startGitHubDeployment", () => {
  it("creates a deployment of the commit, marks it in progress, then successful with the service's URL", async () => {
    const handle = await startGitHubDeployment({ token: TOKEN, environment: "preview", description: "Deploy to Zeabur", context: context() });
    expect(handle).toBeDefined();

    const [deployment] = fake.deployments(REPOSITORY);
    expect(deployment).toMatchObject({
      id: handle?.id,
      ref: SHA,
      environment: "preview",
      description: "Deploy to Zeabur",
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
    });
    expect(deployment.statuses).toEqual([expect.objectContaining({ state: "in_progress", log_url: RUN_URL })]);

    await handle?.finish("success", ZEABUR_URL, "Deployed");

    expect(fake.deployments(REPOSITORY)).toHaveLength(1);
    expect(deployment.statuses.map((status) => status.state)).toEqual(["in_progress", "success"]);
    expect(deployment.statuses[1]).toMatchObject({ environment_url: ZEABUR_URL, log_url: RUN_URL, description: "Deployed" });
    expect(log.text()).not.toMatch(/::warning::/);
  });

  it("records a failed deploy as a failure, without an environment URL", async () => {
    const handle = await startGitHubDeployment({ token: TOKEN, environment: "production", context: context() });
    await handle?.finish("failure");

    const [deployment] = fake.deployments(REPOSITORY);
    expect(deployment.statuses.map((status) => status.state)).toEqual(["in_progress", "failure"]);
    expect(deployment.statuses[1]).toMatchObject({ environment_url: "", log_url: RUN_URL });
  });

  it("marks a preview environment transient when asked", async () => {
    await startGitHubDeployment({ token: TOKEN, environment: "pr-7", transientEnvironment: true, context: context() });
    expect(fake.deployments(REPOSITORY)[0].transient_environment).toBe(true);
  });

  it("shortens descriptions to what GitHub accepts", async () => {
    const long = "Migrations applied: ".concat("20240101000000_add_a_rather_long_named_table, ".repeat(10));
    const handle = await startGitHubDeployment({ token: TOKEN, environment: "production", description: long, context: context() });
    await handle?.finish("success", ZEABUR_URL, long);

    const [deployment] = fake.deployments(REPOSITORY);
    expect(deployment.statuses.map((status) => status.state)).toEqual(["in_progress", "success"]);
    expect([...deployment.statuses[1].description]).toHaveLength(DEPLOYMENT_DESCRIPTION_LIMIT);
    expect(deployment.statuses[1].description).toBe(fitDeploymentDescription(long));
    expect(deployment.statuses[1].description.startsWith("Migrations applied: 2024")).toBe(true);
    expect(log.text()).not.toMatch(/::warning::/);
  });

  it.each(["no-deployments", "read-only"] as const)(
    "warns, naming the permission to add, and lets the run go on when a %s token is refused",
    async (access) => {
      fake.allowToken(TOKEN, access);
      const handle = await startGitHubDeployment({ token: TOKEN, environment: "production", context: context() });

      expect(handle).toBeUndefined();
      expect(fake.requests.map((request) => request.status)).toEqual([403]);
      expect(fake.deployments(REPOSITORY)).toHaveLength(0);
      expect(log.text()).toMatch(/^::warning::.*permissions: deployments: write/m);
      expect(log.text()).not.toContain(TOKEN);
    },
  );

  it("warns and lets the run go on when GitHub fails to create the deployment", async () => {
    fake.failNext(1, 503);
    const handle = await startGitHubDeployment({ token: TOKEN, environment: "production", context: context() });

    expect(handle).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
    expect(log.text()).toMatch(/^::warning::.*HTTP 503/m);
    expect(log.text()).not.toMatch(/deployments: write/);
  });

  it("finishes without throwing when GitHub fails or never answers the final status", async () => {
    const handle = await startGitHubDeployment({ token: TOKEN, environment: "production", context: context(), requestTimeoutMs: 500 });
    fake.failNext(1, 500);
    await expect(handle?.finish("success", ZEABUR_URL)).resolves.toBeUndefined();
    fake.leaveNextHanging(1);
    await expect(handle?.finish("success", ZEABUR_URL)).resolves.toBeUndefined();

    expect(fake.deployments(REPOSITORY)[0].statuses.map((status) => status.state)).toEqual(["in_progress"]);
    expect(log.text()).toMatch(/^::warning::.*mark the GitHub deployment success.*HTTP 500/m);
    expect(log.text()).toMatch(/^::warning::.*mark the GitHub deployment success.*no answer from GitHub/m);
  }, 15_000);

  it("warns on bad credentials without printing the token", async () => {
    const handle = await startGitHubDeployment({
      token: "ghs_SomeOtherTokenNotAllowed",
      environment: "production",
      context: context(),
    });

    expect(handle).toBeUndefined();
    expect(log.text()).toMatch(/^::warning::.*Bad credentials/m);
    expect(log.text()).not.toContain("ghs_SomeOtherTokenNotAllowed");
  });
});

describe("fitDeploymentDescription", () => {
  it("keeps a short description and cuts a long one to 140 characters", () => {
    expect(fitDeploymentDescription("Deployed")).toBe("Deployed");
    const cut = fitDeploymentDescription("é".repeat(200));
    expect([...cut]).toHaveLength(DEPLOYMENT_DESCRIPTION_LIMIT);
    expect(cut.endsWith("…")).toBe(true);
  });
});
