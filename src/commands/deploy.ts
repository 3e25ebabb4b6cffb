// `deploy`: package, migrate, and only if the migrations succeeded, upload to Zeabur and
// follow the deployment. `upload` is the same without the database.
//
// The archive is built before the gate on purpose: a packaging mistake (an empty folder,
// unreadable files) then stops the run before anything touched the database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as core from "@actions/core";
import { Deadline } from "../deadline.js";
import { startGitHubDeployment, type GitHubDeploymentHandle } from "../github/deployments.js";
import { renderArchiveSection } from "../report/archive-section.js";
import { renderDeploymentSection, type DeploymentSectionInput } from "../report/deployment-section.js";
import type { RunReport } from "../report/run-report.js";
import type { Settings, ZeaburSettings } from "../settings.js";
import { packageFolder, type PackagedArchive } from "../zeabur/archive.js";
import { DeploymentError, followDeployment } from "../zeabur/deployment-follower.js";
import { uploadArchive } from "../zeabur/upload-client.js";
import { runMigrate } from "./migrate.js";

/** Create, PUT and prepare share one budget; each call has its own shorter timeout inside it. */
const UPLOAD_BUDGET_MS = 30 * 60_000;

async function packageForZeabur(settings: Settings, report: RunReport, scratch: string): Promise<PackagedArchive> {
  report.step = `packaging ${settings.deployPath}`;
  core.startGroup(`Packaging ${settings.deployPath}`);
  try {
    const archive = await packageFolder({ root: settings.deployPath, exclude: settings.exclude, outputFile: path.join(scratch, "deploy.zip") });
    report.extraOutputs["artifact-sha256"] = archive.sha256Base64;
    report.extraOutputs["artifact-bytes"] = String(archive.bytes);
    report.extraOutputs["artifact-files"] = String(archive.files);
    report.sections.push(renderArchiveSection(archive));
    core.info(`Archive: ${archive.files} files, ${archive.bytes} bytes, SHA-256 ${archive.sha256Base64}.`);
    return archive;
  } finally {
    core.endGroup();
  }
}

async function shipToZeabur(settings: Settings, zeabur: ZeaburSettings, report: RunReport, archive: PackagedArchive): Promise<void> {
  const section: { -readonly [K in keyof DeploymentSectionInput]: DeploymentSectionInput[K] } = {};
  const sectionIndex = report.sections.push("") - 1;
  const render = () => (report.sections[sectionIndex] = renderDeploymentSection(section));
  let github: GitHubDeploymentHandle | undefined;
  try {
    if (settings.githubToken) {
      github = await startGitHubDeployment({
        token: settings.githubToken,
        environment: settings.githubEnvironment,
        description: `Zeabur deploy of ${archive.files} files`,
      });
    }
    report.step = "uploading the archive to Zeabur";
    const uploaded = await uploadArchive(zeabur, archive, new Deadline(UPLOAD_BUDGET_MS, "the Zeabur upload"));
    section.upload = { uploadId: uploaded.uploadId, attempts: uploaded.attempts, bytes: archive.bytes };
    section.deployment = { deploymentId: uploaded.deploymentId, deploymentUrl: uploaded.deploymentUrl };
    report.extraOutputs["upload-id"] = uploaded.uploadId;
    report.extraOutputs["deployment-id"] = uploaded.deploymentId;
    report.extraOutputs["deployment-url"] = uploaded.deploymentUrl;
    render();
    if (!settings.wait) {
      await github?.finish("success", uploaded.deploymentUrl, "Uploaded; not followed (wait: false)");
      return;
    }
    report.step = "following the Zeabur deployment";
    const result = await followDeployment(zeabur, uploaded.deploymentId, new Deadline(settings.waitTimeoutMs, "the deployment (input wait-timeout)"), {
      deploymentUrl: uploaded.deploymentUrl,
    });
    section.result = result;
    report.extraOutputs["deployment-status"] = result.status;
    await github?.finish("success", uploaded.deploymentUrl);
  } catch (error) {
    if (error instanceof DeploymentError) {
      section.result = error.result;
      report.extraOutputs["deployment-status"] = error.result.status;
    }
    await github?.finish(error instanceof DeploymentError ? "failure" : "error", report.extraOutputs["deployment-url"] || undefined);
    throw error;
  } finally {
    render();
  }
}

async function withScratchFolder<T>(report: RunReport, use: (folder: string) => Promise<T>): Promise<T> {
  report.step = "creating a scratch folder for the archive";
  const folder = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), "prisma-gated-deploy-"));
  try {
    return await use(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function runDeploy(settings: Settings, report: RunReport): Promise<void> {
  await withScratchFolder(report, async (scratch) => {
    const archive = await packageForZeabur(settings, report, scratch);
    // A failed gate throws here: nothing below runs, so nothing is uploaded.
    report.step = "the migration gate";
    await runMigrate(settings, report);
    await shipToZeabur(settings, settings.zeabur as ZeaburSettings, report, archive);
  });
}

export async function runUpload(settings: Settings, report: RunReport): Promise<void> {
  await withScratchFolder(report, async (scratch) => {
    const archive = await packageForZeabur(settings, report, scratch);
    await shipToZeabur(settings, settings.zeabur as ZeaburSettings, report, archive);
  });
}
