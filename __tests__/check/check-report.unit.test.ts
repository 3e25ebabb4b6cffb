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
});
