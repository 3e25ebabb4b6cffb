// contract-migrations in the summary and on the terminal: each pending migration's phase, what
// makes it so, when it runs, and what became of the migrations held for the deploy. Pure.
import { breaksRunningVersion, type ClassifiedMigration, type MigrationPhase } from "../check/migration-phases.js";
import { inlineCode, table } from "./markdown.js";
import type { ContractReport } from "./run-report.js";

const PHASE_TEXT: Record<MigrationPhase, string> = {
  expand: "expand",
  contract: "contract",
  mixed: "mixed (expand and contract)",
  neutral: "neutral",
};

export interface ContractFacts {
  /** One for each pending migration: name, phase, what makes it so, when it runs. */
  rows: Array<{ migration: string; phase: string; because: string; when: string }>;
  /** What became of the held migrations, when some were held. */
  outcome?: string;
}

function because(migration: ClassifiedMigration): string {
  const parts = [
    ...migration.contractSteps.map((step) => `${step.ruleId} (line ${step.line})${step.acknowledged !== undefined ? `, acknowledged: ${step.acknowledged}` : ""}`),
    ...(migration.additions.length > 0 ? [`adds ${migration.additions.join(", ")}`] : []),
  ];
  return parts.length > 0 ? parts.join("; ") : "nothing the application uses is added or removed";
}

function when(contract: ContractReport, migration: ClassifiedMigration): string {
  if (contract.mode === "block") return breaksRunningVersion(migration) ? "blocked" : "now";
  if (contract.heldForDeploy.includes(migration.name)) return "after the new deployment is healthy";
  return contract.mode === "after-deploy" && contract.heldForDeploy.length > 0 ? "before the deploy" : "now";
}

function outcome(contract: ContractReport): string | undefined {
  const held = contract.heldForDeploy.map(inlineCode).join(", ");
  if (contract.heldForDeploy.length === 0) return undefined;
  switch (contract.heldOutcome) {
    case "applied":
      return `Applied after the new deployment was healthy: ${held}.`;
    case "failed":
      return `The new deployment is healthy and serving; applying ${held} after it failed (see the failed migration). The version now running does not need what they remove.`;
    default:
      return `Not applied: ${held}. The run stopped before the new deployment was healthy, so the database still has everything the previous version uses. Fix the deploy and run it again: they are applied once the next deployment is healthy.`;
  }
}

export function contractFacts(contract: ContractReport): ContractFacts {
  return {
    rows: contract.migrations.map((migration) => ({ migration: migration.name, phase: PHASE_TEXT[migration.phase], because: because(migration), when: when(contract, migration) })),
    outcome: outcome(contract),
  };
}

export function renderContractSection(contract: ContractReport): string | undefined {
  if (contract.migrations.length === 0) return undefined;
  const facts = contractFacts(contract);
  const lines = [
    `#### Expand and contract (${inlineCode(`contract-migrations: ${contract.mode}`)})`,
    table(
      ["Migration", "Phase", "Because", "When"],
      facts.rows.map((row) => [inlineCode(row.migration), row.phase, row.because, row.when]),
    ),
  ];
  if (facts.outcome) lines.push(facts.outcome);
  return lines.join("\n\n");
}
