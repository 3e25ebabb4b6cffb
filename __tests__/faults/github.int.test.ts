// GitHub's API failing around a run: the pull-request comment and the deployment record are
// reports, never the verdict. Through the bundle with a local fake of GitHub's REST API.
import { createDatabase } from "../support/database.js";
import { createFixtureApp, INIT_USER_SQL } from "../support/fixture-app.js";
import { faultTest } from "../support/faults.js";
import { runAction, type ActionRun } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";
import { useStandIns, zeaburInputs } from "../support/stand-ins.js";
import { checkPullRequest, pullRequestRepo, type PullRequestRepo } from "../check-command/harness.js";

const TOKEN = "ghs_faultTokenForTests0123456789";
const standIns = useStandIns({ github: { token: TOKEN, repository: "acme/shop", pullRequests: [7] }, zeabur: {} });

async function check(repo: PullRequestRepo): Promise<ActionRun> {
  return await checkPullRequest(repo, { github: standIns.github, token: TOKEN });
}

const POST_MODEL = `\nmodel Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n`;

for (const status of [403, 404, 502]) {
  faultTest(
    {
      id: `github-comment-${status}`,
      area: "GitHub",
      fault: `GitHub's API answers ${status} to every request of the pull-request check (reading and writing the comment)`,
      action: "Reports the comment as skipped with a warning; the check's verdict comes from the check alone",
      userSees: `The same verdict as with a working API (a passing check passes, drift fails as \`drift\`); a notice that the comment was skipped, naming HTTP ${status}; the token nowhere`,
    },
    async () => {
      const checkWhileFailing = async (repo: PullRequestRepo): Promise<ActionRun> => {
        standIns.github.failNext(50, status);
        try {
          return await check(repo);
        } finally {
          standIns.github.clearInjectedFailures();
        }
      };
      const passing = await checkWhileFailing(pullRequestRepo());
      expect(passing.outputs["failure-reason"]).toBe("");
      expect(passing.exitCode).toBe(0);
      expect(passing.stdout).toMatch(new RegExp(`^::(?:warning|notice)::Pull request comment skipped: .*HTTP ${status}`, "m"));

      const drifted = pullRequestRepo();
      drifted.app.appendSchema(POST_MODEL);
      const failing = await checkWhileFailing(drifted);
      expect(failing.outputs["failure-reason"]).toBe("drift");
      expect(failing.exitCode).toBe(1);
      expect(failing.summary).toContain('CREATE TABLE "Post"');
      for (const run of [passing, failing]) expectSecretAbsent(run, TOKEN);
    },
  );
}

faultTest(
  {
    id: "github-deployments-502",
    area: "GitHub",
    fault: "GitHub's API answers 502 when the deploy records itself as a GitHub Deployment",
    action: "Deploys anyway: the record is best effort, never a reason to stop a deploy",
    userSees: "A successful deploy, a warning that the deployment record could not be written",
  },
  async () => {
    const url = await createDatabase("gh_deploy");
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    app.writeFile("package.json", '{ "name": "shop-api" }\n');
    const inputs = { command: "deploy", "database-url": url, "working-directory": app.dir, ...zeaburInputs(standIns.zeabur), "github-token": TOKEN };
    standIns.github.failNext(50, 502);
    const run = await runAction({
      inputs,
      env: { GITHUB_API_URL: standIns.github.url },
    });
    standIns.github.clearInjectedFailures();
    expect(run.exitCode).toBe(0);
    expect(run.outputs["deployment-status"]).toBe("RUNNING");
    expect(run.stdout).toMatch(/::warning::.*502/);
    expectSecretAbsent(run, TOKEN);
  },
);
