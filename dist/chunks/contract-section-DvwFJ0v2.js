import { b as breaksRunningVersion } from './migration-phases-RNZdOZo8.js';
import { i as inlineCode, t as table, a as inertMarkdown } from './recovery-C6jKIwzG.js';

// contract-migrations in the summary and on the terminal: each pending migration's phase, what
// makes it so, when it runs, and what became of the migrations held for the deploy; and in the
// pull-request check, what the deploy will make of the new migrations. Pure.
const PHASE_TEXT = {
    expand: "expand",
    contract: "contract",
    mixed: "mixed (expand and contract)",
    neutral: "neutral",
};
function because(migration) {
    const parts = [
        ...migration.contractSteps.map((step) => `${step.ruleId} (line ${step.line})${step.acknowledged !== undefined ? `, acknowledged: ${step.acknowledged}` : ""}`),
        ...(migration.additions.length > 0 ? [`adds ${migration.additions.join(", ")}`] : []),
    ];
    return parts.length > 0 ? parts.join("; ") : "nothing the application uses is added or removed";
}
/** `ahead`: the check tells what the deploy will do; the gate tells what it did, which includes running now. */
function when(contract, migration, ahead) {
    if (contract.refusal)
        return breaksRunningVersion(migration) ? "blocked" : "not run";
    if (contract.heldForDeploy.includes(migration.name))
        return "after the new deployment is healthy";
    return ahead || contract.heldForDeploy.length > 0 ? "before the deploy" : "now";
}
function outcome(contract) {
    const held = contract.heldForDeploy.map(inlineCode).join(", ");
    if (contract.heldForDeploy.length === 0)
        return undefined;
    switch (contract.heldOutcome) {
        case "applied":
            return `Applied after the new deployment was healthy: ${held}.`;
        case "stopped-after-healthy":
            return `The new deployment is healthy and serving, but the run stopped before ${held} were applied (the failure above says why). The version now running no longer needs what they remove: run the job again to apply them.`;
        case "not-applied":
            return `Not applied: ${held}. The run stopped before the new deployment was healthy, so the database still has everything the previous version uses. Fix the deploy and run it again: they are applied once the next deployment is healthy.`;
        default:
            return `Not applied: ${held}. The run stopped before the deploy, so nothing was deployed and they still wait for it.`;
    }
}
/** What the deploy will make of them, as the check says it ahead of the deploy. */
function preview(contract) {
    const held = contract.heldForDeploy;
    if (contract.refusal)
        return `❌ The deploy would stop with ${inlineCode("contract-blocked")}: ${contract.refusal.message}`;
    if (held.length > 0) {
        const first = contract.migrations.filter((migration) => !held.includes(migration.name)).map((migration) => inlineCode(migration.name));
        return `The deploy applies ${first.length > 0 ? first.join(", ") : "nothing"} first, and ${held.map(inlineCode).join(", ")} once the new deployment is healthy.`;
    }
    const breaking = contract.migrations.filter(breaksRunningVersion).map((migration) => inlineCode(migration.name));
    if (breaking.length === 0)
        return undefined;
    return `⚠️ The deploy applies ${breaking.join(", ")} before the new version starts, while the running version may still use what they remove. ${inlineCode("contract-migrations: after-deploy")} applies them once the new deployment is healthy.`;
}
function contractFacts(contract, view = {}) {
    const ahead = view.ahead === true;
    return {
        rows: contract.migrations.map((migration) => ({ migration: migration.name, phase: PHASE_TEXT[migration.phase], because: because(migration), when: when(contract, migration, ahead) })),
        outcome: ahead ? preview(contract) : outcome(contract),
    };
}
function renderContractSection(contract, view = {}) {
    if (contract.migrations.length === 0)
        return undefined;
    const facts = contractFacts(contract, view);
    const lines = [
        `#### Expand and contract (${inlineCode(`contract-migrations: ${contract.mode}`)})`,
        table(["Migration", "Phase", "Because", "When"], facts.rows.map((row) => [inlineCode(row.migration), row.phase, inertMarkdown(row.because), row.when])),
    ];
    if (facts.outcome)
        lines.push(inertMarkdown(facts.outcome));
    // A run's refusal is its failure, with these steps; the check has no other place for them.
    if (view.ahead && contract.refusal)
        lines.push(contract.refusal.nextSteps.map((step) => `- ${inertMarkdown(step)}`).join("\n"));
    return lines.join("\n\n");
}

export { contractFacts as c, renderContractSection as r };
