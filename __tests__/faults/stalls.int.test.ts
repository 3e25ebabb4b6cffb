// Waits that never end on their own: a storage, an API or a health check that takes the request
// and never answers. Each limit the log prints must be the limit the run keeps: the request is
// stopped there, tried again within the budget, and the run then fails with outputs and summary.
import { createFixtureApp, type FixtureApp } from "../support/fixture-app.js";
import { faultTest } from "../support/faults.js";
import { runAction, type ActionRun } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";
import { startSilentServer } from "../support/silent-server.js";
import { useStandIns, zeaburInputs } from "../support/stand-ins.js";

const standIns = useStandIns({ zeabur: { apiKey: "zbr_stall_key_never_printed_31" } });

function appWithSources(): FixtureApp {
  const app = createFixtureApp();
  app.writeFile("package.json", '{ "name": "shop-api", "private": true }\n');
  app.writeFile("src/main.js", "console.log('shop api');\n");
  return app;
}

function uploadInputs(extra: Record<string, string>): Record<string, string> {
  return { command: "upload", "working-directory": appWithSources().dir, ...zeaburInputs(standIns.zeabur), "github-token": "", ...extra };
}

function requestsSince(before: number, route: string): number {
  return standIns.zeabur.requests.slice(before).filter((request) => request.route === route).length;
}

/**
 * Every "(N s so far, limit L s)" the log printed, as [N, L]: a wait that went on past the limit
 * it announced shows as N > L.
 */
function announcedWaits(run: ActionRun): Array<[number, number]> {
  return [...run.stdout.matchAll(/\((\d+) s so far, limit (\d+) s\)/g)].map((match) => [Number(match[1]), Number(match[2])]);
}

faultTest(
  {
    id: "put-answer-never-comes",
    area: "Zeabur",
    fault: "The storage receives the whole archive and never answers (a hung proxy, a half-open connection)",
    action:
      "Stops each send at the limit it prints (2 min + 1 s per 256 KiB, at most a third of `upload-timeout`), sends again within `upload-timeout`, then gives up",
    userSees: "`failure-reason: upload-failed` saying the storage received every byte and never answered; no deployment id; the summary written",
  },
  async () => {
    standIns.zeabur.switches.hold("upload");
    try {
      const before = standIns.zeabur.requests.length;
      // Each send may wait 12 s: long enough for the 10-second "still waiting" line to print its limit.
      const run = await runAction({ inputs: uploadInputs({ "upload-timeout": "36s" }) });
      expectSecretAbsent(run, standIns.zeabur.apiKey);
      expect(run.outputs["failure-reason"]).toBe("upload-failed");
      expect(run.outputs["deployment-id"]).toBe("");
      expect(run.summary).toMatch(/sending the archive to the pre-signed storage URL: 127\.0\.0\.1:\d+ received all \d+ bytes and never answered/);
      expect(run.summary).toContain("upload-timeout");
      expect(run.stdout).toMatch(/All \d+ bytes sent to 127\.0\.0\.1:\d+; waiting for its answer \(10 s so far, limit 12 s\)/);
      expect(run.stdout).toMatch(/Zeabur upload: no answer: 127\.0\.0\.1:\d+ received all \d+ bytes and never answered within 12 s; trying again/);
      for (const [waited, limit] of announcedWaits(run)) expect(waited).toBeLessThanOrEqual(limit);
      expect(requestsSince(before, "upload")).toBeGreaterThanOrEqual(2);
      expect(requestsSince(before, "prepare")).toBe(0);
    } finally {
      standIns.zeabur.switches.hold("upload", 0);
    }
  },
  90_000,
);

faultTest(
  {
    id: "graphql-never-answers",
    area: "Zeabur",
    fault: "After the upload, Zeabur's GraphQL API takes every status query and never answers",
    action: "Stops each query at its limit (30 s, cut to what is left of `wait-timeout`), says every 10 s whom it waits for, then gives up",
    userSees: "`failure-reason: deploy-timeout` saying the status could never be read and why; the deployment id and the summary written",
  },
  async () => {
    // The one query before the upload, the read-only check of the deploy target, is answered.
    standIns.zeabur.switches.hold("graphql", Number.POSITIVE_INFINITY, 1);
    try {
      const run = await runAction({ inputs: uploadInputs({ "wait-timeout": "12s" }) });
      expectSecretAbsent(run, standIns.zeabur.apiKey);
      expect(run.outputs["failure-reason"]).toBe("deploy-timeout");
      expect(run.outputs["deployment-id"]).toMatch(/^[0-9a-f]{24}$/);
      expect(run.summary).toMatch(/its status could never be read \(last problem: Zeabur's GraphQL API did not answer: no answer from 127\.0\.0\.1:\d+ within 12 s/);
      expect(run.stdout).toMatch(/Still waiting for 127\.0\.0\.1:\d+ to answer POST \(10 s so far, limit 12 s\)/);
      for (const [waited, limit] of announcedWaits(run)) expect(waited).toBeLessThanOrEqual(limit);
    } finally {
      standIns.zeabur.switches.hold("graphql", 0);
    }
  },
  90_000,
);

faultTest(
  {
    id: "health-url-never-answers",
    area: "Zeabur",
    fault: "The deployment is RUNNING, and its `health-url` takes the connection and never answers",
    action: "Asks again with backoff, each request stopped at 10 s or at the end of `wait-timeout`, whichever comes first",
    userSees: "`failure-reason: deploy-unhealthy` saying `health-url` did not answer 2xx before `wait-timeout` ended: no answer",
  },
  async () => {
    const silent = await startSilentServer();
    try {
      const run = await runAction({
        inputs: uploadInputs({ "wait-timeout": "25s", "health-url": `http://127.0.0.1:${silent.port}/health` }),
      });
      expectSecretAbsent(run, standIns.zeabur.apiKey);
      expect(run.outputs["failure-reason"]).toBe("deploy-unhealthy");
      expect(run.outputs["deployment-status"]).toBe("RUNNING");
      expect(run.stdout).toContain("health-url: no answer within 10 s; asking again.");
      const lastProbe = /health-url did not answer 2xx before 25 s for the deployment \(wait-timeout\) ended: no answer within ([\d.]+) s/.exec(
        run.summary,
      );
      // The last request was cut to what was left of wait-timeout, not given its full 10 s past it.
      expect(Number(lastProbe?.[1])).toBeLessThan(10);
    } finally {
      await silent.close();
    }
  },
  90_000,
);
