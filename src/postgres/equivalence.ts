// Whether two databases built from scratch hold the same schema: the old migration history
// and the baseline that replaces it. Pure: the squash command reads both catalogs.
import type { SequenceValue } from "./catalog.js";
import { diffCatalogs, type CatalogDifference, type CatalogSnapshot } from "./catalog-diff.js";

/** Both sides, as the proof built them from an empty database. */
export interface BuiltSchema {
  catalog: CatalogSnapshot;
  sequenceValues: SequenceValue[];
}

export interface SchemaDifference {
  /** "history only", "baseline only", or "different". */
  side: "history only" | "baseline only" | "different";
  object: CatalogDifference["object"] | "sequence value";
  name: string;
  parent: string | null;
  /** One line for a person, naming both sides. */
  description: string;
}

const SIDE_OF_KIND = { missing: "history only", extra: "baseline only", changed: "different" } as const;

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The comparison's wording is about a live database and its migrations; here the two sides are the old history and the baseline. */
function reword(difference: CatalogDifference): string {
  const owner = difference.parent === null ? "" : ` of ${quote(difference.parent)}`;
  const object = `${difference.object.replace("-", " ")} ${quote(difference.name)}${owner}`;
  if (difference.kind === "missing") return `${object} is created by the old history, not by the baseline`;
  if (difference.kind === "extra") return `${object} is created by the baseline, not by the old history`;
  return difference.description.replace(/ in the migrations/g, " in the old history").replace(/ in the database/g, " in the baseline").replace(/the database than by the migrations/g, "the baseline than by the old history");
}

/** Every difference between what the old history builds and what the baseline builds; empty means equivalent. */
export function compareBuiltSchemas(history: BuiltSchema, baseline: BuiltSchema): SchemaDifference[] {
  const catalog = diffCatalogs(history.catalog, baseline.catalog).map((difference): SchemaDifference => ({
    side: SIDE_OF_KIND[difference.kind],
    object: difference.object,
    name: difference.name,
    parent: difference.parent,
    description: reword(difference),
  }));
  const baselineValues = new Map(baseline.sequenceValues.map((sequence) => [sequence.name, sequence.value]));
  const values = history.sequenceValues
    .filter((sequence) => baselineValues.has(sequence.name) && baselineValues.get(sequence.name) !== sequence.value)
    .map((sequence): SchemaDifference => ({
      side: "different",
      object: "sequence value",
      name: sequence.name,
      parent: null,
      description: `sequence ${quote(sequence.name)} is at ${sequence.value ?? "its start (never used)"} after the old history, at ${baselineValues.get(sequence.name) ?? "its start (never used)"} after the baseline (append \`SELECT setval('${quote(sequence.name)}', ${sequence.value ?? 1}, ${sequence.value === null ? "false" : "true"});\` or the seed data)`,
    }));
  return [...catalog, ...values];
}
