// What two histories built from empty must agree on, beyond the catalog: sequence values. Pure.
import { compareBuiltSchemas, type BuiltSchema } from "../../src/postgres/equivalence.js";

const empty = { tables: [], columns: [], indexes: [], constraints: [], enums: [], sequences: [], views: [], extensions: [], functions: [], triggers: [] };

function built(enumLabels: string[], value: string | null): BuiltSchema {
  return { catalog: { ...empty, enums: [{ name: "Role", labels: enumLabels }] }, sequenceValues: [{ name: "User_id_seq", value }] };
}

test("equal schemas and sequence values: no difference", () => {
  expect(compareBuiltSchemas(built(["A", "B"], null), built(["A", "B"], null))).toEqual([]);
});

test("a sequence advanced by seed data in the history, not in the baseline, is named with the setval that fixes it", () => {
  const [difference] = compareBuiltSchemas(built(["A", "B"], "42"), built(["A", "B"], null));
  expect(difference).toMatchObject({ side: "different", object: "sequence value", name: "User_id_seq" });
  expect(difference.description).toContain(`SELECT setval('"User_id_seq"', 42, true);`);
});

test("enum values in another order, and a value only the history has, are told apart", () => {
  const differences = compareBuiltSchemas(built(["A", "B", "C"], null), built(["B", "A"], null));
  expect(differences.map((difference) => [difference.side, difference.object, difference.name])).toEqual(
    expect.arrayContaining([
      ["history only", "enum-value", "C"],
      ["different", "enum", "Role"],
    ]),
  );
  expect(differences.find((difference) => difference.object === "enum")?.description).toContain("(A, B, C) in the old history, (B, A) in the baseline");
});
