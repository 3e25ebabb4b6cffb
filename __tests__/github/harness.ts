// What the GitHub integration tests share: a run context pointing at the fake API, and the
// action's log as the runner would see it (@actions/core writes workflow commands to stdout).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { jest } from "@jest/globals";
import { readRunContext, type GitHubRunContext } from "../../src/github/run-context.js";
import type { FakeGitHub } from "../support/fake-github.js";

export const REPOSITORY = "acme/shop";
export const SHA = "0123456789abcdef0123456789abcdef01234567";
export const RUN_URL = "https://github.com/acme/shop/actions/runs/4242";
export const TOKEN = "ghs_T0kenThatMustNeverBePrinted";

export function runEnv(fake: FakeGitHub, event: unknown = {}, eventName = "pull_request"): Record<string, string> {
  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), "pgd-event-")), "event.json");
  writeFileSync(eventPath, JSON.stringify(event));
  return {
    GITHUB_API_URL: fake.url,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_SHA: SHA,
    GITHUB_RUN_ID: "4242",
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
  };
}

export function runContext(fake: FakeGitHub, event: unknown = {}, eventName = "pull_request"): GitHubRunContext {
  return readRunContext(runEnv(fake, event, eventName));
}

export function pullRequestEvent(number: number, headRepository: string = REPOSITORY): unknown {
  return {
    action: "synchronize",
    number,
    pull_request: {
      number,
      head: { sha: SHA, repo: { full_name: headRepository } },
      base: { repo: { full_name: REPOSITORY } },
    },
  };
}

export interface CapturedLog {
  text(): string;
  restore(): void;
}

export function captureLog(): CapturedLog {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, "write").mockImplementation(((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  }) as typeof process.stdout.write);
  return { text: () => chunks.join(""), restore: () => spy.mockRestore() };
}
