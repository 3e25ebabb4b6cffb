// One HTTP exchange with Zeabur or its storage, bounded in time, and the GraphQL call on top.
// Nothing here retries: callers decide with the rules in protocol.ts.
import type { Readable } from "node:stream";
import { getGlobalDispatcher, type Dispatcher } from "undici";
import type { Deadline } from "../deadline.js";
import type { ZeaburSettings } from "../settings.js";
import { describeErrorAnswer, GRAPHQL_TIMEOUT_MS, redact, retryAfterMs } from "./protocol.js";

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** No answer arrived: refused, reset, dropped mid-body, or the time ran out. */
export class NetworkFailure extends Error {
  constructor(
    message: string,
    /** The whole deadline ran out, not just this call's share: retrying is pointless. */
    readonly deadlineExpired: boolean,
  ) {
    super(message);
    this.name = "NetworkFailure";
  }
}

export interface Exchange {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Readable;
  /** This call's own limit; the deadline may cut it shorter. */
  readonly timeoutMs: number;
  readonly deadline: Deadline;
  readonly dispatcher?: Dispatcher;
}

export function headerValue(answer: Answer, name: string): string | undefined {
  const value = answer.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Splits a URL into origin and path by hand, so that the path and query reach the request
 * line byte for byte: a pre-signed URL's signature covers its query exactly as issued.
 */
export function splitUrl(url: string): { origin: string; path: string } {
  const match = /^(https?:\/\/[^/?#]+)([^#]*)/i.exec(url);
  if (!match) throw new Error(`not an http(s) URL: ${url}`);
  const rest = match[2];
  return { origin: match[1], path: rest === "" ? "/" : rest.startsWith("?") ? `/${rest}` : rest };
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  const causeText = cause instanceof Error && cause.message !== error.message ? ` (${cause.message})` : "";
  return `${error.message}${typeof code === "string" ? ` [${code}]` : ""}${causeText}`;
}

export async function exchange(request: Exchange): Promise<Answer> {
  const budgetMs = Math.min(request.timeoutMs, request.deadline.remainingMs());
  if (budgetMs <= 0) {
    // The body stream holds an open file; nothing else will close it.
    if (typeof request.body === "object") request.body.destroy();
    throw new NetworkFailure(`no time left within ${request.deadline.describe()}`, true);
  }
  const { origin, path } = splitUrl(request.url);
  const signal = AbortSignal.timeout(budgetMs);
  try {
    const response = await (request.dispatcher ?? getGlobalDispatcher()).request({
      origin,
      path,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body ?? null,
      signal,
      headersTimeout: budgetMs,
      bodyTimeout: budgetMs,
    });
    const body = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body };
  } catch (error) {
    // undici does not always close a stream body it never got to send (refused connections).
    if (typeof request.body === "object") request.body.destroy();
    if (signal.aborted) {
      const deadlineExpired = request.deadline.expired();
      throw new NetworkFailure(
        deadlineExpired ? `no answer before the end of ${request.deadline.describe()}` : `no answer within ${Math.round(budgetMs / 1000)} s`,
        deadlineExpired,
      );
    }
    throw new NetworkFailure(describeNetworkError(error), request.deadline.expired());
  }
}

/** A GraphQL call that did not give data: why, and whether asking again could help. */
export class GraphqlFailure extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "GraphqlFailure";
  }
}

interface GraphqlBody<T> {
  data?: T | null;
  errors?: Array<{ message?: string; extensions?: { code?: string } }>;
}

export async function queryGraphql<T>(
  zeabur: ZeaburSettings,
  query: string,
  variables: Record<string, unknown>,
  deadline: Deadline,
  dispatcher?: Dispatcher,
): Promise<T> {
  let answer: Answer;
  try {
    answer = await exchange({
      url: `${zeabur.apiUrl}/graphql`,
      method: "POST",
      headers: { authorization: `Bearer ${zeabur.apiKey}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
      timeoutMs: GRAPHQL_TIMEOUT_MS,
      deadline,
      dispatcher,
    });
  } catch (error) {
    const failure = error as NetworkFailure;
    throw new GraphqlFailure(redact(`Zeabur's GraphQL API did not answer: ${failure.message}`, zeabur.apiKey), !failure.deadlineExpired);
  }
  const graphqlMessage = (body: GraphqlBody<T> | undefined): string | undefined =>
    body?.errors
      ?.map((error) => [error.extensions?.code, error.message].filter(Boolean).join(": "))
      .join("; ");
  let parsed: GraphqlBody<T> | undefined;
  try {
    parsed = JSON.parse(answer.body) as GraphqlBody<T>;
  } catch {
    parsed = undefined;
  }
  if (answer.status === 429 || answer.status >= 500) {
    throw new GraphqlFailure(
      redact(`Zeabur's GraphQL API answered ${describeErrorAnswer(answer.status, answer.body)}`, zeabur.apiKey),
      true,
      retryAfterMs(headerValue(answer, "retry-after")),
    );
  }
  if (answer.status !== 200 || !parsed || parsed.data === null || parsed.data === undefined) {
    const detail = graphqlMessage(parsed) ?? describeErrorAnswer(answer.status, answer.body);
    throw new GraphqlFailure(redact(`Zeabur's GraphQL API answered HTTP ${answer.status}: ${detail}`, zeabur.apiKey), false);
  }
  return parsed.data;
}
