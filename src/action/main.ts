// The GitHub front-end: reads the inputs, gives the commands their ports (the runner's log,
// its workspace and temp folder, GitHub Deployments, the pull request), and always sets the
// outputs and writes the summary from the typed results, however far the run got.
import { tmpdir } from "node:os";
import * as core from "@actions/core";
import { listenForSignals, runCancellation } from "../cancellation.js";
import { failureOf, runCommand } from "../commands/run.js";
import type { DeployRecorder, Ports, ReviewContext } from "../core/ports.js";
import { GateError, describeThrown } from "../errors.js";
import { pullRequestOfRun, readRunContext, type GitHubRunContext, type PullRequestOfRun } from "../github/run-context.js";
import { redact } from "../redact.js";
import { newRunReport, type RunReport } from "../report/run-report.js";
import type { OptionName } from "../options.js";
import { actionDialect, readSettings, requestedCommand, type Settings } from "../settings.js";
import { actionReporter } from "./reporter.js";

/** The run's GitHub context, or undefined outside GitHub Actions (a local run of the bundle). */
function runContext(): GitHubRunContext | undefined {
  try {
    return readRunContext();
  } catch {
    return undefined;
  }
}

/** docs/rules.md of the action version this workflow runs (GITHUB_ACTION_REPOSITORY is set for `uses: owner/repo@ref`). */
function rulesUrl(): string | undefined {
  const repository = process.env.GITHUB_ACTION_REPOSITORY;
  if (!repository) return undefined;
  return `${process.env.GITHUB_SERVER_URL ?? "https://github.com"}/${repository}/blob/${process.env.GITHUB_ACTION_REF || "main"}/docs/rules.md`;
}

/** Loads on first use: Octokit and its HTTP stack wait until a run talks to GitHub, after its first lines. */
function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

function lazyDeployRecorder(options: Parameters<typeof import("../github/deployments.js").gitHubDeployRecorder>[0]): DeployRecorder {
  const recorder = onFirstUse(async () => (await import("../github/deployments.js")).gitHubDeployRecorder(options));
  return { verify: async () => await (await recorder()).verify(), start: async (description) => await (await recorder()).start(description) };
}

function lazyCommentPublisher(token: string, context: GitHubRunContext, pullRequest: PullRequestOfRun): Pick<ReviewContext, "publish" | "verify"> {
  const publisher = onFirstUse(async () => (await import("../github/pr-comment.js")).gitHubCommentPublisher(token, context, pullRequest));
  return {
    publish: async (markdown, markerSuffix) => await (await publisher()).publish(markdown, markerSuffix),
    // A fork's read-only token is not asked: the publisher knows it cannot comment.
    verify: async () => (await publisher()).verify?.(),
  };
}

function reviewContext(settings: Settings, context: GitHubRunContext | undefined): ReviewContext {
  const payload = context?.payload as { pull_request?: { base?: { sha?: string; ref?: string } } } | undefined;
  const base = payload?.pull_request?.base;
  const branch = base?.ref ?? process.env.GITHUB_BASE_REF;
  const token = settings.githubToken;
  const pullRequest = context && pullRequestOfRun(context);
  return {
    baseRefs: [base?.sha, branch ? `origin/${branch}` : undefined].filter((ref): ref is string => Boolean(ref)),
    rulesUrl: rulesUrl(),
    ...(token && context && pullRequest ? lazyCommentPublisher(token, context, pullRequest) : {}),
  };
}

function portsFor(settings: Settings): Ports {
  const context = runContext();
  const token = settings.githubToken;
  return {
    reporter: actionReporter(),
    optionName: (option) => option,
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    tempDir: process.env.RUNNER_TEMP || tmpdir(),
    environment: process.env,
    signal: runCancellation.stopSignal,
    recordDeploy: token && context ? lazyDeployRecorder({ token, environment: settings.githubEnvironment, context }) : undefined,
    review: reviewContext(settings, context),
  };
}

/**
 * After the second signal the runner kills the process tree about 2.5 s later: if the command
 * has not unwound by then, outputs and summary are written from what the report holds, and the
 * process exits (its exit handler ends any Prisma process group still running).
 */
const FORCED_FINISH_AFTER_MS = 1_500;

export async function run(): Promise<void> {
  const reporter = actionReporter();
  const input = (name: OptionName) => core.getInput(name);
  const report = newRunReport(requestedCommand(input));
  let published = false;
  const publish = async (): Promise<void> => {
    if (published) return;
    published = true;
    report.finishedAt = new Date();
    await writeOutputs(report);
    await writeSummary(report);
  };
  const stopListening = listenForSignals(runCancellation, (signalName) => {
    reporter.warning(
      runCancellation.requested
        ? `Received ${signalName} again: ending every child process now and writing the summary.`
        : `Received ${signalName}: the run is cancelled. Every wait stops and nothing new starts; a migration being applied may finish within the grace period.`,
    );
  });
  const forceFinish = () => {
    setTimeout(() => {
      if (published) return;
      report.failure ??= failureOf(runCancellation.error(`while ${report.step}, still unwinding after the second signal`), report.step, "", report);
      core.setFailed(report.failure.message);
      void publish().finally(() => process.exit(1));
    }, FORCED_FINISH_AFTER_MS).unref();
  };
  runCancellation.endSignal.addEventListener("abort", forceFinish, { once: true });
  try {
    report.step = "reading the inputs";
    const settings = readSettings(input, process.env.GITHUB_WORKSPACE ?? process.cwd(), actionDialect(reporter.registerSecret));
    report.step = `the ${settings.command} command`;
    await runCommand(settings, portsFor(settings), report);
  } catch (thrown) {
    report.failure = failureOf(thrown, report.step, "re-run with debug logging (ACTIONS_STEP_DEBUG)", report);
    // Not a failure the action understands: keep the stack for whoever debugs it.
    if (!(thrown instanceof GateError)) reporter.debug(thrown instanceof Error ? (thrown.stack ?? thrown.message) : describeThrown(thrown));
    core.setFailed(`${report.failure.message}${report.failure.nextSteps.length ? `\n${report.failure.nextSteps.map((step) => `→ ${step}`).join("\n")}` : ""}`);
  } finally {
    runCancellation.endSignal.removeEventListener("abort", forceFinish);
    await publish();
    stopListening();
  }
}

/** Best effort: a run that cannot record an output still reports its verdict and its summary. */
async function writeOutputs(report: RunReport): Promise<void> {
  // Loaded at the end, like the summary's renderers: the run's first line does not wait for them.
  const { collectOutputs } = await import("../outputs.js");
  for (const [name, value] of Object.entries(collectOutputs(report))) {
    try {
      core.setOutput(name, redact(value));
    } catch (error) {
      core.warning(`Could not set the outputs (GITHUB_OUTPUT=${process.env.GITHUB_OUTPUT ?? ""}): ${describeThrown(error)}`);
      return;
    }
  }
}

async function writeSummary(report: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const { renderSummary } = await import("../report/summary.js");
  try {
    await core.summary.addRaw(redact(renderSummary(report))).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${describeThrown(error)}`);
  }
}
