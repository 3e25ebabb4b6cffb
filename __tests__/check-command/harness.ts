// A pull request in a real git repository: the base branch's migrations committed, the
// pull request's changes on disk, and the event payload GitHub would send.
import { execFileSync } from "node:child_process";
import { createDatabase } from "../support/database.js";
import type { FakeGitHub } from "../support/fake-github.js";
import { createFixtureApp, INIT_USER_SQL, type FixtureApp, type PrismaMajor } from "../support/fixture-app.js";
import { runAction, type ActionRun } from "../support/run-action.js";

export interface PullRequestRepo {
  app: FixtureApp;
  baseSha: string;
  event: unknown;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
}

export function pullRequestRepo(fork = false, prisma: PrismaMajor = 6): PullRequestRepo {
  const app = createFixtureApp({ prisma });
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  git(app.dir, "init", "-q", "-b", "main");
  git(app.dir, "add", "-A");
  git(app.dir, "-c", "user.name=dev", "-c", "user.email=dev@example.invalid", "commit", "-q", "-m", "base");
  const baseSha = git(app.dir, "rev-parse", "HEAD");
  const event = {
    number: 7,
    pull_request: {
      number: 7,
      base: { ref: "main", sha: baseSha, repo: { full_name: "acme/shop" } },
      head: { ref: "feature", sha: baseSha, repo: { full_name: fork ? "someone/shop" : "acme/shop" } },
    },
  };
  return { app, baseSha, event };
}

export interface PullRequestCheck {
  /** GitHub's API, where the run reads and writes its pull-request comment. */
  github: FakeGitHub;
  token: string;
  /** More inputs, or other values for the usual ones. */
  extra?: Record<string, string>;
}

/** `command: check` on the pull request as its workflow runs it, with a fresh shadow database. */
export async function checkPullRequest(repo: PullRequestRepo, { github, token, extra = {} }: PullRequestCheck): Promise<ActionRun> {
  const shadow = await createDatabase("shadow");
  return await runAction({
    inputs: { command: "check", "working-directory": ".", "shadow-database-url": shadow, "github-token": token, ...extra },
    event: repo.event,
    eventName: "pull_request",
    env: { GITHUB_WORKSPACE: repo.app.dir, GITHUB_API_URL: github.url, GITHUB_BASE_REF: "main", GITHUB_HEAD_REF: "feature" },
  });
}
