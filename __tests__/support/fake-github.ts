// A local GitHub REST API for the endpoints the action calls, as strict as GitHub is about what
// the action could get wrong: credentials, what the token may do (a fork pull request's token
// is read-only; a job without `deployments: write` cannot touch deployments), body limits,
// pagination through Link headers that point at /repositories/{id}/… as GitHub's do, and
// outages. Every request is recorded so that tests can assert what was sent, and how often.
// As GitHub does for a GITHUB_TOKEN (a fine-grained actor), a refusal carries
// `X-Accepted-GitHub-Permissions` with what the endpoint requires, never what the token holds,
// and no `X-OAuth-Scopes` (sent to classic tokens only); a token without `deployments`
// access may not even read them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** GitHub counts characters (code points), not UTF-16 units or bytes. */
export const FAKE_COMMENT_BODY_LIMIT = 65_536;
export const FAKE_STATUS_DESCRIPTION_LIMIT = 140;
const DEPLOYMENT_STATES = ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"];
const SERVER_URL = "https://github.com";
const DOCS = "https://docs.github.com/rest";

/** What a token may do: everything, only read (a fork PR's token), everything but deployments, or everything but issues and pull requests. */
export type TokenAccess = "write" | "read-only" | "no-deployments" | "no-pull-requests";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization?: string;
  readonly body: unknown;
  /** What the fake answered; undefined for a request it left hanging. */
  status?: number;
}

export interface FakeUser {
  readonly login: string;
  readonly id: number;
  readonly type: "Bot" | "User";
}

export interface FakeComment {
  readonly id: number;
  body: string;
  readonly user: FakeUser;
  readonly created_at: string;
  updated_at: string;
}

export interface FakeDeploymentStatus {
  readonly id: number;
  readonly state: string;
  readonly description: string;
  readonly environment_url: string;
  readonly log_url: string;
}

export interface FakeDeployment {
  readonly id: number;
  readonly ref: string;
  readonly sha: string;
  readonly environment: string;
  readonly description: string | null;
  readonly auto_merge: boolean;
  readonly required_contexts: readonly string[] | undefined;
  readonly transient_environment: boolean;
  readonly production_environment: boolean;
  readonly statuses: FakeDeploymentStatus[];
}

interface Repository {
  readonly id: number;
  readonly fullName: string;
  readonly issues: Map<number, FakeComment[]>;
  readonly deployments: FakeDeployment[];
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

const ACTIONS_BOT: FakeUser = { login: "github-actions[bot]", id: 41898282, type: "Bot" };

function notFound(): Answer {
  return { status: 404, body: { message: "Not Found", documentation_url: DOCS, status: "404" } };
}

function validationFailed(resource: string, field: string, message: string): Answer {
  return {
    status: 422,
    body: {
      message: "Validation Failed",
      errors: [{ resource, code: "custom", field, message }],
      documentation_url: DOCS,
      status: "422",
    },
  };
}

function invalidRequest(message: string): Answer {
  return { status: 422, body: { message: `Invalid request.\n\n${message}`, documentation_url: DOCS, status: "422" } };
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  private readonly tokens = new Map<string, TokenAccess>();
  private readonly repositories = new Map<string, Repository>();
  private readonly injectedFailures: number[] = [];
  private requestsToLeaveHanging = 0;
  private nextId = 1_000;

  private constructor(
    private readonly server: Server,
    /** Base URL to use as GITHUB_API_URL, without a trailing slash. */
    readonly url: string,
  ) {}

  static async start(): Promise<FakeGitHub> {
    let fake: FakeGitHub | undefined;
    const server = createServer((request, response) => {
      void fake?.handle(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    const { port } = server.address() as AddressInfo;
    fake = new FakeGitHub(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  allowToken(token: string, access: TokenAccess = "write"): void {
    this.tokens.set(token, access);
  }

  /** Makes `fullName` ("owner/repo") exist; the API answers 404 for any other repository. */
  addRepository(fullName: string): void {
    this.repository(fullName);
  }

  /** Makes pull request `number` exist in `fullName`, with no comments yet. */
  addPullRequest(fullName: string, number: number): void {
    const issues = this.repository(fullName).issues;
    if (!issues.has(number)) issues.set(number, []);
  }

  seedComment(fullName: string, number: number, body: string, user: FakeUser = { login: "octocat", id: 583231, type: "User" }): FakeComment {
    this.addPullRequest(fullName, number);
    const comment = this.newComment(body, user);
    this.repository(fullName).issues.get(number)?.push(comment);
    return comment;
  }

  comments(fullName: string, number: number): readonly FakeComment[] {
    return this.repository(fullName).issues.get(number) ?? [];
  }

  deployments(fullName: string): readonly FakeDeployment[] {
    return this.repository(fullName).deployments;
  }

  /** The next `count` requests get `status` (a 5xx outage) before anything else is checked. */
  failNext(count: number, status = 502): void {
    for (let i = 0; i < count; i++) this.injectedFailures.push(status);
  }

  /** Drops the failures failNext queued and no request used. */
  clearInjectedFailures(): void {
    this.injectedFailures.length = 0;
  }

  /** The next `count` requests are accepted and never answered, until close(). */
  leaveNextHanging(count: number): void {
    this.requestsToLeaveHanging += count;
  }

  writes(): RecordedRequest[] {
    return this.requests.filter((request) => request.method !== "GET");
  }

  private repository(fullName: string): Repository {
    let repository = this.repositories.get(fullName.toLowerCase());
    if (!repository) {
      repository = { id: 100_000 + this.repositories.size, fullName, issues: new Map(), deployments: [] };
      this.repositories.set(fullName.toLowerCase(), repository);
    }
    return repository;
  }

  private newComment(body: string, user: FakeUser): FakeComment {
    const now = new Date().toISOString();
    return { id: this.nextId++, body, user, created_at: now, updated_at: now };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(request.url ?? "/", this.url);
    let body: unknown;
    let unparseable = false;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        unparseable = true;
      }
    }
    const recorded: RecordedRequest = {
      method: request.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      body: unparseable ? text : body,
    };
    this.requests.push(recorded);

    if (this.requestsToLeaveHanging > 0) {
      this.requestsToLeaveHanging--;
      return;
    }
    const answer = unparseable
      ? { status: 400, body: { message: "Problems parsing JSON", documentation_url: DOCS, status: "400" } }
      : this.answer(recorded.method, url, request.headers.authorization, body);
    recorded.status = answer.status;
    response.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", ...answer.headers });
    response.end(JSON.stringify(answer.body));
  }

  private answer(method: string, url: URL, authorization: string | undefined, body: unknown): Answer {
    const injected = this.injectedFailures.shift();
    if (injected !== undefined) return { status: injected, body: { message: "Server Error" } };

    if (!authorization) {
      return { status: 401, body: { message: "Requires authentication", documentation_url: DOCS, status: "401" } };
    }
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization)?.[1];
    const access = token === undefined ? undefined : this.tokens.get(token);
    if (access === undefined) {
      return { status: 401, body: { message: "Bad credentials", documentation_url: DOCS, status: "401" } };
    }

    const route = this.route(url.pathname);
    if (!route) return notFound();
    const { repository, rest } = route;

    const isWrite = method !== "GET" && method !== "HEAD";
    const touchesDeployments = rest[0] === "deployments";
    const touchesIssues = rest[0] === "issues";
    if ((isWrite && access === "read-only") || (touchesDeployments && access === "no-deployments") || (touchesIssues && access === "no-pull-requests")) {
      const required = touchesDeployments ? `deployments=${isWrite ? "write" : "read"}` : `issues=${isWrite ? "write" : "read"}; pull_requests=${isWrite ? "write" : "read"}`;
      return {
        status: 403,
        headers: { "x-accepted-github-permissions": required },
        body: {
          message: "Resource not accessible by integration",
          documentation_url: touchesDeployments
            ? "https://docs.github.com/rest/deployments/deployments#create-a-deployment"
            : "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
          status: "403",
        },
      };
    }

    const path = rest.join("/");
    if (path === "" && method === "GET") return this.repositoryJson(repository);
    if (path === "deployments" && method === "GET") return this.listDeployments(repository, url);
    let match: RegExpExecArray | null;
    if ((match = /^issues\/(\d+)\/comments$/.exec(path))) {
      const comments = repository.issues.get(Number(match[1]));
      if (!comments) return notFound();
      if (method === "GET") return this.listComments(repository, Number(match[1]), comments, url);
      if (method === "POST") return this.createComment(repository, Number(match[1]), comments, body);
    }
    if ((match = /^issues\/comments\/(\d+)$/.exec(path)) && method === "PATCH") {
      return this.updateComment(repository, Number(match[1]), body);
    }
    if (path === "deployments" && method === "POST") return this.createDeployment(repository, body);
    if ((match = /^deployments\/(\d+)\/statuses$/.exec(path)) && method === "POST") {
      return this.createDeploymentStatus(repository, Number(match[1]), body);
    }
    return notFound();
  }

  private route(pathname: string): { repository: Repository; rest: string[] } | undefined {
    const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] === "repos" && parts.length >= 3) {
      const repository = this.repositories.get(`${parts[1]}/${parts[2]}`.toLowerCase());
      return repository && { repository, rest: parts.slice(3) };
    }
    if (parts[0] === "repositories" && parts.length >= 3) {
      const repository = [...this.repositories.values()].find((candidate) => String(candidate.id) === parts[1]);
      return repository && { repository, rest: parts.slice(2) };
    }
    return undefined;
  }

  /** GET /repos/{owner}/{repo}; a GITHUB_TOKEN's answer has no `permissions` (those are a user's). */
  private repositoryJson(repository: Repository): Answer {
    const [owner, name] = repository.fullName.split("/");
    return {
      status: 200,
      body: {
        id: repository.id,
        node_id: `R_${repository.id}`,
        name,
        full_name: repository.fullName,
        private: true,
        owner: { login: owner, type: "Organization" },
        html_url: `${SERVER_URL}/${repository.fullName}`,
        url: `${this.url}/repos/${repository.fullName}`,
        default_branch: "main",
      },
    };
  }

  private listDeployments(repository: Repository, url: URL): Answer {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page")) || 30));
    const newestFirst = [...repository.deployments].reverse().slice(0, perPage);
    return {
      status: 200,
      body: newestFirst.map(({ statuses: _statuses, auto_merge: _autoMerge, required_contexts: _contexts, ...visible }) => ({
        ...visible,
        url: `${this.url}/repos/${repository.fullName}/deployments/${visible.id}`,
      })),
    };
  }

  private commentJson(repository: Repository, number: number, comment: FakeComment): unknown {
    const api = `${this.url}/repos/${repository.fullName}`;
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      url: `${api}/issues/comments/${comment.id}`,
      html_url: `${SERVER_URL}/${repository.fullName}/pull/${number}#issuecomment-${comment.id}`,
      issue_url: `${api}/issues/${number}`,
      body: comment.body,
      user: comment.user,
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      author_association: comment.user.type === "Bot" ? "NONE" : "MEMBER",
    };
  }

  private listComments(repository: Repository, number: number, comments: FakeComment[], url: URL): Answer {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page")) || 30));
    const page = Math.max(1, Math.floor(Number(url.searchParams.get("page"))) || 1);
    const lastPage = Math.max(1, Math.ceil(comments.length / perPage));
    const pageUrl = (target: number): string => {
      const query = new URLSearchParams(url.searchParams);
      query.set("page", String(target));
      return `${this.url}/repositories/${repository.id}/issues/${number}/comments?${query.toString()}`;
    };
    const links: string[] = [];
    if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`);
    if (page < lastPage) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`);
    if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`);
    return {
      status: 200,
      body: comments.slice((page - 1) * perPage, page * perPage).map((comment) => this.commentJson(repository, number, comment)),
      headers: links.length > 0 ? { link: links.join(", ") } : {},
    };
  }

  private checkedCommentBody(body: unknown): string | Answer {
    const text = (body as { body?: unknown } | undefined)?.body;
    if (typeof text !== "string") return invalidRequest('"body" wasn\'t supplied.');
    if ([...text].length > FAKE_COMMENT_BODY_LIMIT) {
      return validationFailed("IssueComment", "data", `Body is too long (maximum is ${FAKE_COMMENT_BODY_LIMIT} characters)`);
    }
    return text;
  }

  private createComment(repository: Repository, number: number, comments: FakeComment[], body: unknown): Answer {
    const text = this.checkedCommentBody(body);
    if (typeof text !== "string") return text;
    const comment = this.newComment(text, ACTIONS_BOT);
    comments.push(comment);
    return { status: 201, body: this.commentJson(repository, number, comment) };
  }

  private updateComment(repository: Repository, id: number, body: unknown): Answer {
    for (const [number, comments] of repository.issues) {
      const comment = comments.find((candidate) => candidate.id === id);
      if (!comment) continue;
      const text = this.checkedCommentBody(body);
      if (typeof text !== "string") return text;
      comment.body = text;
      comment.updated_at = new Date().toISOString();
      return { status: 200, body: this.commentJson(repository, number, comment) };
    }
    return notFound();
  }

  private createDeployment(repository: Repository, body: unknown): Answer {
    const fields = (body ?? {}) as Record<string, unknown>;
    if (typeof fields.ref !== "string") return invalidRequest('"ref" wasn\'t supplied.');
    // Only full commit SHAs resolve here: the action deploys GITHUB_SHA, never a branch name.
    if (!/^[0-9a-f]{40}$/.test(fields.ref)) {
      return { status: 422, body: { message: `No ref found for: ${fields.ref}`, documentation_url: DOCS, status: "422" } };
    }
    for (const name of ["auto_merge", "transient_environment", "production_environment"]) {
      if (fields[name] !== undefined && typeof fields[name] !== "boolean") {
        return invalidRequest(`For 'properties/${name}', ${JSON.stringify(fields[name])} is not a boolean.`);
      }
    }
    const contexts = fields.required_contexts;
    if (contexts !== undefined && (!Array.isArray(contexts) || contexts.some((context) => typeof context !== "string"))) {
      return invalidRequest(`For 'properties/required_contexts', ${JSON.stringify(contexts)} is not an array of strings.`);
    }
    const environment = typeof fields.environment === "string" ? fields.environment : "production";
    const deployment: FakeDeployment = {
      id: this.nextId++,
      ref: fields.ref,
      sha: fields.ref,
      environment,
      description: typeof fields.description === "string" ? fields.description : null,
      auto_merge: fields.auto_merge !== false,
      required_contexts: contexts as string[] | undefined,
      transient_environment: fields.transient_environment === true,
      production_environment: typeof fields.production_environment === "boolean" ? fields.production_environment : environment === "production",
      statuses: [],
    };
    repository.deployments.push(deployment);
    const api = `${this.url}/repos/${repository.fullName}`;
    const { statuses: _statuses, auto_merge: _autoMerge, required_contexts: _contexts, ...visible } = deployment;
    return {
      status: 201,
      body: {
        ...visible,
        url: `${api}/deployments/${deployment.id}`,
        node_id: `DE_${deployment.id}`,
        task: "deploy",
        payload: {},
        original_environment: environment,
        creator: ACTIONS_BOT,
        statuses_url: `${api}/deployments/${deployment.id}/statuses`,
        repository_url: api,
      },
    };
  }

  private createDeploymentStatus(repository: Repository, deploymentId: number, body: unknown): Answer {
    const deployment = repository.deployments.find((candidate) => candidate.id === deploymentId);
    if (!deployment) return notFound();
    const fields = (body ?? {}) as Record<string, unknown>;
    if (typeof fields.state !== "string") return invalidRequest('"state" wasn\'t supplied.');
    if (!DEPLOYMENT_STATES.includes(fields.state)) {
      return invalidRequest(`For 'properties/state', ${JSON.stringify(fields.state)} is not one of ${DEPLOYMENT_STATES.join(", ")}.`);
    }
    for (const name of ["description", "environment_url", "log_url", "target_url"]) {
      if (fields[name] !== undefined && typeof fields[name] !== "string") {
        return invalidRequest(`For 'properties/${name}', ${JSON.stringify(fields[name])} is not a string.`);
      }
    }
    const description = (fields.description as string | undefined) ?? "";
    if ([...description].length > FAKE_STATUS_DESCRIPTION_LIMIT) {
      return validationFailed("DeploymentStatus", "description", `description is too long (maximum is ${FAKE_STATUS_DESCRIPTION_LIMIT} characters)`);
    }
    const status: FakeDeploymentStatus = {
      id: this.nextId++,
      state: fields.state,
      description,
      environment_url: (fields.environment_url as string | undefined) ?? "",
      log_url: (fields.log_url as string | undefined) ?? (fields.target_url as string | undefined) ?? "",
    };
    deployment.statuses.push(status);
    const api = `${this.url}/repos/${repository.fullName}`;
    return {
      status: 201,
      body: {
        ...status,
        node_id: `DES_${status.id}`,
        url: `${api}/deployments/${deployment.id}/statuses/${status.id}`,
        target_url: status.log_url,
        environment: deployment.environment,
        deployment_url: `${api}/deployments/${deployment.id}`,
        repository_url: api,
        creator: ACTIONS_BOT,
      },
    };
  }
}
