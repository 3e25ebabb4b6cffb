import { b as redactSecrets } from './redact-CL-xqSaj.js';

// The pure rules of talking to Zeabur: what a status means, where the deployment id hides,
// how an error answer reads to a person, and which failures are worth another attempt.
const CREATE_TIMEOUT_MS = 30_000;
const PREPARE_TIMEOUT_MS = 30_000;
const GRAPHQL_TIMEOUT_MS = 30_000;
/** Zeabur's CLI allows two minutes plus one second per 256 KiB; slow runners need the same. */
function uploadTimeoutMs(bytes) {
    return 120_000 + Math.ceil(bytes / 262_144) * 1000;
}
/**
 * How long one PUT of the archive may wait: Zeabur's CLI limit, but at most a third of the whole
 * upload's budget, so that a storage that never answers is asked again before the budget ends.
 */
function sendAttemptLimitMs(bytes, uploadBudgetMs) {
    return Math.min(uploadTimeoutMs(bytes), Math.ceil(uploadBudgetMs / 3));
}
const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 20_000, factor: 2, jitter: 0.3 };
const FAILED_STATUSES = new Set(["FAILED", "CRASHED", "CANCELED", "REMOVED"]);
/** Statuses nobody documented (and `UNKNOWN`) count as still in progress: only the deadline ends them. */
function classifyDeploymentStatus(status) {
    const normalized = status.trim().toUpperCase();
    if (normalized === "RUNNING")
        return "succeeded";
    if (FAILED_STATUSES.has(normalized))
        return "failed";
    return "in-progress";
}
/** The prepare answer has no id field; the id is the `/deployments/<24 hex>` segment of its URL. */
function deploymentIdFromUrl(url) {
    let pathname;
    try {
        pathname = new URL(url).pathname;
    }
    catch {
        return undefined;
    }
    const match = /\/deployments\/([0-9a-f]{24})(?:\/|$)/i.exec(pathname);
    return match?.[1].toLowerCase();
}
const EXCERPT_CHARS = 200;
/** Gateway pages are HTML; a person needs their words, not their markup. */
function excerptOfBody(body, limit = EXCERPT_CHARS) {
    const text = body
        .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ")
        .replace(/<!--[\s\S]*?-->/g, " ")
        .replace(/<[^>]*>/g, " ")
        .replace(/&nbsp;/gi, " ")
        .replace(/&lt;/gi, "<")
        .replace(/&gt;/gi, ">")
        .replace(/&quot;/gi, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/gi, "&")
        .replace(/\s+/g, " ")
        .trim();
    return text.length > limit ? `${text.slice(0, limit - 1).trimEnd()}…` : text;
}
function parseApiErrorBody(body) {
    try {
        const parsed = JSON.parse(body);
        if (typeof parsed !== "object" || parsed === null)
            return undefined;
        const record = parsed;
        const code = typeof record.code === "string" ? record.code : undefined;
        const error = typeof record.error === "string" ? record.error : typeof record.message === "string" ? record.message : undefined;
        return code || error ? { code, error } : undefined;
    }
    catch {
        return undefined;
    }
}
/** S3 answers in XML: `<Error><Code>…</Code><Message>…</Message></Error>`. */
function parseStorageErrorBody(body) {
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
    return code || message ? { code, error: message } : undefined;
}
/** One line: the API's own code and words when it gave them, else the status and what the body says. */
function describeErrorAnswer(status, body) {
    const structured = parseApiErrorBody(body) ?? parseStorageErrorBody(body);
    if (structured) {
        const parts = [structured.code, structured.error].filter((part) => Boolean(part));
        return `HTTP ${status} ${parts.join(": ")}`;
    }
    const excerpt = excerptOfBody(body);
    return excerpt ? `HTTP ${status}: ${excerpt}` : `HTTP ${status} with an empty body`;
}
function isExpiredPresignedUrl(status, body) {
    if (status !== 403)
        return false;
    const structured = parseStorageErrorBody(body);
    return structured?.code === "AccessDenied" && /request has expired/i.test(structured.error ?? "");
}
/**
 * Network errors, 429 and 5xx are the service or its gateway being briefly unwell. An expired
 * pre-signed URL needs a fresh one. Everything else (400, 401, 403, 404, …) repeats identically.
 */
function retryDecisionForStatus(status, body) {
    if (status === 429 || status >= 500)
        return "retry";
    if (isExpiredPresignedUrl(status, body))
        return "new-upload";
    return "give-up";
}
/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header, now = Date.now()) {
    if (header === undefined)
        return undefined;
    const text = header.trim();
    if (/^\d+(\.\d+)?$/.test(text))
        return Math.round(Number(text) * 1000);
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
/** Replaces every occurrence of the API key; applied to anything that leaves the client. */
function redact(text, apiKey) {
    return redactSecrets(text, [apiKey]);
}
/** The action's spelling, for callers that name none. */
const AS_INPUT = (option) => option;
/** What to check, by the kind of answer, for the failure's next steps. */
function nextStepsForStatus(status, body, step, name = AS_INPUT) {
    const code = parseApiErrorBody(body)?.code;
    if (code === "REQUIRE_PAID_PLAN") {
        return [
            `The archive is larger than the Zeabur plan allows: exclude what Zeabur does not need to build (node_modules, build output, test data) with \`${name("exclude")}\` or a .zeaburignore file, or upgrade the plan.`,
        ];
    }
    if (status === 401) {
        return [`Check the ${name("zeabur-api-key")} secret: it must be a current API key from the Zeabur dashboard (Settings → Developer).`];
    }
    if (status === 404 && step === "prepare") {
        return [
            `Check ${name("zeabur-service-id")} and ${name("zeabur-environment-id")}: copy them from the service's dashboard URL …/services/<service id>?envID=<environment id>, and make sure the API key's account can see that project.`,
        ];
    }
    if (step === "upload" && status === 403) {
        return ["The storage refused the pre-signed upload. This is a bug in the action or a change at Zeabur; please report it with this log."];
    }
    if (status === 429 || status >= 500) {
        return ["Zeabur or its gateway kept failing; check https://status.zeabur.com and re-run the job."];
    }
    return ["Re-run the job; if it fails the same way, report it with this log."];
}
/** Build logs carry terminal colours; the job summary shows plain text. */
function cleanLogLine(line) {
    return line.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/\s+$/, "");
}

export { AS_INPUT as A, CREATE_TIMEOUT_MS as C, DEFAULT_BACKOFF as D, GRAPHQL_TIMEOUT_MS as G, PREPARE_TIMEOUT_MS as P, cleanLogLine as a, retryDecisionForStatus as b, classifyDeploymentStatus as c, deploymentIdFromUrl as d, describeErrorAnswer as e, retryAfterMs as f, excerptOfBody as g, nextStepsForStatus as n, redact as r, sendAttemptLimitMs as s };
