import { describe, expect, it } from "@jest/globals";
import type { CatalogDifference } from "../../src/postgres/catalog-diff.js";
import { renderCheckReport, type CheckReport } from "../../src/report/check-report.js";
import { hasDrift, tallyCheck } from "../../src/report/check-tally.js";

const reordered: CatalogDifference = {
  kind: "changed",
  object: "enum",
  name: "Role",
  parent: null,
  description: 'enum "Role" orders its values differently',
  sql: null,
  explanation: "Same values, another order: applied out of name order.",
};

function report(live: Partial<NonNullable<CheckReport["live"]>>): CheckReport {
  return {
    prismaVersion: "6.19.3",
    drift: { found: false },
    lint: [],
    history: [],
    live: { plan: [], applied: [], failed: [], missingLocally: [], edited: [], differences: [], recipe: [], ...live },
  };
}

describe("the live section of the check report", () => {
  it("shows an explained difference as no drift, with its explanation, and counts no finding", () => {
    const explained = report({ explained: [reordered] });
    const text = renderCheckReport(explained);
    expect(text).toContain("✅ The live schema matches its applied migrations.");
    expect(text).toContain('ℹ️ Not drift: enum "Role" orders its values differently. Same values, another order');
    expect(hasDrift(explained)).toBe(false);
    expect(tallyCheck(explained).findings).toBe(0);
  });

  it("folds a long deploy plan into <details>, and lists a short one inline", () => {
    const names = Array.from({ length: 163 }, (_, k) => `2026010100${String(k).padStart(4, "0")}_m${k}`);
    const long = renderCheckReport(report({ plan: names }));
    expect(long).toContain("<details><summary>Deploy plan: 163 migration(s) will run, in this order</summary>");
    expect(long.split(names[100]).length - 1).toBe(1);
    expect(renderCheckReport(report({ plan: names.slice(0, 2) }))).toContain(`Deploy plan: 2 migration(s) will run, in this order:\n\n1. \`${names[0]}\``);
  });

  it("says when lint was skipped, and what the plan lint read", () => {
    const skipped = { ...report({}), lintScope: { kind: "skipped" as const, reason: "no base branch and no database" } };
    expect(renderCheckReport(skipped)).toContain("⚠️ **Migration SQL was not linted**: no base branch and no database.");
    const plan = { ...report({}), lintScope: { kind: "plan" as const, files: ["prisma/migrations/2_b/migration.sql"] } };
    expect(renderCheckReport(plan)).toContain("Linted the deploy plan (1 migration(s) the database has not applied): `prisma/migrations/2_b/migration.sql`");
  });
});
