// What the input contract-migrations makes of the pending migrations: apply them all (allow),
// refuse while one would break the running version (block), or split them around the deploy
// (after-deploy): the migrations before the first contract one are applied first, the new
// version is deployed and followed until it is healthy, and the rest are applied then. The
// gate follows the plan; the pull-request check shows it ahead of the deploy, so a refusal is
// worded for both and each adds what it did (or would) leave untouched. Pure.
import { breaksRunningVersion, type ClassifiedMigration } from "../check/migration-phases.js";
import { GateError } from "../errors.js";
import { RULES } from "../check/rules.js";
import type { ContractReport } from "../report/run-report.js";
import type { ContractMode } from "../settings.js";

type OptionName = (option: string) => string;

export interface DeploySplit {
  /** Applied before the upload; when some wait (afterDeploy), by Prisma against a copy of the migrations folder that holds only these. */
  beforeDeploy: string[];
  /** Applied once the new deployment is healthy. Empty: nothing to hold, one ordinary deploy. */
  afterDeploy: string[];
}

function why(migration: ClassifiedMigration): string {
  const steps = migration.contractSteps.filter((step) => step.acknowledged === undefined);
  return steps.map((step) => `${RULES[step.ruleId].title.toLowerCase()} (line ${step.line})`).join("; ");
}

const ACKNOWLEDGE =
  "If the running version no longer uses what it removes (its code stopped using it in an earlier deploy), say so in the migration, above the statement: `-- gate:ignore <rule-id> <why the running version no longer needs it>`.";

/** contract-migrations: block, with a contract or mixed migration pending. */
function contractBlockedError(classified: readonly ClassifiedMigration[], optionName: OptionName): GateError | undefined {
  const breaking = classified.filter(breaksRunningVersion);
  if (breaking.length === 0) return undefined;
  return new GateError(
    "contract-blocked",
    `${breaking.length} pending migration(s) remove or restrict what the running version may still use, and ${optionName("contract-migrations")} is block: ${breaking.map((migration) => `${migration.name} (${why(migration)})`).join(", ")}.`,
    [
      "Deploy the code that no longer uses what they remove first, without these migrations; apply them in a later deploy.",
      `Or let the gate apply them after the new version is healthy: ${optionName("contract-migrations")} after-deploy (with command deploy).`,
      ACKNOWLEDGE,
    ],
  );
}

/**
 * contract-migrations: after-deploy. Refused when no split is safe for both versions: a mixed
 * migration (the new version needs what it adds before it starts; the running one needs what
 * it removes until it stops), or an expand migration after a contract one (the new version
 * needs it before the deploy, but it can only run after the contract one).
 */
function splitAroundDeploy(classified: readonly ClassifiedMigration[], optionName: OptionName): DeploySplit | GateError {
  const mixed = classified.find((migration) => migration.phase === "mixed");
  if (mixed) {
    return new GateError(
      "contract-blocked",
      `Pending migration ${mixed.name} both adds what the new version may use (${mixed.additions.join(", ")}) and removes or restricts what the running version may still use (${why(mixed)}). No moment to apply it is safe for both versions, so ${optionName("contract-migrations")} after-deploy cannot split the migrations around the deploy.`,
      [
        `Split it: one migration that adds (${mixed.additions.join(", ")}), deployed with the code that starts using it; a later migration that removes the rest, once no running version needs it.`,
        "A rename is the usual case: keep the database name and rename only in the Prisma schema (@map / @@map), or expand (add the new one, write to both, backfill), then contract in a later deploy.",
        ACKNOWLEDGE,
      ],
    );
  }
  const firstContract = classified.findIndex(breaksRunningVersion);
  if (firstContract === -1) return { beforeDeploy: classified.map((migration) => migration.name), afterDeploy: [] };
  const held = classified.slice(firstContract);
  const lateExpand = held.find((migration) => migration.phase === "expand");
  if (lateExpand) {
    return new GateError(
      "contract-blocked",
      `Pending migration ${lateExpand.name} adds what the new version may use (${lateExpand.additions.join(", ")}), but it comes after the contract migration ${classified[firstContract].name}, which must wait until the new version is healthy. Prisma applies migrations in order, so no split is safe.`,
      [
        `Move ${lateExpand.name}'s changes into a migration that sorts before ${classified[firstContract].name} (rename its folder, if no database has applied it yet): it is then applied before the deploy.`,
        `Or deploy in two steps: the code with the migrations it needs first; ${classified[firstContract].name} and what follows it in a later deploy.`,
        `Or, if the new version does not need ${lateExpand.additions.join(", ")} to start, run with ${optionName("contract-migrations")} allow.`,
      ],
    );
  }
  return { beforeDeploy: classified.slice(0, firstContract).map((migration) => migration.name), afterDeploy: held.map((migration) => migration.name) };
}

/**
 * The plan for the pending migrations, in apply order: what runs before the deploy and what
 * waits until the new deployment is healthy, or the contract-blocked refusal.
 */
export function planContract(classified: readonly ClassifiedMigration[], mode: ContractMode, optionName: OptionName): DeploySplit | GateError {
  const allNow: DeploySplit = { beforeDeploy: classified.map((migration) => migration.name), afterDeploy: [] };
  switch (mode) {
    case "allow":
      return allNow;
    case "block":
      return contractBlockedError(classified, optionName) ?? allNow;
    case "after-deploy":
      return splitAroundDeploy(classified, optionName);
  }
}

/**
 * The plan as the gate's summary and the check record it: the classification, what waits for
 * the healthy deployment, or the refusal.
 */
export function contractPlanReport(classified: ClassifiedMigration[], mode: ContractMode, optionName: OptionName): ContractReport {
  const plan = planContract(classified, mode, optionName);
  return plan instanceof GateError
    ? { mode, migrations: classified, heldForDeploy: [], refusal: { message: plan.message, nextSteps: plan.nextSteps } }
    : { mode, migrations: classified, heldForDeploy: plan.afterDeploy };
}
