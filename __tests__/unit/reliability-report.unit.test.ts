// The reliability page says what the fault tests' results say, and nothing better.
import { countReliability, renderReliability, type FaultDeclaration } from "../../scripts/reliability-report.js";

const declaration = (id: string, area: string): FaultDeclaration => ({
  id,
  area,
  fault: `fault ${id} | with a pipe`,
  action: "does something",
  userSees: "sees something",
  title: `fault ${id} [fault:${id}]`,
  testFile: `__tests__/faults/${area.toLowerCase()}.int.test.ts`,
});

const declarations = [declaration("a", "Database"), declaration("b", "Cancellation"), declaration("c", "Zeabur")];
const outcomes = [
  { title: "fault a [fault:a]", status: "passed" },
  { title: "fault b [fault:b]", status: "failed" },
];

test("counts come from the outcomes: a failed or missing test is never counted as survived", () => {
  expect(countReliability(declarations, outcomes, [{ test: "x", forms: 4, found: 0 }, { test: "y", forms: 4, found: 1 }])).toEqual({
    injected: 3,
    survived: 1,
    failed: 1,
    notRun: 1,
    secretScans: 2,
    secretFormsChecked: 8,
    secretsFound: 1,
  });
});

test("the page shows each fault under its area with its result, cancellation first", () => {
  const page = renderReliability(declarations, outcomes, [], new Date("2026-11-29T00:00:00Z"));
  expect(page).toContain("| Faults injected | 3 |");
  expect(page).toContain("| Survived with the right outcome | 1 |");
  expect(page).toContain("| Not run | 1 |");
  expect(page.indexOf("## Cancellation")).toBeLessThan(page.indexOf("## Database"));
  expect(page).toContain("| fault b \\| with a pipe | does something | sees something | [b](__tests__/faults/cancellation.int.test.ts) | ❌ failed |");
  expect(page).toContain("✅ survived");
  expect(page).toContain("⚠️ not run");
});
