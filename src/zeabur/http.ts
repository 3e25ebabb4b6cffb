// One HTTP exchange with Zeabur or its storage, bounded in time, and the GraphQL call on top.
// Nothing here retries: callers decide with the rules in protocol.ts.
import { open } from "node:fs/promises";
import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { getGlobalDispatcher, type Dispatcher } from "undici";
import { abortAfter, type Deadline } from "../deadline.js";
import { formatDuration } from "../duration.js";
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
  readonly body?: string;
  /** This call's own limit; the deadline may cut it shorter. */
  readonly timeoutMs: number;
  readonly deadline: Deadline;
  /** Told every few seconds what the call is still waiting for, so a stall is never silent. */
  readonly onWaiting?: (message: string) => void;
}

/** How often a call that is still waiting says so. */
const WAITING_REPORT_MS = 10_000;

/** Calls `report` every few seconds with how long the wait has lasted; returns the function that stops it. */
function reportWhileWaiting(onWaiting: ((message: string) => void) | undefined, describe: (elapsedMs: number) => string): () => void {
  if (!onWaiting) return () => undefined;
  const started = Date.now();
  const timer = setInterval(() => onWaiting(describe(Date.now() - started)), WAITING_REPORT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The host a URL names, for messages: never its path or query (a pre-signed URL's query is a credential). */
function hostOf(origin: string): string {
  return new URL(origin).host;
}

export interface FileUpload extends Omit<Exchange, "body"> {
  readonly file: string;
  /** Sent as Content-Length; the file must have at least this many bytes. */
  readonly bytes: number;
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

/** This call's time: its own limit, cut shorter by the deadline; none left is a failure. */
function budgetFor(request: Omit<Exchange, "body">): number {
  const budgetMs = Math.min(request.timeoutMs, request.deadline.remainingMs());
  if (budgetMs <= 0) throw new NetworkFailure(`no time left within ${request.deadline.describe()}`, true);
  return budgetMs;
}

/** `silence` says what the call still waited for when its time ran out: "no answer from <host>" unless the caller knows better. */
function networkFailure(error: unknown, signal: AbortSignal, budgetMs: number, deadline: Deadline, origin: string, silence?: string): NetworkFailure {
  const host = hostOf(origin);
  if (signal.aborted) {
    const deadlineExpired = deadline.expired();
    const ended = deadlineExpired ? `, when ${deadline.describe()} ended` : "";
    return new NetworkFailure(`${silence ?? `no answer from ${host}`} within ${formatDuration(budgetMs)}${ended}`, deadlineExpired);
  }
  return new NetworkFailure(`${host}: ${describeNetworkError(error)}`, deadline.expired());
}

export async function exchange(request: Exchange): Promise<Answer> {
  const budgetMs = budgetFor(request);
  const { origin, path } = splitUrl(request.url);
  const signal = abortAfter(budgetMs, request.deadline.cancellation.stopSignal);
  const stopReporting = reportWhileWaiting(
    request.onWaiting,
    (elapsedMs) => `Still waiting for ${hostOf(origin)} to answer ${request.method} (${Math.round(elapsedMs / 1000)} s so far, limit ${Math.round(budgetMs / 1000)} s).`,
  );
  try {
    const response = await getGlobalDispatcher().request({
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
    request.deadline.cancellation.throwIfRequested(`while waiting for ${hostOf(origin)} to answer`);
    throw networkFailure(error, signal, budgetMs, request.deadline, origin);
  } finally {
    stopReporting();
  }
}

const PUT_CHUNK_BYTES = 256 * 1024;
const PUT_CHUNKS_IN_FLIGHT = 4;

/**
 * Sends a file as the body of one request with a fixed Content-Length, from a small ring of
 * reused buffers: a buffer is read into again only when the socket has flushed it, so memory
 * stays flat whatever the archive's size and no garbage piles up between collections. This is
 * node:http rather than undici because its write callback says when a chunk has been flushed.
 */
export async function sendFile(request: FileUpload): Promise<Answer> {
  const budgetMs = budgetFor(request);
  const { origin, path } = splitUrl(request.url);
  const target = new URL(origin);
  // A cancelled run stops a PUT in flight: Zeabur never gets a complete archive, so prepare never runs.
  const signal = abortAfter(budgetMs, request.deadline.cancellation.stopSignal);
  const options: RequestOptions = {
    protocol: target.protocol,
    hostname: target.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: target.port || undefined,
    path,
    method: request.method,
    headers: { ...request.headers, "content-length": String(request.bytes) },
    signal,
  };
  const handle = await open(request.file, "r");
  let sent = 0;
  const stopReporting = reportWhileWaiting(request.onWaiting, (elapsedMs) =>
    sent < request.bytes
      ? `Still sending the archive to ${hostOf(origin)}: ${sent} of ${request.bytes} bytes sent after ${Math.round(elapsedMs / 1000)} s (limit ${Math.round(budgetMs / 1000)} s).`
      : `All ${request.bytes} bytes sent to ${hostOf(origin)}; waiting for its answer (${Math.round(elapsedMs / 1000)} s so far, limit ${Math.round(budgetMs / 1000)} s).`,
  );
  try {
    return await new Promise<Answer>((resolve, reject) => {
      const onResponse = (response: IncomingMessage): void => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (text: string) => (body += text));
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
          // An answer before the last byte (a refusal) ends the exchange: stop sending.
          if (!outgoing.writableFinished) outgoing.destroy();
        });
        response.on("error", reject);
      };
      const outgoing = (target.protocol === "https:" ? httpsRequest : httpRequest)(options, onResponse);
      outgoing.on("error", reject);
      const free: Buffer[] = Array.from({ length: PUT_CHUNKS_IN_FLIGHT }, () => Buffer.allocUnsafeSlow(PUT_CHUNK_BYTES));
      let wake: (() => void) | undefined;
      const release = (buffer: Buffer) => (): void => {
        free.push(buffer);
        wake?.();
      };
      outgoing.on("close", () => wake?.());
      const pump = async (): Promise<void> => {
        for (let position = 0; position < request.bytes; ) {
          if (outgoing.destroyed) return;
          if (free.length === 0) {
            await new Promise<void>((resume) => (wake = resume));
            wake = undefined;
            continue;
          }
          const buffer = free.pop()!;
          const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, request.bytes - position), position);
          if (bytesRead === 0) throw new Error(`${request.file} ended after ${position} of its ${request.bytes} bytes`);
          position += bytesRead;
          outgoing.write(buffer.subarray(0, bytesRead), (error) => {
            if (!error) sent += bytesRead;
            release(buffer)();
          });
        }
        outgoing.end();
      };
      pump().catch((error: unknown) => outgoing.destroy(error as Error));
    });
  } catch (error) {
    request.deadline.cancellation.throwIfRequested(`while sending the archive to ${hostOf(origin)} (the upload was stopped before it completed)`);
    const silence =
      sent < request.bytes
        ? `${hostOf(origin)} took ${sent} of the archive's ${request.bytes} bytes`
        : `${hostOf(origin)} received all ${request.bytes} bytes and never answered`;
    throw networkFailure(error, signal, budgetMs, request.deadline, origin, silence);
  } finally {
    stopReporting();
    await handle.close();
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

/** One GraphQL request as it was answered, for callers that read the answer themselves. */
export async function postGraphql(
  zeabur: ZeaburSettings,
  query: string,
  variables: Record<string, unknown>,
  deadline: Deadline,
  onWaiting?: (message: string) => void,
): Promise<Answer> {
  return await exchange({
    url: `${zeabur.apiUrl}/graphql`,
    method: "POST",
    headers: { authorization: `Bearer ${zeabur.apiKey}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
    timeoutMs: GRAPHQL_TIMEOUT_MS,
    deadline,
    onWaiting,
  });
}

export async function queryGraphql<T>(
  zeabur: ZeaburSettings,
  query: string,
  variables: Record<string, unknown>,
  deadline: Deadline,
  onWaiting?: (message: string) => void,
): Promise<T> {
  let answer: Answer;
  try {
    answer = await postGraphql(zeabur, query, variables, deadline, onWaiting);
  } catch (error) {
    if (!(error instanceof NetworkFailure)) throw error;
    const failure = error;
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
