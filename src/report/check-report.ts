// The `check` command's report: what the job summary and the pull-request comment show. Pure.
import type { HistoryFinding } from "../check/history.js";
import type { Finding } from "../check/sql-lint.js";
import type { CatalogDifference } from "../postgres/catalog-diff.js";
import { renderCheckSection } from "./check-section.js";
import { renderContractSection } from "./contract-section.js";
import { resolveCommand } from "../prisma/recovery.js";
import { codeBlock, details, inertMarkdown, inlineCode, table } from "./markdown.js";
import { projectRows } from "./migration-section.js";
import type { ContractReport, ProjectFiles } from "./run-report.js";

export interface LiveDatabaseReport {
  /** Migrations that would run on deploy, in order. */
  plan: string[];
  /** Migrations the database has applied, in the order it applied them. */
  applied: string[];
  failed: Array<{ name: string; logs?: string }>;
  missingLocally: string[];
  edited: string[];
  /** Differences that are drift: a change applied by hand. */
  differences: CatalogDifference[];
  /** Differences an out-of-order history produces legitimately (enum value order): shown with why, never a failure. */
  explained?: CatalogDifference[];
  recipe: string[];
}

export interface CheckReport {
  prismaVersion: string;
  project?: ProjectFiles;
  drift: { found: boolean; sql?: string; createCommand?: string };
  lint: Finding[];
  history: HistoryFinding[];
  migrationsDir?: string;
  /** What the SQL lint read: a pull request's new or changed files, the deploy plan, or nothing (and why). */
  lintScope?: { kind: "pull-request" | "plan"; files: string[] } | { kind: "skipped"; reason: string };
  live?: LiveDatabaseReport;
  /** Where docs/rules.md of the running action version is published, when known. */
  rulesUrl?: string;
  /** Set when the pull request removes migrations and adds one baseline: whether it builds the same schema. */
  squash?: SquashCheck;
  /** The linted migrations' phases, and what the deploy's contract-migrations will make of them. */
  contract?: ContractReport;
}

export interface SquashCheck {
  baseline: string;
  replaced: string[];
  equivalent: boolean;
  /** What differs between the base branch's history and this one's, one line each. */
  differences: string[];
}

function renderSquash(squash: SquashCheck): string {
  const what = `${inlineCode(squash.baseline)} replaces ${squash.replaced.length} migration(s) of the base branch`;
  return squash.equivalent
    ? `✅ **Squash**: ${what}; both histories build the same schema (proven in two scratch databases), so the removed folders are not reported as deleted. Record it in every database with ${inlineCode(resolveCommand("--applied", squash.baseline))} (or \`prisma-gated-deploy squash\`).`
    : `❌ **Not a squash**: ${what}, but the histories build different schemas:\n\n${squash.differences.map((difference) => `- ${inertMarkdown(difference)}`).join("\n")}`;
}

/** Lists up to this many files or migrations inline; more fold into <details>. */
const INLINE_FILES = 5;

/** The migrate-diff SQL can be long; the comment keeps a readable excerpt, the summary all of it. */
const COMMENT_SQL_LIMIT = 20_000;

function renderDrift(drift: CheckReport["drift"], forComment: boolean): string {
  if (!drift.found) return "### Schema and migrations\n\n✅ The migrations produce exactly the schema: no drift.";
  const sql = drift.sql ?? "";
  const shown = forComment && sql.length > COMMENT_SQL_LIMIT ? `${sql.slice(0, COMMENT_SQL_LIMIT)}\n-- … cut; the job summary has all of it` : sql;
  return [
    "### Schema and migrations",
    "❌ **Drift**: the schema has changes that no migration holds. A deploy would not apply them. The missing migration would contain:",
    codeBlock(shown, "sql"),
    `Create it with:\n\n${codeBlock(drift.createCommand ?? "npx prisma migrate dev --create-only", "sh")}`,
  ].join("\n\n");
}

function numberedPlan(plan: readonly string[]): string {
  return plan.map((name, index) => `${index + 1}. ${inlineCode(name)}`).join("\n");
}

function renderLive(live: LiveDatabaseReport): string {
  const parts = ["### Against the live database"];
  parts.push(
    live.plan.length === 0
      ? "Deploy plan: nothing to apply; the database is up to date."
      : live.plan.length <= INLINE_FILES
        ? `Deploy plan: ${live.plan.length} migration(s) will run, in this order:\n\n${numberedPlan(live.plan)}`
        : details(`Deploy plan: ${live.plan.length} migration(s) will run, in this order`, numberedPlan(live.plan)),
  );
  for (const failed of live.failed) {
    parts.push(
      `❌ ${inlineCode(failed.name)} is marked **failed** in the database: the deploy will stop until it is resolved (${inlineCode(resolveCommand("--rolled-back", failed.name))} or \`--applied\`).${failed.logs ? `\n\n${details("Logs", codeBlock(failed.logs))}` : ""}`,
    );
  }
  if (live.edited.length > 0) {
    parts.push(`❌ Applied migrations whose file no longer matches the checksum stored in the database: ${live.edited.map(inlineCode).join(", ")}. Restore the files and put the change in a new migration.`);
  }
  if (live.missingLocally.length > 0) {
    parts.push(`⚠️ In the database but not in this branch: ${live.missingLocally.map(inlineCode).join(", ")}.`);
  }
  if (live.differences.length > 0) {
    parts.push(
      `❌ **The live schema differs from what its applied migrations produce** (a change applied by hand?):\n\n${live.differences.map((difference) => `- ${inertMarkdown(difference.description)}`).join("\n")}`,
      `To reconcile:\n\n${live.recipe.map((step, index) => `${index + 1}. ${inertMarkdown(step)}`).join("\n")}`,
    );
  } else {
    parts.push("✅ The live schema matches its applied migrations.");
  }
  for (const difference of live.explained ?? []) {
    parts.push(inertMarkdown(`ℹ️ Not drift: ${difference.description}. ${difference.explanation}`));
  }
  return parts.join("\n\n");
}

function renderLintScope(scope: CheckReport["lintScope"]): string {
  if (scope === undefined) return "";
  if (scope.kind === "skipped") return `⚠️ **Migration SQL was not linted**: ${inertMarkdown(scope.reason)}.`;
  if (scope.files.length === 0) return scope.kind === "plan" ? "Linted the deploy plan: nothing to apply." : "No new or changed migration in this pull request.";
  const what = scope.kind === "plan" ? `Linted the deploy plan (${scope.files.length} migration(s) the database has not applied)` : `Checked ${scope.files.length} new or changed migration(s)`;
  const list = scope.files.map(inlineCode);
  return scope.files.length <= INLINE_FILES ? `${what}: ${list.join(", ")}` : details(what, list.map((file) => `- ${file}`).join("\n"));
}

export function renderCheckReport(report: CheckReport, options: { forComment?: boolean } = {}): string {
  const parts = [
    "## Migration check",
    ...(report.project ? [table(["", ""], [["Prisma", report.prismaVersion], ...projectRows(report.project)])] : []),
    renderDrift(report.drift, options.forComment === true),
    "### Migration history and SQL safety",
    renderLintScope(report.lintScope),
    renderCheckSection({ lint: report.lint, history: report.history, migrationsDir: report.migrationsDir, rulesUrl: report.rulesUrl }),
  ];
  if (report.squash) parts.push(renderSquash(report.squash));
  const contract = report.contract && renderContractSection(report.contract, { ahead: true });
  if (contract) parts.push(contract);
  if (report.live) parts.push(renderLive(report.live));
  return parts.join("\n\n");
}
