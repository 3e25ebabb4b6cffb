import { r as readRunContext, w as warning, i as info, j as runUrl } from './run-context-_zvUDHmv.js';
import { j as judgeAccess, o as observeTokenAccess, c as createGitHubClient, D as DEPLOYMENT_RESOURCE, d as describeGitHubError, s as statusOf } from './token-access-CfyAuqaw.js';
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

// GitHub Deployments mirror the Zeabur deploy on the pull request and in the repository's
// Environments page. They are a view of the deploy, not part of it: a token that may not write
// them, or a GitHub outage, costs a warning and nothing else.
/** GitHub rejects a longer deployment status description with 422. */
const DEPLOYMENT_DESCRIPTION_LIMIT = 140;
function fitDeploymentDescription(text) {
    const characters = [...text];
    return characters.length <= DEPLOYMENT_DESCRIPTION_LIMIT ? text : `${characters.slice(0, DEPLOYMENT_DESCRIPTION_LIMIT - 1).join("")}…`;
}
/**
 * Creates a deployment of GITHUB_SHA to `environment` and marks it in progress. Undefined when
 * GitHub would not record it; the reason has then been logged as a warning. Never throws.
 */
async function startGitHubDeployment(options) {
    let context;
    try {
        context = options.context ?? readRunContext();
    }
    catch (error) {
        warning(`No GitHub deployment recorded: the run's GitHub context is incomplete: ${describeThrown(error)}`);
        return undefined;
    }
    const client = createGitHubClient(options.token, { baseUrl: context.apiUrl, requestTimeoutMs: options.requestTimeoutMs });
    const repository = { owner: context.owner, repo: context.repo };
    const description = options.description === undefined ? undefined : fitDeploymentDescription(options.description);
    const warn = (action, error) => warnAboutFailure(action, options.environment, error, options.token);
    let id;
    try {
        const { data } = await client.rest.repos.createDeployment({
            ...repository,
            ref: context.sha,
            environment: options.environment,
            description,
            // GitHub would otherwise merge the default branch into the ref, or refuse to deploy
            // while other checks of the commit are still pending.
            auto_merge: false,
            required_contexts: [],
            transient_environment: options.transientEnvironment ?? false,
        });
        if (!("id" in data)) {
            warning(`No GitHub deployment recorded for environment '${options.environment}': GitHub answered '${data.message ?? ""}'.`);
            return undefined;
        }
        id = data.id;
    }
    catch (error) {
        warn("record a GitHub deployment", error);
        return undefined;
    }
    info(`Recorded GitHub deployment ${id} to environment '${options.environment}'.`);
    const logUrl = runUrl(context);
    await setStatus(client, { ...repository, deployment_id: id, state: "in_progress", log_url: logUrl, description }, warn);
    return {
        id,
        async finish(state, environmentUrl, finalDescription) {
            await setStatus(client, {
                ...repository,
                deployment_id: id,
                state,
                log_url: logUrl,
                environment_url: environmentUrl,
                description: finalDescription === undefined ? undefined : fitDeploymentDescription(finalDescription),
            }, warn);
        },
    };
}
async function setStatus(client, request, warn) {
    try {
        await client.rest.repos.createDeploymentStatus(request);
    }
    catch (error) {
        warn(`mark the GitHub deployment ${request.state}`, error);
    }
}
function warnAboutFailure(action, environment, error, token) {
    const said = describeGitHubError(error, token);
    if (statusOf(error) === 403) {
        warning(`Could not ${action} for environment '${environment}': the token may not write deployments (${said}). ` +
            "Add `permissions: deployments: write` to the job (or the workflow) to see deployments in GitHub. The deploy itself continues.");
        return;
    }
    warning(`Could not ${action} for environment '${environment}' (${said}). The deploy itself continues.`);
}
/**
 * GitHub Deployments as the deploy's recorder: the token is checked read-only before anything
 * changes, and a record the check proved impossible is not attempted (its warning was given).
 */
function gitHubDeployRecorder(options) {
    let provenImpossible = false;
    return {
        async verify() {
            const judged = judgeAccess(await observeTokenAccess(options.token, options.context, { deployments: true }), DEPLOYMENT_RESOURCE);
            provenImpossible = judged.outcome === "warning";
            return { area: "GitHub", subject: `Deployments to environment '${options.environment}'`, ...judged };
        },
        async start(description) {
            if (provenImpossible) {
                info("No GitHub deployment recorded: the token cannot create one (see the warning given before any change).");
                return undefined;
            }
            return await startGitHubDeployment({ ...options, description });
        },
    };
}

export { DEPLOYMENT_DESCRIPTION_LIMIT, fitDeploymentDescription, gitHubDeployRecorder, startGitHubDeployment };
