// `deploy`: package, migrate, and only if the migrations succeeded, upload to Zeabur and
// follow the deployment. `upload` is the same without the database.
//
// The archive is built before the gate on purpose: a packaging mistake (an empty folder,
// unreadable files) then stops the run before anything touched the database. So is Zeabur
// (and GitHub's token) asked read-only whether the deploy can go through (src/preflight).
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { runCancellation } from "../cancellation.js";
import type { DeployRecord, Ports } from "../core/ports.js";
import { Deadline } from "../deadline.js";
import type { ContractReport, RunReport } from "../report/run-report.js";
import type { DeploySettings, ShipSettings, UploadSettings } from "../settings.js";
import { packageFolder, type PackagedArchive } from "../zeabur/archive.js";
import { DeploymentError, followDeployment } from "../zeabur/deployment-follower.js";
import { uploadArchive } from "../zeabur/upload-client.js";
import { verifyShipping } from "../preflight/verify.js";
import { runMigrate } from "./migrate.js";

async function packageForZeabur(settings: ShipSettings, ports: Ports, report: RunReport, scratch: string): Promise<PackagedArchive> {
  report.step = `packaging ${settings.deployPath}`;
  return await ports.reporter.step(`Packaging ${settings.deployPath}`, async () => {
    const archive = await packageFolder({
      root: settings.deployPath,
      exclude: settings.exclude,
      outputFile: path.join(scratch, "deploy.zip"),
      reporter: ports.reporter,
      optionName: ports.optionName,
    });
    report.archive = archive;
    return archive;
  });
}

async function shipToZeabur(settings: ShipSettings, ports: Ports, report: RunReport, archive: PackagedArchive): Promise<void> {
  const log = (line: string) => ports.reporter.info(line);
  let record: DeployRecord | undefined;
  try {
    record = await ports.recordDeploy?.start(`Zeabur deploy of ${archive.files} files`);
    report.step = "uploading the archive to Zeabur";
    const uploadDeadline = new Deadline(settings.uploadTimeoutMs, `the Zeabur upload (${ports.optionName("upload-timeout")})`);
    const uploaded = await uploadArchive(settings.zeabur, archive, uploadDeadline, { log, optionName: ports.optionName });
    report.upload = uploaded;
    if (!settings.wait) {
      await record?.finish("success", uploaded.deploymentUrl, "Uploaded; not followed (wait: false)");
      return;
    }
    report.step = "following the Zeabur deployment";
    report.deployment = await followDeployment(settings.zeabur, uploaded.deploymentId, new Deadline(settings.waitTimeoutMs, `the deployment (${ports.optionName("wait-timeout")})`), {
      deploymentUrl: uploaded.deploymentUrl,
      optionName: ports.optionName,
      settleMs: settings.settleMs,
      healthUrl: settings.healthUrl,
      log,
      progress: (line) => ports.reporter.progress(line),
    });
    await record?.finish("success", uploaded.deploymentUrl);
  } catch (error) {
    if (error instanceof DeploymentError) report.deployment = error.result;
    await record?.finish(error instanceof DeploymentError ? "failure" : "error", report.upload?.deploymentUrl);
    throw error;
  }
}

/**
 * contract-migrations: after-deploy. The held migrations run only once the new deployment is
 * healthy; whatever stops the run before then leaves them unapplied, so the previous version
 * can still run on the database.
 */
async function applyAfterHealthyDeploy(contract: ContractReport, deploy: () => Promise<void>, applyHeld: () => Promise<void>): Promise<void> {
  try {
    await deploy();
  } catch (error) {
    contract.heldOutcome = "not-applied";
    throw error;
  }
  try {
    await applyHeld();
    contract.heldOutcome = "applied";
  } catch (error) {
    contract.heldOutcome = "stopped-after-healthy";
    throw error;
  }
}

async function withScratchFolder<T>(ports: Ports, report: RunReport, use: (folder: string) => Promise<T>): Promise<T> {
  report.step = "creating a scratch folder for the archive";
  const folder = mkdtempSync(path.join(ports.tempDir, "prisma-gated-deploy-"));
  try {
    return await use(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function runDeploy(settings: DeploySettings, ports: Ports, report: RunReport): Promise<RunReport> {
  await withScratchFolder(ports, report, async (scratch) => {
    const archive = await packageForZeabur(settings, ports, report, scratch);
    runCancellation.throwIfRequested("while packaging, before the database was touched");
    // A wrong Zeabur key or id found at upload time would leave the migrations applied and nothing deployed.
    await verifyShipping(settings, ports, report);
    // A failed gate throws here: nothing below runs, so nothing is uploaded.
    report.step = "the migration gate";
    const migration = await runMigrate(settings, ports, report);
    const held = migration.contract?.heldForDeploy ?? [];
    runCancellation.throwIfRequested("after the migrations, before the upload started");
    if (held.length === 0) {
      await shipToZeabur(settings, ports, report, archive);
      return;
    }
    await applyAfterHealthyDeploy(migration.contract as ContractReport, async () => {
      await shipToZeabur(settings, ports, report, archive);
    }, async () => {
      runCancellation.throwIfRequested("after the new deployment became healthy, before the contract migrations");
      report.step = "the contract migrations, after the healthy deployment";
      await runMigrate(settings, ports, report);
    });
  });
  return report;
}

export async function runUpload(settings: UploadSettings, ports: Ports, report: RunReport): Promise<RunReport> {
  await withScratchFolder(ports, report, async (scratch) => {
    const archive = await packageForZeabur(settings, ports, report, scratch);
    await verifyShipping(settings, ports, report);
    runCancellation.throwIfRequested("after packaging, before the upload started");
    await shipToZeabur(settings, ports, report, archive);
  });
  return report;
}
