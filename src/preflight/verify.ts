// Runs the read-only checks before the run's first change and records what they found: Zeabur
// and GitHub before the gate (deploy, upload), the database's privileges inside the gate once
// it knows the pending migrations.
import type { Ports, Reporter } from "../core/ports.js";
import type { MigrationSql } from "../prisma/project.js";
import type { RunReport } from "../report/run-report.js";
import type { ShipSettings } from "../settings.js";
import { verifyDeployTarget } from "../zeabur/deploy-target.js";
import { recordChecks, type Judged } from "./checks.js";
import { judgeDatabasePrivileges, privilegeNeeds, type RoleFacts } from "./database.js";

/** Zeabur's key, service and environment, and GitHub's token when the deploy is recorded there. */
export async function verifyShipping(settings: ShipSettings, ports: Ports, report: RunReport): Promise<void> {
  const services = ports.recordDeploy ? "Zeabur and GitHub" : "Zeabur";
  report.step = `verifying ${services} before any change`;
  await ports.reporter.step(`Verifying ${services} before any change (read-only)`, async () => {
    const checks: Judged[] = await verifyDeployTarget(settings.zeabur, ports.optionName, (line) => ports.reporter.info(line));
    if (ports.recordDeploy) checks.push(await ports.recordDeploy.verify());
    recordChecks(checks, report, ports.reporter);
  });
}

export interface DatabaseVerification {
  /** Every pending migration, held ones included: the second gate of a run would be too late. */
  readonly pending: readonly MigrationSql[];
  readonly terminatesStaleLocks: boolean;
  readonly optionName: (option: string) => string;
  /** Reads the role's facts for these relations and types. */
  readFacts(relations: readonly string[], types: readonly string[]): Promise<RoleFacts>;
}

/** Once a run: a second gate (contract-migrations after-deploy) finds its migrations checked by the first. */
export async function verifyDatabase(verification: DatabaseVerification, report: RunReport, reporter: Reporter): Promise<void> {
  if (report.preflight?.some((check) => check.area === "Database")) return;
  const needs = privilegeNeeds(verification.pending);
  const relations = [...new Set([...needs.ownedRelations.keys(), ...needs.tablePrivileges.keys()])];
  const facts = await verification.readFacts(relations, [...needs.ownedTypes.keys()]);
  const gate = { terminatesStaleLocks: verification.terminatesStaleLocks, name: verification.optionName };
  recordChecks(judgeDatabasePrivileges(needs, facts, gate), report, reporter);
}
