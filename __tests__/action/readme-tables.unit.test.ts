// README's tables of inputs, outputs and failure reasons are generated; a stale README fails.
import { readFileSync } from "node:fs";
import path from "node:path";
import { readActionMetadata, repositoryRoot } from "../../scripts/action-metadata.js";
import { regenerateReadme, staleSections } from "../../scripts/readme-tables.js";

const readme = readFileSync(path.join(repositoryRoot, "README.md"), "utf8");
const action = readActionMetadata();

test("README's generated tables are current (run 'npm run docs' when this fails)", () => {
  expect(staleSections(readme, action)).toEqual([]);
});

test("an input added to action.yml makes the inputs table stale, and regenerating lists it", () => {
  const changed = { ...action, inputs: { ...action.inputs, "plan-only": { description: "Plan only | nothing runs." } } };
  expect(staleSections(readme, changed)).toEqual(["inputs"]);
  expect(regenerateReadme(readme, changed)).toContain("| `plan-only` |  |  | Plan only \\| nothing runs. |");
});

test("a hand edit inside a generated table is stale", () => {
  expect(staleSections(readme.replace("Archive size in bytes.", "Archive size."), action)).toEqual(["outputs"]);
});

test("every generated table is in README, between its markers", () => {
  expect(() => regenerateReadme(readme.replace("<!-- end failure-reasons -->", ""), action)).toThrow(/failure-reasons/);
});
