// The fake Zeabur and the fake GitHub a test file's runs talk to. They are started once for
// the file, not per test: each test tells its own runs apart by the requests since it began,
// and a server that stays up is what the action meets on GitHub's runner too.
import { FakeGitHub } from "./fake-github.js";
import { start as startFakeZeabur, type FakeZeabur, type FakeZeaburOptions } from "../../stand-ins/fake-zeabur.js";

export interface FakeGitHubOptions {
  /** The only token the fake accepts; it may write. */
  token: string;
  repository: string;
  /** Pull requests of `repository` that exist, with no comments yet. */
  pullRequests?: number[];
}

export interface StandInOptions {
  /** Start the fake Zeabur, with these options. */
  zeabur?: FakeZeaburOptions;
  /** Start the fake GitHub, with this token, repository and pull requests. */
  github?: FakeGitHubOptions;
}

export interface StandIns {
  readonly zeabur: FakeZeabur;
  readonly github: FakeGitHub;
}

/**
 * Starts the stand-ins the options name before the file's tests and stops them after them.
 * Read `zeabur` and `github` inside tests and hooks: they exist only once `beforeAll` ran.
 */
export function useStandIns(options: StandInOptions): StandIns {
  let zeabur: FakeZeabur | undefined;
  let github: FakeGitHub | undefined;
  beforeAll(async () => {
    if (options.zeabur) zeabur = await startFakeZeabur(options.zeabur);
    if (options.github) github = await startFakeGitHub(options.github);
  });
  afterAll(async () => {
    await zeabur?.stop();
    await github?.close();
  });
  const running = <T>(name: keyof StandInOptions, standIn: T | undefined): T => {
    if (standIn === undefined) throw new Error(`The fake ${name} is not running: name it in useStandIns, and read it inside a test or hook`);
    return standIn;
  };
  return {
    get zeabur() {
      return running("zeabur", zeabur);
    },
    get github() {
      return running("github", github);
    },
  };
}

async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const github = await FakeGitHub.start();
  github.addRepository(options.repository);
  for (const number of options.pullRequests ?? []) github.addPullRequest(options.repository, number);
  github.allowToken(options.token);
  return github;
}

/**
 * The inputs that send a run's upload to a new service of the fake Zeabur, as a workflow's
 * `with:` does; `apiUrl` points the run elsewhere with the same key and service.
 */
export function zeaburInputs(zeabur: FakeZeabur, apiUrl = zeabur.url): Record<string, string> {
  const service = zeabur.addService();
  return {
    "zeabur-api-key": zeabur.apiKey,
    "zeabur-service-id": service.serviceId,
    "zeabur-environment-id": service.environmentId,
    "zeabur-api-url": apiUrl,
  };
}
