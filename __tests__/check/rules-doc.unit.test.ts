// docs/rules.md is what a reviewer opens from a finding: every rule needs a section whose
// first example really fires that rule.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { RULES, RULE_IDS } from "../../src/check/rules.js";
import { lintMigrations } from "../../src/check/sql-lint.js";
import { repositoryRoot } from "../support/fixture-app.js";

const doc = readFileSync(path.join(repositoryRoot, "docs", "rules.md"), "utf8");

function section(ruleId: string): string {
  const start = doc.indexOf(`\n## ${ruleId}\n`);
  if (start === -1) return "";
  const end = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

describe("docs/rules.md", () => {
  it.each(RULE_IDS)("documents %s with its severity and an example that fires it", (ruleId) => {
    const text = section(ruleId);
    expect(text).toContain(`**${RULES[ruleId].severity}**`);
    expect(doc).toContain(`| [\`${ruleId}\`](#${ruleId}) | ${RULES[ruleId].severity} |`);
    const example = /```sql\n([\s\S]*?)```/.exec(text)?.[1] ?? "";
    const fired = lintMigrations([{ path: "example.sql", sql: example }]).map((finding) => finding.ruleId);
    expect(fired).toContain(ruleId);
  });
});
