// What GitHub reads is linted: action.yml against GitHub's action schema, every shipped
// workflow and every workflow example in the docs with actionlint and GitHub's workflow parser.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repositoryRoot } from "../../scripts/action-metadata.js";
import { lintActionMetadata, lintWorkflow, markdownWorkflows } from "../../scripts/lint-actions.js";

const read = (relative: string) => readFileSync(path.join(repositoryRoot, relative), "utf8");
const actionYml = read("action.yml");

describe("the repository as shipped", () => {
  test("action.yml: no problem, node24 accepted", () => {
    expect(actionYml).toMatch(/^  using: node24$/m);
    expect(lintActionMetadata(actionYml)).toEqual([]);
  });

  test.each(readdirSync(path.join(repositoryRoot, ".github", "workflows")).map((name) => `.github/workflows/${name}`))("%s: no problem", async (file) => {
    expect(await lintWorkflow({ file, lineOffset: 0, content: read(file) })).toEqual([]);
  });

  const examples = ["README.md", ...readdirSync(path.join(repositoryRoot, "docs")).map((name) => `docs/${name}`)]
    .filter((file) => file.endsWith(".md"))
    .flatMap((file) => markdownWorkflows(read(file), file));

  test("README's quick start and pull-request check are among the examples", () => {
    expect(examples.filter((example) => example.file === "README.md").length).toBeGreaterThanOrEqual(2);
  });

  test.each(examples.map((example) => [`${example.file}:${example.lineOffset + 1}`, example] as const))("example at %s: no problem", async (_where, example) => {
    expect(await lintWorkflow(example)).toEqual([]);
  });
});

describe("broken copies are caught", () => {
  test("action.yml that is not valid YAML", () => {
    // The defect this file once shipped with: an unquoted ': ' inside a plain scalar.
    const broken = actionYml.replace(/description: >-\n\s+check: the branch/, "description: check only: the branch");
    expect(broken).not.toBe(actionYml);
    const [problem] = lintActionMetadata(broken);
    expect(problem).toMatchObject({ source: "yaml", file: "action.yml" });
    expect(problem.message).toMatch(/not valid YAML/);
  });

  test("action.yml with a runtime GitHub does not have, or an icon it does not know", () => {
    const problems = lintActionMetadata(actionYml.replace("using: node24", "using: node22").replace("icon: shield", "icon: rocket-ship"));
    expect(problems.map((problem) => [problem.message, problem.source])).toEqual([
      ["Unexpected value 'rocket-ship'", "action-schema"],
      ["Unexpected value 'node22'", "action-schema"],
    ]);
  });

  test("a workflow with an unknown runner label and an output of a step that does not exist", async () => {
    const broken = read(".github/workflows/ci.yml").replace("runs-on: ubuntu-latest", "runs-on: ubuntu-lastest").replace("steps.gate.outputs", "steps.gates.outputs");
    const problems = await lintWorkflow({ file: "ci.yml", lineOffset: 0, content: broken });
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^label "ubuntu-lastest" is unknown/),
      expect.stringMatching(/^property "gates" is not defined/),
    ]);
  });

  test("a README example with a bad value is reported at its README line", async () => {
    const readme = "# Example\n\n```yaml\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: soon\n    steps:\n      - run: echo\n```\n";
    const [example] = markdownWorkflows(readme, "README.md");
    const problems = await lintWorkflow(example);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.file === "README.md" && problem.line === 8)).toBe(true);
  });
});

test("markdownWorkflows: yaml blocks with jobs only, indented ones too", () => {
  const markdown = ["```yaml", "name: x", "```", "", "1. step", "   ```yml", "   on: push", "   jobs: {}", "   ```", "```sh", "jobs:", "```"].join("\n");
  expect(markdownWorkflows(markdown, "doc.md")).toEqual([{ file: "doc.md", lineOffset: 6, content: "on: push\njobs: {}\n" }]);
});
