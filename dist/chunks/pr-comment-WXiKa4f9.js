import { r as readRunContext, p as pullRequestOfRun, j as runUrl, i as info, w as warning, n as notice } from './run-context-_zvUDHmv.js';
import { o as observeTokenAccess, j as judgeAccess, a as commentResource, c as createGitHubClient, d as describeGitHubError, s as statusOf } from './token-access-CfyAuqaw.js';
import { d as describeThrown } from './errors-DBjELbro.js';
import 'node:fs';
import 'os';
import 'crypto';
import 'fs';
import 'path';
import 'string_decoder';
import 'events';
import 'child_process';
import 'assert';
import 'timers';
import './redact-CL-xqSaj.js';
import 'http';
import 'https';
import 'net';
import 'tls';
import 'util';
import 'node:assert';
import 'node:net';
import 'node:http';
import 'node:stream';
import 'node:buffer';
import 'node:util';
import 'node:querystring';
import 'node:events';
import 'node:diagnostics_channel';
import './_commonjsHelpers-BFTU3MAI.js';
import 'node:tls';
import 'node:zlib';
import 'node:perf_hooks';
import 'node:util/types';
import 'node:worker_threads';
import 'node:url';
import 'node:async_hooks';
import 'node:console';
import 'node:dns';

// The pull request comment's text: the hidden marker that lets a later run find and update
// its own comment, and the cut that keeps it within GitHub's size limit. No I/O here.
/** GitHub rejects a comment longer than this with 422. */
const COMMENT_BODY_LIMIT = 65_536;
const MARKER_NAME = "prisma-gated-deploy:check";
/**
 * The HTML comment that identifies the action's comment. `suffix` (e.g. the working directory
 * relative to the repository root) gives each project of a monorepo its own comment.
 */
function commentMarker(suffix = "") {
    const normalized = suffix
        .trim()
        .replace(/\\/g, "/")
        .replace(/^(\.\/)+|\/+$/g, "")
        // Anything else could end the HTML comment early ("-->") or differ only by spelling.
        .replace(/[^A-Za-z0-9._/-]+/g, "_")
        .replace(/-{2,}/g, "-");
    return normalized && normalized !== "." ? `<!-- ${MARKER_NAME}:${normalized} -->` : `<!-- ${MARKER_NAME} -->`;
}
/** Exact: the marker for one suffix never matches a comment written for another suffix. */
function hasMarker(body, marker) {
    return body.includes(marker);
}
/**
 * The comment to send: the marker, then the body, cut if the whole would exceed `limit`.
 * A cut body ends on a line break where one is near, closes a code fence or <details> block it
 * left open (so the rest of the page renders), and says where the full report is.
 * Lengths are UTF-16 units, never fewer than GitHub's characters, so the result always fits.
 */
function fitCommentBody(body, marker, summaryUrl, limit = COMMENT_BODY_LIMIT) {
    const whole = `${marker}\n${body}`;
    if (whole.length <= limit)
        return whole;
    const pointer = `\n\n---\n✂️ This comment was cut to fit GitHub's limit of ${limit.toLocaleString("en-US")} characters. ` +
        `The full report is in the [job summary](${summaryUrl}).`;
    let budget = limit - marker.length - 1 - pointer.length;
    for (;;) {
        const kept = cutAt(body, budget);
        const fitted = `${marker}\n${kept}${closingsFor(kept)}${pointer}`;
        if (fitted.length <= limit || kept.length === 0)
            return fitted;
        budget -= fitted.length - limit;
    }
}
function cutAt(text, maxLength) {
    if (maxLength <= 0)
        return "";
    let kept = text.slice(0, maxLength);
    const lastCode = kept.charCodeAt(kept.length - 1);
    if (lastCode >= 0xd800 && lastCode <= 0xdbff)
        kept = kept.slice(0, -1);
    const lineBreak = kept.lastIndexOf("\n");
    return lineBreak >= kept.length / 2 ? kept.slice(0, lineBreak) : kept;
}
/** What `text` left open and must be closed for the text after it to render as Markdown. */
function closingsFor(text) {
    let openFence;
    for (const line of text.split("\n")) {
        const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
        if (!fence)
            continue;
        if (openFence === undefined)
            openFence = fence;
        else if (fence[0] === openFence[0] && fence.length >= openFence.length && line.trim() === fence)
            openFence = undefined;
    }
    const openDetails = (text.match(/<details[\s>]/gi)?.length ?? 0) - (text.match(/<\/details>/gi)?.length ?? 0);
    return (openFence === undefined ? "" : `\n${openFence}`) + "\n</details>".repeat(Math.max(0, openDetails));
}

// One comment per pull request (per project, in a monorepo), updated in place on every push.
// The comment is a convenience next to the job summary: nothing here ever fails the run.
const MISSING_PERMISSION = "Resource not accessible by integration";
/** Creates or updates the action's comment on the run's pull request. Never throws. */
async function upsertPullRequestComment(options) {
    let context;
    try {
        context = options.context ?? readRunContext();
    }
    catch (error) {
        return skipped(`the run's GitHub context is incomplete: ${describeThrown(error)}`, warning);
    }
    const pullRequest = pullRequestOfRun(context);
    if (!pullRequest) {
        return skipped(`the '${context.eventName}' event is not about a pull request`, info);
    }
    if (pullRequest.fromFork) {
        return skipped(`pull request #${pullRequest.number} comes from a fork, and GitHub gives such runs a read-only token; the report is in the job summary`, notice);
    }
    const marker = commentMarker(options.markerSuffix);
    const body = fitCommentBody(options.body, marker, runUrl(context));
    const client = createGitHubClient(options.token, { baseUrl: context.apiUrl, requestTimeoutMs: options.requestTimeoutMs });
    const issue = { owner: context.owner, repo: context.repo, issue_number: pullRequest.number };
    try {
        const existing = await findMarkedComment(client, issue, marker);
        if (existing) {
            const { data } = await client.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: existing, body });
            info(`Updated the report comment on pull request #${pullRequest.number}: ${data.html_url}`);
            return { outcome: "updated", url: data.html_url };
        }
        const { data } = await client.rest.issues.createComment({ ...issue, body });
        info(`Commented the report on pull request #${pullRequest.number}: ${data.html_url}`);
        return { outcome: "created", url: data.html_url };
    }
    catch (error) {
        const said = describeGitHubError(error, options.token);
        if (statusOf(error) !== 403) {
            return skipped(`could not comment on pull request #${pullRequest.number} (${said}); the report is in the job summary`, warning);
        }
        if (describeThrown(error).includes(MISSING_PERMISSION)) {
            return skipped(`could not comment on pull request #${pullRequest.number}: the token may not write pull request comments (${said}). ` +
                "Add `permissions: pull-requests: write` to the job (or the workflow); the report is in the job summary meanwhile", warning);
        }
        return skipped(`GitHub refused the comment on pull request #${pullRequest.number} (${said}); the report is in the job summary`, notice);
    }
}
/** The id of the first comment carrying `marker`, looking through every page. */
async function findMarkedComment(client, issue, marker) {
    for await (const page of client.paginate.iterator(client.rest.issues.listComments, { ...issue, per_page: 100 })) {
        const found = page.data.find((comment) => hasMarker(comment.body ?? "", marker));
        if (found)
            return found.id;
    }
    return undefined;
}
function skipped(reason, log) {
    log(`Pull request comment skipped: ${reason}.`);
    return { outcome: "skipped", reason };
}
/**
 * The run's pull request as where a report is published: the token is checked read-only
 * first (not for a fork's pull request, whose token GitHub makes read-only on purpose), and a
 * comment the check proved impossible is skipped without a second warning.
 */
function gitHubCommentPublisher(token, context, pullRequest) {
    let provenImpossible;
    return {
        verify: pullRequest.fromFork
            ? undefined
            : async () => {
                const observed = await observeTokenAccess(token, context, { comments: pullRequest.number });
                const judged = judgeAccess(observed, commentResource(pullRequest.number));
                if (judged.outcome === "warning")
                    provenImpossible = judged.detail;
                return { area: "GitHub", subject: `comment on pull request #${pullRequest.number}`, ...judged };
            },
        async publish(markdown, markerSuffix) {
            if (provenImpossible) {
                skipped(`${provenImpossible} (found before the check ran)`, notice);
                return;
            }
            // The adapter logs the comment's URL itself.
            await upsertPullRequestComment({ token, body: markdown, markerSuffix, context });
        },
    };
}

export { gitHubCommentPublisher, upsertPullRequestComment };
