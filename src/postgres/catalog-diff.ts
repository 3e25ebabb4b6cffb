// Compares what the migrations produce (a shadow database they were replayed into) with a
// live database, and says how to capture hand-applied changes in a migration. Pure: the
// adapters (catalog.ts, replay.ts) read the catalogs.
//
// Column order is deliberately not compared: PostgreSQL can only append columns, so an order
// difference cannot be reconciled without rebuilding the table, and neither Prisma's queries
// nor `prisma migrate diff` depend on it.
import { quoteIdentifier } from "./identifiers.js";
import { resolveCommand } from "../prisma/recovery.js";
import { inlineCode } from "../report/markdown.js";

export interface CatalogColumn {
  table: string;
  name: string;
  /** format_type(), so `character varying(320)`, `"Role"`, `timestamp(3) without time zone`. */
  type: string;
  nullable: boolean;
  /** The default expression; for a generated column, its generation expression. */
  default: string | null;
  identity: "always" | "by default" | null;
  generated: "stored" | "virtual" | null;
}

export interface CatalogIndex {
  name: string;
  table: string;
  /** pg_get_indexdef() without the schema name, so the same index compares equal in two schemas. */
  definition: string;
  unique: boolean;
}

export type ConstraintType = "primary key" | "unique" | "foreign key" | "check" | "exclusion";

export interface CatalogConstraint {
  name: string;
  table: string;
  type: ConstraintType;
  /** pg_get_constraintdef(), e.g. `FOREIGN KEY ("authorId") REFERENCES "User"(id) ON DELETE CASCADE`. */
  definition: string;
}

export interface CatalogEnum {
  name: string;
  /** In sort order. */
  labels: string[];
}

export interface CatalogSequence {
  name: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
}

export interface CatalogView {
  name: string;
  materialized: boolean;
  definition: string;
}

export interface CatalogFunction {
  name: string;
  /** pg_get_function_identity_arguments(): what tells overloads apart. */
  arguments: string;
  /** pg_get_functiondef(), without the schema name. */
  definition: string;
}

export interface CatalogTrigger {
  name: string;
  table: string;
  /** pg_get_triggerdef(). */
  definition: string;
}

/** One schema's objects, as far as drift is concerned: no OIDs, owners, statistics or data. */
export interface CatalogSnapshot {
  tables: string[];
  columns: CatalogColumn[];
  indexes: CatalogIndex[];
  constraints: CatalogConstraint[];
  enums: CatalogEnum[];
  sequences: CatalogSequence[];
  views: CatalogView[];
  extensions: string[];
  functions: CatalogFunction[];
  triggers: CatalogTrigger[];
}

export type DifferenceKind =
  /** In the database, in no migration: typically a hotfix applied by hand. */
  | "extra"
  /** Created by the migrations, absent from the database: dropped by hand. */
  | "missing"
  /** Present in both, defined differently. */
  | "changed";

export type CatalogObjectKind = "extension" | "enum" | "enum-value" | "sequence" | "table" | "column" | "constraint" | "index" | "view" | "function" | "trigger";

export interface CatalogDifference {
  kind: DifferenceKind;
  object: CatalogObjectKind;
  name: string;
  /** The table a column, index or constraint belongs to; the enum of an enum value. */
  parent: string | null;
  /** One line for a person. */
  description: string;
  /**
   * SQL that, in a new migration, makes the migrations produce what the database has; null
   * when the catalog cannot express it (a dropped enum value, a reordered enum).
   */
  sql: string | null;
  /**
   * Set when the difference is what an in-order replay of an out-of-order history produces
   * anyway (enum values added by migrations applied in another order than their names): not
   * drift, and no failure. Says why, for a person.
   */
  explanation?: string;
}

const OBJECT_ORDER: readonly CatalogObjectKind[] = ["extension", "enum", "enum-value", "sequence", "table", "column", "constraint", "index", "view", "function", "trigger"];

const quote = quoteIdentifier;

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

/** Pairs the two sides by key: only in expected, only in actual, in both. */
function pair<T>(expected: readonly T[], actual: readonly T[], key: (item: T) => string): { missing: T[]; extra: T[]; both: Array<[T, T]> } {
  const expectedByKey = byKey(expected, key);
  const actualByKey = byKey(actual, key);
  return {
    missing: expected.filter((item) => !actualByKey.has(key(item))),
    extra: actual.filter((item) => !expectedByKey.has(key(item))),
    both: expected.flatMap((item) => {
      const other = actualByKey.get(key(item));
      return other === undefined ? [] : [[item, other] as [T, T]];
    }),
  };
}

const IN_DATABASE_ONLY = "exists in the database but in no migration";
const IN_MIGRATIONS_ONLY = "is created by the migrations but missing from the database";

/** The column's definition after its name, as ADD COLUMN takes it. */
function describeColumn(column: CatalogColumn): string {
  const parts = [column.type];
  if (column.generated !== null && column.default !== null) parts.push(`GENERATED ALWAYS AS (${column.default}) ${column.generated.toUpperCase()}`);
  else if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  if (column.identity !== null) parts.push(`GENERATED ${column.identity.toUpperCase()} AS IDENTITY`);
  if (!column.nullable) parts.push("NOT NULL");
  return parts.join(" ");
}

function columnSpec(column: CatalogColumn): string {
  return `${quote(column.name)} ${describeColumn(column)}`;
}

function addConstraintSql(constraint: CatalogConstraint): string {
  return `ALTER TABLE ${quote(constraint.table)} ADD CONSTRAINT ${quote(constraint.name)} ${constraint.definition};`;
}

function sequenceOptions(sequence: CatalogSequence): string {
  return `AS ${sequence.type} INCREMENT BY ${sequence.increment} MINVALUE ${sequence.min} MAXVALUE ${sequence.max} START WITH ${sequence.start} ${sequence.cycle ? "CYCLE" : "NO CYCLE"}`;
}

function viewSql(view: CatalogView, replace: boolean): string {
  const body = view.definition.trim().replace(/;$/, "");
  if (view.materialized) return `CREATE MATERIALIZED VIEW ${quote(view.name)} AS ${body};`;
  return `CREATE ${replace ? "OR REPLACE " : ""}VIEW ${quote(view.name)} AS ${body};`;
}

function tableSql(table: string, actual: CatalogSnapshot): string {
  const columns = actual.columns.filter((column) => column.table === table).map((column) => `    ${columnSpec(column)}`);
  return [
    `CREATE TABLE ${quote(table)} (\n${columns.join(",\n")}\n);`,
    ...actual.constraints.filter((constraint) => constraint.table === table).map(addConstraintSql),
    ...actual.indexes.filter((index) => index.table === table).map((index) => `${index.definition};`),
  ].join("\n");
}

function diffExtensions(expected: CatalogSnapshot, actual: CatalogSnapshot): CatalogDifference[] {
  const { missing, extra } = pair(expected.extensions, actual.extensions, (name) => name);
  return [
    ...extra.map((name) => ({
      kind: "extra" as const, object: "extension" as const, name, parent: null,
      description: `extension ${quote(name)} ${IN_DATABASE_ONLY}`,
      sql: `CREATE EXTENSION IF NOT EXISTS ${quote(name)};`,
    })),
    ...missing.map((name) => ({
      kind: "missing" as const, object: "extension" as const, name, parent: null,
      description: `extension ${quote(name)} ${IN_MIGRATIONS_ONLY}`,
      sql: `DROP EXTENSION ${quote(name)};`,
    })),
  ];
}

const ENUM_ORDER_EXPLANATION =
  "Same values, another order: ALTER TYPE ... ADD VALUE appends, so migrations that add values, applied in another order than their names (an older-named migration merged after newer ones were deployed), leave this order here and the name order in a fresh database. Nothing was changed by hand and Prisma's queries do not depend on the order; only ORDER BY and comparisons (<, >) on this enum do. To make every database agree, recreate the type in a new migration with the order you want.";

function enumValueDifferences(expected: CatalogEnum, actual: CatalogEnum): CatalogDifference[] {
  const expectedLabels = new Set(expected.labels);
  const actualLabels = new Set(actual.labels);
  const added = actual.labels.flatMap((label, position): CatalogDifference[] => {
    if (expectedLabels.has(label)) return [];
    const placement = position > 0 ? ` AFTER ${literal(actual.labels[position - 1])}` : actual.labels.length > 1 ? ` BEFORE ${literal(actual.labels[1])}` : "";
    return [{
      kind: "extra", object: "enum-value", name: label, parent: actual.name,
      description: `value ${literal(label)} of enum ${quote(actual.name)} ${IN_DATABASE_ONLY}`,
      sql: `ALTER TYPE ${quote(actual.name)} ADD VALUE ${literal(label)}${placement};`,
    }];
  });
  const removed = expected.labels.filter((label) => !actualLabels.has(label)).map((label): CatalogDifference => ({
    kind: "missing", object: "enum-value", name: label, parent: expected.name,
    description: `value ${literal(label)} of enum ${quote(expected.name)} ${IN_MIGRATIONS_ONLY} (PostgreSQL cannot drop an enum value: the type was recreated by hand)`,
    sql: null,
  }));
  const common = (labels: string[], other: Set<string>) => labels.filter((label) => other.has(label)).join(",");
  const reordered = common(expected.labels, actualLabels) !== common(actual.labels, expectedLabels);
  const sameValues = added.length === 0 && removed.length === 0;
  const order: CatalogDifference[] = reordered
    ? [{
        kind: "changed", object: "enum", name: actual.name, parent: null,
        description: `enum ${quote(actual.name)} orders its values differently: (${expected.labels.join(", ")}) in the migrations, (${actual.labels.join(", ")}) in the database`,
        sql: null,
        ...(sameValues ? { explanation: ENUM_ORDER_EXPLANATION } : {}),
      }]
    : [];
  return [...added, ...removed, ...order];
}

function diffEnums(expected: CatalogSnapshot, actual: CatalogSnapshot): CatalogDifference[] {
  const { missing, extra, both } = pair(expected.enums, actual.enums, (item) => item.name);
  return [
    ...extra.map((item): CatalogDifference => ({
      kind: "extra", object: "enum", name: item.name, parent: null,
      description: `enum ${quote(item.name)} (${item.labels.join(", ")}) ${IN_DATABASE_ONLY}`,
      sql: `CREATE TYPE ${quote(item.name)} AS ENUM (${item.labels.map(literal).join(", ")});`,
    })),
    ...missing.map((item): CatalogDifference => ({
      kind: "missing", object: "enum", name: item.name, parent: null,
      description: `enum ${quote(item.name)} ${IN_MIGRATIONS_ONLY}`,
      sql: `DROP TYPE ${quote(item.name)};`,
    })),
    ...both.flatMap(([before, after]) => enumValueDifferences(before, after)),
  ];
}

function diffSequences(expected: CatalogSnapshot, actual: CatalogSnapshot): CatalogDifference[] {
  const { missing, extra, both } = pair(expected.sequences, actual.sequences, (item) => item.name);
  return [
    ...extra.map((item): CatalogDifference => ({
      kind: "extra", object: "sequence", name: item.name, parent: null,
      description: `sequence ${quote(item.name)} ${IN_DATABASE_ONLY}: ${sequenceOptions(item)}`,
      sql: `CREATE SEQUENCE ${quote(item.name)} ${sequenceOptions(item)};`,
    })),
    ...missing.map((item): CatalogDifference => ({
      kind: "missing", object: "sequence", name: item.name, parent: null,
      description: `sequence ${quote(item.name)} ${IN_MIGRATIONS_ONLY}`,
      sql: `DROP SEQUENCE ${quote(item.name)};`,
    })),
    ...both
      .filter(([before, after]) => sequenceOptions(before) !== sequenceOptions(after))
      .map(([before, after]): CatalogDifference => ({
        kind: "changed", object: "sequence", name: after.name, parent: null,
        description: `sequence ${quote(after.name)} differs: ${sequenceOptions(before)} in the migrations, ${sequenceOptions(after)} in the database`,
        sql: `ALTER SEQUENCE ${quote(after.name)} ${sequenceOptions(after)};`,
      })),
  ];
}

function diffTables(expected: CatalogSnapshot, actual: CatalogSnapshot): CatalogDifference[] {
  const { missing, extra } = pair(expected.tables, actual.tables, (name) => name);
  return [
    ...extra.map((name): CatalogDifference => ({
      kind: "extra", object: "table", name, parent: null,
      description: `table ${quote(name)} ${IN_DATABASE_ONLY}`,
      sql: tableSql(name, actual),
    })),
    ...missing.map((name): CatalogDifference => ({
      kind: "missing", object: "table", name, parent: null,
      description: `table ${quote(name)} ${IN_MIGRATIONS_ONLY}`,
      sql: `DROP TABLE ${quote(name)};`,
    })),
  ];
}

function columnChanges(before: CatalogColumn, after: CatalogColumn): { what: string[]; sql: string[] | null } {
  const alter = `ALTER TABLE ${quote(after.table)} ALTER COLUMN ${quote(after.name)}`;
  const what: string[] = [];
  const sql: string[] = [];
  let expressible = true;
  if (before.type !== after.type) {
    what.push(`type ${before.type} in the migrations, ${after.type} in the database`);
    sql.push(`${alter} SET DATA TYPE ${after.type};`);
  }
  if (before.nullable !== after.nullable) {
    const state = (column: CatalogColumn) => (column.nullable ? "nullable" : "NOT NULL");
    what.push(`${state(before)} in the migrations, ${state(after)} in the database`);
    sql.push(`${alter} ${after.nullable ? "DROP NOT NULL" : "SET NOT NULL"};`);
  }
  if (before.identity !== after.identity || before.generated !== after.generated) {
    what.push(`${describeColumn(before)} in the migrations, ${describeColumn(after)} in the database`);
    expressible = false;
  } else if (before.default !== after.default) {
    what.push(`default ${before.default ?? "none"} in the migrations, ${after.default ?? "none"} in the database`);
    if (after.generated !== null) expressible = false;
    else sql.push(after.default === null ? `${alter} DROP DEFAULT;` : `${alter} SET DEFAULT ${after.default};`);
  }
  return { what, sql: expressible ? sql : null };
}

function diffColumns(expected: CatalogSnapshot, actual: CatalogSnapshot, sharedTables: Set<string>): CatalogDifference[] {
  const key = (column: CatalogColumn) => `${column.table}\u0000${column.name}`;
  const inShared = (column: CatalogColumn) => sharedTables.has(column.table);
  const { missing, extra, both } = pair(expected.columns.filter(inShared), actual.columns.filter(inShared), key);
  return [
    ...extra.map((column): CatalogDifference => ({
      kind: "extra", object: "column", name: column.name, parent: column.table,
      description: `column ${quote(column.name)} of ${quote(column.table)} ${IN_DATABASE_ONLY}: ${describeColumn(column)}`,
      sql: `ALTER TABLE ${quote(column.table)} ADD COLUMN ${columnSpec(column)};`,
    })),
    ...missing.map((column): CatalogDifference => ({
      kind: "missing", object: "column", name: column.name, parent: column.table,
      description: `column ${quote(column.name)} of ${quote(column.table)} ${IN_MIGRATIONS_ONLY}: ${describeColumn(column)}`,
      sql: `ALTER TABLE ${quote(column.table)} DROP COLUMN ${quote(column.name)};`,
    })),
    ...both.flatMap(([before, after]): CatalogDifference[] => {
      const { what, sql } = columnChanges(before, after);
      if (what.length === 0) return [];
      return [{
        kind: "changed", object: "column", name: after.name, parent: after.table,
        description: `column ${quote(after.name)} of ${quote(after.table)} differs: ${what.join("; ")}`,
        sql: sql === null ? null : sql.join("\n"),
      }];
    }),
  ];
}

function diffConstraints(expected: CatalogSnapshot, actual: CatalogSnapshot, sharedTables: Set<string>): CatalogDifference[] {
  const key = (constraint: CatalogConstraint) => `${constraint.table}\u0000${constraint.name}`;
  const inShared = (constraint: CatalogConstraint) => sharedTables.has(constraint.table);
  const { missing, extra, both } = pair(expected.constraints.filter(inShared), actual.constraints.filter(inShared), key);
  const drop = (constraint: CatalogConstraint) => `ALTER TABLE ${quote(constraint.table)} DROP CONSTRAINT ${quote(constraint.name)};`;
  return [
    ...extra.map((constraint): CatalogDifference => ({
      kind: "extra", object: "constraint", name: constraint.name, parent: constraint.table,
      description: `${constraint.type} constraint ${quote(constraint.name)} on ${quote(constraint.table)} ${IN_DATABASE_ONLY}: ${constraint.definition}`,
      sql: addConstraintSql(constraint),
    })),
    ...missing.map((constraint): CatalogDifference => ({
      kind: "missing", object: "constraint", name: constraint.name, parent: constraint.table,
      description: `${constraint.type} constraint ${quote(constraint.name)} on ${quote(constraint.table)} ${IN_MIGRATIONS_ONLY}: ${constraint.definition}`,
      sql: drop(constraint),
    })),
    ...both
      .filter(([before, after]) => before.definition !== after.definition)
      .map(([before, after]): CatalogDifference => ({
        kind: "changed", object: "constraint", name: after.name, parent: after.table,
        description: `constraint ${quote(after.name)} on ${quote(after.table)} differs: ${before.definition} in the migrations, ${after.definition} in the database`,
        sql: `${drop(after)}\n${addConstraintSql(after)}`,
      })),
  ];
}

function diffIndexes(expected: CatalogSnapshot, actual: CatalogSnapshot, sharedTables: Set<string>): CatalogDifference[] {
  const key = (index: CatalogIndex) => `${index.table}\u0000${index.name}`;
  const inShared = (index: CatalogIndex) => sharedTables.has(index.table);
  const { missing, extra, both } = pair(expected.indexes.filter(inShared), actual.indexes.filter(inShared), key);
  const drop = (index: CatalogIndex) => `DROP INDEX ${quote(index.name)};`;
  return [
    ...extra.map((index): CatalogDifference => ({
      kind: "extra", object: "index", name: index.name, parent: index.table,
      description: `${index.unique ? "unique " : ""}index ${quote(index.name)} on ${quote(index.table)} ${IN_DATABASE_ONLY}: ${index.definition}`,
      sql: `${index.definition};`,
    })),
    ...missing.map((index): CatalogDifference => ({
      kind: "missing", object: "index", name: index.name, parent: index.table,
      description: `${index.unique ? "unique " : ""}index ${quote(index.name)} on ${quote(index.table)} ${IN_MIGRATIONS_ONLY}: ${index.definition}`,
      sql: drop(index),
    })),
    ...both
      .filter(([before, after]) => before.definition !== after.definition)
      .map(([before, after]): CatalogDifference => ({
        kind: "changed", object: "index", name: after.name, parent: after.table,
        description: `index ${quote(after.name)} on ${quote(after.table)} differs: ${before.definition} in the migrations, ${after.definition} in the database`,
        sql: `${drop(after)}\n${after.definition};`,
      })),
  ];
}

function diffViews(expected: CatalogSnapshot, actual: CatalogSnapshot): CatalogDifference[] {
  const { missing, extra, both } = pair(expected.views, actual.views, (view) => view.name);
  const kindOf = (view: CatalogView) => (view.materialized ? "materialized view" : "view");
  const drop = (view: CatalogView) => `DROP ${view.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${quote(view.name)};`;
  return [
    ...extra.map((view): CatalogDifference => ({
      kind: "extra", object: "view", name: view.name, parent: null,
      description: `${kindOf(view)} ${quote(view.name)} ${IN_DATABASE_ONLY}`,
      sql: viewSql(view, false),
    })),
    ...missing.map((view): CatalogDifference => ({
      kind: "missing", object: "view", name: view.name, parent: null,
      description: `${kindOf(view)} ${quote(view.name)} ${IN_MIGRATIONS_ONLY}`,
      sql: drop(view),
    })),
    ...both
      .filter(([before, after]) => before.definition !== after.definition || before.materialized !== after.materialized)
      .map(([before, after]): CatalogDifference => ({
        kind: "changed", object: "view", name: after.name, parent: null,
        description: `${kindOf(after)} ${quote(after.name)} is defined differently in the database than by the migrations`,
        sql: after.materialized || before.materialized ? `${drop(before)}\n${viewSql(after, false)}` : viewSql(after, true),
      })),
  ];
}

function diffFunctions(expected: CatalogSnapshot, actual: CatalogSnapshot): CatalogDifference[] {
  const signature = (item: CatalogFunction) => `${item.name}(${item.arguments})`;
  const { missing, extra, both } = pair(expected.functions, actual.functions, signature);
  return [
    ...extra.map((item): CatalogDifference => ({
      kind: "extra", object: "function", name: signature(item), parent: null,
      description: `function ${quote(item.name)}(${item.arguments}) ${IN_DATABASE_ONLY}`,
      sql: `${item.definition.trim()};`,
    })),
    ...missing.map((item): CatalogDifference => ({
      kind: "missing", object: "function", name: signature(item), parent: null,
      description: `function ${quote(item.name)}(${item.arguments}) ${IN_MIGRATIONS_ONLY}`,
      sql: `DROP FUNCTION ${quote(item.name)}(${item.arguments});`,
    })),
    ...both
      .filter(([before, after]) => before.definition !== after.definition)
      .map(([, after]): CatalogDifference => ({
        kind: "changed", object: "function", name: signature(after), parent: null,
        description: `function ${quote(after.name)}(${after.arguments}) is defined differently in the database than by the migrations`,
        sql: `${after.definition.trim()};`,
      })),
  ];
}

function diffTriggers(expected: CatalogSnapshot, actual: CatalogSnapshot): CatalogDifference[] {
  const { missing, extra, both } = pair(expected.triggers, actual.triggers, (item) => `${item.table}\u0000${item.name}`);
  const drop = (item: CatalogTrigger) => `DROP TRIGGER ${quote(item.name)} ON ${quote(item.table)};`;
  return [
    ...extra.map((item): CatalogDifference => ({
      kind: "extra", object: "trigger", name: item.name, parent: item.table,
      description: `trigger ${quote(item.name)} on ${quote(item.table)} ${IN_DATABASE_ONLY}: ${item.definition}`,
      sql: `${item.definition};`,
    })),
    ...missing.map((item): CatalogDifference => ({
      kind: "missing", object: "trigger", name: item.name, parent: item.table,
      description: `trigger ${quote(item.name)} on ${quote(item.table)} ${IN_MIGRATIONS_ONLY}: ${item.definition}`,
      sql: drop(item),
    })),
    ...both
      .filter(([before, after]) => before.definition !== after.definition)
      .map(([before, after]): CatalogDifference => ({
        kind: "changed", object: "trigger", name: after.name, parent: after.table,
        description: `trigger ${quote(after.name)} on ${quote(after.table)} differs: ${before.definition} in the migrations, ${after.definition} in the database`,
        sql: `${drop(after)}\n${after.definition};`,
      })),
  ];
}

/**
 * What the live database (`actual`) has that the migrations (`expected`) do not produce, and
 * the reverse. The contents of a table that exists on one side only are not listed one by one.
 */
export function diffCatalogs(expected: CatalogSnapshot, actual: CatalogSnapshot): CatalogDifference[] {
  const actualTables = new Set(actual.tables);
  const sharedTables = new Set(expected.tables.filter((table) => actualTables.has(table)));
  const differences = [
    ...diffExtensions(expected, actual),
    ...diffEnums(expected, actual),
    ...diffSequences(expected, actual),
    ...diffTables(expected, actual),
    ...diffColumns(expected, actual, sharedTables),
    ...diffConstraints(expected, actual, sharedTables),
    ...diffIndexes(expected, actual, sharedTables),
    ...diffViews(expected, actual),
    ...diffFunctions(expected, actual),
    ...diffTriggers(expected, actual),
  ];
  const rank = (difference: CatalogDifference) => OBJECT_ORDER.indexOf(difference.object);
  return differences.sort((a, b) => rank(a) - rank(b));
}

export interface RecipeOptions {
  /** The folder name of the migration to write; it must sort after every existing migration. */
  migrationName?: string;
  /** The schema file or folder and the migrations folder, as the project has them (relative to its working directory). */
  schema?: string;
  migrationsDir?: string;
  /** The command that writes the migration from the edited schema, in the project's Prisma version. */
  generateCommand?: string;
}

const PLACEHOLDER_MIGRATION_NAME = "<YYYYMMDDHHMMSS>_capture_hotfix";

function label(difference: CatalogDifference): string {
  const owner = difference.parent === null ? "" : ` (${quote(difference.parent)})`;
  return `${difference.kind} ${difference.object} ${quote(difference.name)}${owner}`;
}

/**
 * How to make the migrations catch up with changes applied to the database by hand: a new
 * migration that holds them, marked applied where they already are. Empty when nothing differs.
 */
export function reconcileRecipe(differences: readonly CatalogDifference[], options: RecipeOptions = {}): string[] {
  if (differences.length === 0) return [];
  const name = options.migrationName ?? PLACEHOLDER_MIGRATION_NAME;
  const schema = options.schema ?? "prisma/schema.prisma";
  const migrationsDir = options.migrationsDir ?? "prisma/migrations";
  const generate = options.generateCommand
    ? `\`${options.generateCommand}\``
    : `\`npx prisma migrate diff --from-migrations ${migrationsDir} --to-schema-datamodel ${schema} --script\` (Prisma 7: \`--to-schema ${schema}\`; both need a shadow database)`;
  const statements = differences.flatMap((difference) => (difference.sql === null ? [] : [difference.sql]));
  const inexpressible = differences.filter((difference) => difference.sql === null);
  const steps = [
    `Describe the change in ${schema} as well (for example \`@@index\` for an index, a field for a column; \`npx prisma db pull --print\` shows how Prisma reads the database), or the next \`prisma migrate dev\` writes a migration that reverts it.`,
    `Add a migration that captures it, ${migrationsDir}/${name}/migration.sql. Generate it from the edited schema with ${generate}, or start from the SQL below.`,
  ];
  if (statements.length > 0) {
    steps.push(`SQL derived from the database's catalog (review it before committing):\n${statements.join("\n")}`);
  }
  if (inexpressible.length > 0) {
    steps.push(`No SQL can be derived from the catalog for: ${inexpressible.map(label).join(", ")}. Write those statements by hand.`);
  }
  if (differences.some((difference) => difference.kind === "missing")) {
    steps.push("Objects that the migrations create are missing from the database. If they were removed on purpose, keep the DROP statements in the new migration; if not, restore them in the database instead and leave them out of the migration.");
  }
  steps.push(
    `On every database that already has the change (this one included), mark the migration applied so that \`prisma migrate deploy\` does not run it there again: ${inlineCode(resolveCommand("--applied", name))}. Other databases get it from \`prisma migrate deploy\`.`,
    "Run this check again: it must report no differences.",
  );
  return steps;
}
