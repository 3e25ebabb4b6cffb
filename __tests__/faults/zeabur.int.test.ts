// The deploy side misbehaving, through the bundle with `command: upload` against the fake
// Zeabur: odd file names, a reset PUT, a stalled answer, an expired URL, 5xx past the retry
// budget, a deployment that fails late, a server that accepts TCP and never answers.
import { randomBytes } from "node:crypto";
import { unzipSync } from "fflate";
import { createFixtureApp, type FixtureApp } from "../support/fixture-app.js";
import { faultTest } from "../support/faults.js";
import { waitFor } from "../support/processes.js";
import { runAction, startAction } from "../support/run-action.js";
import { startSilentServer } from "../support/silent-server.js";
import { expectSecretAbsent } from "../support/secrets.js";
import { useStandIns, zeaburInputs } from "../support/stand-ins.js";

const standIns = useStandIns({ zeabur: { apiKey: "zbr_fault_key_never_printed_77" } });

function appWithSources(): FixtureApp {
  const app = createFixtureApp();
  app.writeFile("package.json", '{ "name": "shop-api", "private": true }\n');
  app.writeFile("src/main.js", "console.log('shop api');\n");
  return app;
}

function uploadInputs(app: FixtureApp, apiUrl = standIns.zeabur.url): Record<string, string> {
  return { command: "upload", "working-directory": app.dir, ...zeaburInputs(standIns.zeabur, apiUrl), "github-token": "" };
}

function requestsSince(before: number, route: string): number {
  return standIns.zeabur.requests.slice(before).filter((request) => request.route === route).length;
}

faultTest(
  {
    id: "file-names-spaces-newlines-unicode",
    area: "Zeabur",
    fault: "Files named with spaces, a newline and non-ASCII characters in the deploy folder",
    action: "Stores each under its exact name (UTF-8 flag), so the archive unpacks to the same files",
    userSees: "A successful deploy; the archive's entries are the files' real names",
  },
  async () => {
    const app = appWithSources();
    const names = ["docs/read me.txt", "src/line\nbreak.js", "public/café-日本語.txt", "public/emoji-🚀.txt"];
    for (const name of names) app.writeFile(name, `${name}\n`);
    const before = standIns.zeabur.requests.length;
    const run = await runAction({ inputs: uploadInputs(app) });
    expectSecretAbsent(run, standIns.zeabur.apiKey);
    expect(run.exitCode).toBe(0);
    const put = standIns.zeabur.requests.slice(before).find((request) => request.route === "upload");
    const entries = unzipSync(new Uint8Array(put?.body as Buffer));
    for (const name of names) expect(Buffer.from(entries[name]).toString()).toBe(`${name}\n`);
  },
);

faultTest(
  {
    id: "file-name-with-backslash",
    area: "Zeabur",
    fault: "A file whose name contains a backslash, which a ZIP cannot carry faithfully",
    action: "Refuses while planning the archive, before any request, naming the file and why",
    userSees: "`failure-reason: upload-failed` naming the file, the reason, and the `exclude` input to leave it out",
  },
  async () => {
    const app = appWithSources();
    app.writeFile("assets/win\\path.txt", "x\n");
    const before = standIns.zeabur.requests.length;
    const run = await runAction({ inputs: uploadInputs(app) });
    expectSecretAbsent(run, standIns.zeabur.apiKey);
    expect(run.outputs["failure-reason"]).toBe("upload-failed");
    expect(run.summary).toContain('"assets/win\\\\path.txt"');
    expect(run.summary).toContain("backslash");
    expect(run.summary).toContain("`exclude`");
    expect(run.summary).not.toMatch(/changed or vanished/);
    expect(standIns.zeabur.requests.length).toBe(before);
  },
);

faultTest(
  {
    id: "put-connection-reset",
    area: "Zeabur",
    fault: "The storage resets the connection in the middle of the archive's PUT",
    action: "Sends the archive again from the start (re-reading the file), within the retry budget",
    userSees: "A successful deploy; the log says which attempt failed and why",
  },
  async () => {
    const app = appWithSources();
    // Incompressible, so the archive is past the point where the storage cuts the connection.
    app.writeFile("public/big.bin", randomBytes(3 * 1024 * 1024).toString("base64"));
    standIns.zeabur.switches.drop("upload", { afterBytes: 1024 * 1024 });
    const before = standIns.zeabur.requests.length;
    const run = await runAction({ inputs: uploadInputs(app) });
    expect(run.exitCode).toBe(0);
    expect(requestsSince(before, "upload")).toBe(2);
    expect(run.stdout).toMatch(/Zeabur upload: no answer: 127\.0\.0\.1:\d+: .*trying again/);
    expectSecretAbsent(run, standIns.zeabur.apiKey);
  },
);

faultTest(
  {
    id: "put-answer-stalls",
    area: "Zeabur",
    fault: "The storage receives the whole archive, then holds its answer back for 12 s",
    action: "Keeps waiting within the call's limit and says every 10 s what it waits for",
    userSees: "A log line `All N bytes sent to <host>; waiting for its answer (10 s so far, limit …)`; the deploy succeeds",
  },
  async () => {
    const app = appWithSources();
    standIns.zeabur.switches.delay("upload", { ms: 12_000 });
    const run = await runAction({ inputs: uploadInputs(app) });
    expectSecretAbsent(run, standIns.zeabur.apiKey);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/All \d+ bytes sent to 127\.0\.0\.1:\d+; waiting for its answer \(1\d s so far, limit \d+ s\)/);
  },
);

faultTest(
  {
    id: "presigned-url-expired",
    area: "Zeabur",
    fault: "The pre-signed upload URL has already expired when the PUT arrives",
    action: "Creates a new upload for a fresh URL instead of retrying a dead one",
    userSees: "A successful deploy; two uploads created",
  },
  async () => {
    const app = appWithSources();
    standIns.zeabur.switches.issueExpiredUrls = 1;
    const before = standIns.zeabur.requests.length;
    const run = await runAction({ inputs: uploadInputs(app) });
    expect(run.exitCode).toBe(0);
    expect(requestsSince(before, "create")).toBe(2);
    expectSecretAbsent(run, standIns.zeabur.apiKey);
  },
);

faultTest(
  {
    id: "prepare-5xx-beyond-budget",
    area: "Zeabur",
    fault: "Zeabur answers 503 to every attempt to start the deployment, beyond the retry budget",
    action: "Retries with backoff, then stops; nothing is reported as deployed",
    userSees: "`failure-reason: upload-failed` naming the phase (starting the deployment), the status and the attempts; the API key nowhere",
  },
  async () => {
    const app = appWithSources();
    standIns.zeabur.switches.fail("prepare", { status: 503, times: 5, body: '{"error":"upstream unavailable"}', contentType: "application/json" });
    const run = await runAction({ inputs: uploadInputs(app) });
    expectSecretAbsent(run, standIns.zeabur.apiKey);
    expect(run.outputs["failure-reason"]).toBe("upload-failed");
    expect(run.summary).toContain("starting the deployment");
    expect(run.summary).toContain("503");
    expect(run.summary).toContain("after 5 attempts");
    expect(run.outputs["deployment-id"]).toBe("");
  },
);

faultTest(
  {
    id: "deployment-fails-late",
    area: "Zeabur",
    fault: "The upload succeeds, then the deployment ends FAILED during its build",
    action: "Follows the deployment to its end and reads the build log's last lines",
    userSees: "`failure-reason: deploy-failed`, `deployment-status: FAILED`, the last build log lines in the summary",
  },
  async () => {
    const app = appWithSources();
    standIns.zeabur.switches.deploymentOutcome = "FAILED";
    try {
      const run = await runAction({ inputs: uploadInputs(app) });
      expectSecretAbsent(run, standIns.zeabur.apiKey);
      expect(run.outputs["failure-reason"]).toBe("deploy-failed");
      expect(run.outputs["deployment-status"]).toBe("FAILED");
      expect(run.summary).toContain("error: build failed with exit code 1");
    } finally {
      standIns.zeabur.switches.deploymentOutcome = "RUNNING";
    }
  },
);

faultTest(
  {
    id: "api-accepts-tcp-never-answers",
    area: "Zeabur",
    fault: "The API host accepts the TCP connection and never answers; the job is then cancelled",
    action: "Says every 10 s which host it waits for; on SIGINT stops the request at once",
    userSees: "`Still waiting for <host> to answer POST` in the log; `failure-reason: cancelled` while waiting for that host",
  },
  async () => {
    const silent = await startSilentServer();
    const { port } = silent;
    try {
      const action = startAction({ inputs: uploadInputs(appWithSources(), `http://127.0.0.1:${port}`) });
      await waitFor("the action to say whom it waits for", () => (action.output().includes(`Still waiting for 127.0.0.1:${port} to answer POST`) ? true : undefined));
      action.child.kill("SIGINT");
      const run = await action.finished;
      expectSecretAbsent(run, standIns.zeabur.apiKey);
      expect(run.outputs["failure-reason"]).toBe("cancelled");
      expect(run.summary).toContain(`while waiting for 127.0.0.1:${port} to answer`);
      expect(run.summary).toContain("Nothing was uploaded to Zeabur.");
    } finally {
      await silent.close();
    }
  },
);
