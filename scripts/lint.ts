// npm run lint: action.yml, .github/workflows/*, and the workflow examples in README.md and
// docs/*.md. Exits 1 on any problem. `npm run lint -- DIR` lints the same files under DIR.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repositoryRoot } from "./action-metadata.js";
import { formatProblem, lintActionMetadata, lintWorkflow, markdownWorkflows, type LintProblem, type WorkflowText } from "./lint-actions.js";

const root = path.resolve(process.argv[2] ?? repositoryRoot);
const read = (relative: string) => readFileSync(path.join(root, relative), "utf8");
const filesIn = (folder: string, pattern: RegExp) =>
  existsSync(path.join(root, folder)) ? readdirSync(path.join(root, folder)).filter((name) => pattern.test(name)).map((name) => `${folder}/${name}`) : [];

const workflows: WorkflowText[] = [
  ...filesIn(".github/workflows", /\.ya?ml$/).map((file) => ({ file, lineOffset: 0, content: read(file) })),
  ...["README.md", ...filesIn("docs", /\.md$/)].filter((file) => existsSync(path.join(root, file))).flatMap((file) => markdownWorkflows(read(file), file)),
];

const problems: LintProblem[] = [...lintActionMetadata(read("action.yml"))];
for (const workflow of workflows) problems.push(...(await lintWorkflow(workflow)));

for (const problem of problems) console.error(formatProblem(problem));
const checked = `action.yml and ${workflows.length} workflows (${workflows.map((workflow) => `${workflow.file}${workflow.lineOffset ? `:${workflow.lineOffset + 1}` : ""}`).join(", ")})`;
if (problems.length > 0) {
  console.error(`${problems.length} problem(s) in ${checked}.`);
  process.exit(1);
}
console.log(`No problems in ${checked}.`);
