import { q as quoteIdentifier } from './shell-RHphubvT.js';
import { i as inlineCode, r as resolveCommand } from './recovery-C6jKIwzG.js';

// Compares what the migrations produce (a shadow database they were replayed into) with a
// live database, and says how to capture hand-applied changes in a migration. Pure: the
// adapters (catalog.ts, replay.ts) read the catalogs.
//
// Column order is deliberately not compared: PostgreSQL can only append columns, so an order
// difference cannot be reconciled without rebuilding the table, and neither Prisma's queries
// nor `prisma migrate diff` depend on it.
const OBJECT_ORDER = ["extension", "enum", "enum-value", "sequence", "table", "column", "constraint", "index", "view", "function", "trigger"];
const quote = quoteIdentifier;
function literal(text) {
    return `'${text.replace(/'/g, "''")}'`;
}
function byKey(items, key) {
    return new Map(items.map((item) => [key(item), item]));
}
/** Pairs the two sides by key: only in expected, only in actual, in both. */
function pair(expected, actual, key) {
    const expectedByKey = byKey(expected, key);
    const actualByKey = byKey(actual, key);
    return {
        missing: expected.filter((item) => !actualByKey.has(key(item))),
        extra: actual.filter((item) => !expectedByKey.has(key(item))),
        both: expected.flatMap((item) => {
            const other = actualByKey.get(key(item));
            return other === undefined ? [] : [[item, other]];
        }),
    };
}
const IN_DATABASE_ONLY = "exists in the database but in no migration";
const IN_MIGRATIONS_ONLY = "is created by the migrations but missing from the database";
/** The column's definition after its name, as ADD COLUMN takes it. */
function describeColumn(column) {
    const parts = [column.type];
    if (column.generated !== null && column.default !== null)
        parts.push(`GENERATED ALWAYS AS (${column.default}) ${column.generated.toUpperCase()}`);
    else if (column.default !== null)
        parts.push(`DEFAULT ${column.default}`);
    if (column.identity !== null)
        parts.push(`GENERATED ${column.identity.toUpperCase()} AS IDENTITY`);
    if (!column.nullable)
        parts.push("NOT NULL");
    return parts.join(" ");
}
function columnSpec(column) {
    return `${quote(column.name)} ${describeColumn(column)}`;
}
function addConstraintSql(constraint) {
    return `ALTER TABLE ${quote(constraint.table)} ADD CONSTRAINT ${quote(constraint.name)} ${constraint.definition};`;
}
function sequenceOptions(sequence) {
    return `AS ${sequence.type} INCREMENT BY ${sequence.increment} MINVALUE ${sequence.min} MAXVALUE ${sequence.max} START WITH ${sequence.start} ${sequence.cycle ? "CYCLE" : "NO CYCLE"}`;
}
function viewSql(view, replace) {
    const body = view.definition.trim().replace(/;$/, "");
    if (view.materialized)
        return `CREATE MATERIALIZED VIEW ${quote(view.name)} AS ${body};`;
    return `CREATE ${replace ? "OR REPLACE " : ""}VIEW ${quote(view.name)} AS ${body};`;
}
function tableSql(table, actual) {
    const columns = actual.columns.filter((column) => column.table === table).map((column) => `    ${columnSpec(column)}`);
    return [
        `CREATE TABLE ${quote(table)} (\n${columns.join(",\n")}\n);`,
        ...actual.constraints.filter((constraint) => constraint.table === table).map(addConstraintSql),
        ...actual.indexes.filter((index) => index.table === table).map((index) => `${index.definition};`),
    ].join("\n");
}
function diffExtensions(expected, actual) {
    const { missing, extra } = pair(expected.extensions, actual.extensions, (name) => name);
    return [
        ...extra.map((name) => ({
            kind: "extra", object: "extension", name, parent: null,
            description: `extension ${quote(name)} ${IN_DATABASE_ONLY}`,
            sql: `CREATE EXTENSION IF NOT EXISTS ${quote(name)};`,
        })),
        ...missing.map((name) => ({
            kind: "missing", object: "extension", name, parent: null,
            description: `extension ${quote(name)} ${IN_MIGRATIONS_ONLY}`,
            sql: `DROP EXTENSION ${quote(name)};`,
        })),
    ];
}
const ENUM_ORDER_EXPLANATION = "Same values, another order: ALTER TYPE ... ADD VALUE appends, so migrations that add values, applied in another order than their names (an older-named migration merged after newer ones were deployed), leave this order here and the name order in a fresh database. Nothing was changed by hand and Prisma's queries do not depend on the order; only ORDER BY and comparisons (<, >) on this enum do. To make every database agree, recreate the type in a new migration with the order you want.";
function enumValueDifferences(expected, actual) {
    const expectedLabels = new Set(expected.labels);
    const actualLabels = new Set(actual.labels);
    const added = actual.labels.flatMap((label, position) => {
        if (expectedLabels.has(label))
            return [];
        const placement = position > 0 ? ` AFTER ${literal(actual.labels[position - 1])}` : actual.labels.length > 1 ? ` BEFORE ${literal(actual.labels[1])}` : "";
        return [{
                kind: "extra", object: "enum-value", name: label, parent: actual.name,
                description: `value ${literal(label)} of enum ${quote(actual.name)} ${IN_DATABASE_ONLY}`,
                sql: `ALTER TYPE ${quote(actual.name)} ADD VALUE ${literal(label)}${placement};`,
            }];
    });
    const removed = expected.labels.filter((label) => !actualLabels.has(label)).map((label) => ({
        kind: "missing", object: "enum-value", name: label, parent: expected.name,
        description: `value ${literal(label)} of enum ${quote(expected.name)} ${IN_MIGRATIONS_ONLY} (PostgreSQL cannot drop an enum value: the type was recreated by hand)`,
        sql: null,
    }));
    const common = (labels, other) => labels.filter((label) => other.has(label)).join(",");
    const reordered = common(expected.labels, actualLabels) !== common(actual.labels, expectedLabels);
    const sameValues = added.length === 0 && removed.length === 0;
    const order = reordered
        ? [{
                kind: "changed", object: "enum", name: actual.name, parent: null,
                description: `enum ${quote(actual.name)} orders its values differently: (${expected.labels.join(", ")}) in the migrations, (${actual.labels.join(", ")}) in the database`,
                sql: null,
                ...(sameValues ? { explanation: ENUM_ORDER_EXPLANATION } : {}),
            }]
        : [];
    return [...added, ...removed, ...order];
}
function diffEnums(expected, actual) {
    const { missing, extra, both } = pair(expected.enums, actual.enums, (item) => item.name);
    return [
        ...extra.map((item) => ({
            kind: "extra", object: "enum", name: item.name, parent: null,
            description: `enum ${quote(item.name)} (${item.labels.join(", ")}) ${IN_DATABASE_ONLY}`,
            sql: `CREATE TYPE ${quote(item.name)} AS ENUM (${item.labels.map(literal).join(", ")});`,
        })),
        ...missing.map((item) => ({
            kind: "missing", object: "enum", name: item.name, parent: null,
            description: `enum ${quote(item.name)} ${IN_MIGRATIONS_ONLY}`,
            sql: `DROP TYPE ${quote(item.name)};`,
        })),
        ...both.flatMap(([before, after]) => enumValueDifferences(before, after)),
    ];
}
function diffSequences(expected, actual) {
    const { missing, extra, both } = pair(expected.sequences, actual.sequences, (item) => item.name);
    return [
        ...extra.map((item) => ({
            kind: "extra", object: "sequence", name: item.name, parent: null,
            description: `sequence ${quote(item.name)} ${IN_DATABASE_ONLY}: ${sequenceOptions(item)}`,
            sql: `CREATE SEQUENCE ${quote(item.name)} ${sequenceOptions(item)};`,
        })),
        ...missing.map((item) => ({
            kind: "missing", object: "sequence", name: item.name, parent: null,
            description: `sequence ${quote(item.name)} ${IN_MIGRATIONS_ONLY}`,
            sql: `DROP SEQUENCE ${quote(item.name)};`,
        })),
        ...both
            .filter(([before, after]) => sequenceOptions(before) !== sequenceOptions(after))
            .map(([before, after]) => ({
            kind: "changed", object: "sequence", name: after.name, parent: null,
            description: `sequence ${quote(after.name)} differs: ${sequenceOptions(before)} in the migrations, ${sequenceOptions(after)} in the database`,
            sql: `ALTER SEQUENCE ${quote(after.name)} ${sequenceOptions(after)};`,
        })),
    ];
}
function diffTables(expected, actual) {
    const { missing, extra } = pair(expected.tables, actual.tables, (name) => name);
    return [
        ...extra.map((name) => ({
            kind: "extra", object: "table", name, parent: null,
            description: `table ${quote(name)} ${IN_DATABASE_ONLY}`,
            sql: tableSql(name, actual),
        })),
        ...missing.map((name) => ({
            kind: "missing", object: "table", name, parent: null,
            description: `table ${quote(name)} ${IN_MIGRATIONS_ONLY}`,
            sql: `DROP TABLE ${quote(name)};`,
        })),
    ];
}
function columnChanges(before, after) {
    const alter = `ALTER TABLE ${quote(after.table)} ALTER COLUMN ${quote(after.name)}`;
    const what = [];
    const sql = [];
    let expressible = true;
    if (before.type !== after.type) {
        what.push(`type ${before.type} in the migrations, ${after.type} in the database`);
        sql.push(`${alter} SET DATA TYPE ${after.type};`);
    }
    if (before.nullable !== after.nullable) {
        const state = (column) => (column.nullable ? "nullable" : "NOT NULL");
        what.push(`${state(before)} in the migrations, ${state(after)} in the database`);
        sql.push(`${alter} ${after.nullable ? "DROP NOT NULL" : "SET NOT NULL"};`);
    }
    if (before.identity !== after.identity || before.generated !== after.generated) {
        what.push(`${describeColumn(before)} in the migrations, ${describeColumn(after)} in the database`);
        expressible = false;
    }
    else if (before.default !== after.default) {
        what.push(`default ${before.default ?? "none"} in the migrations, ${after.default ?? "none"} in the database`);
        if (after.generated !== null)
            expressible = false;
        else
            sql.push(after.default === null ? `${alter} DROP DEFAULT;` : `${alter} SET DEFAULT ${after.default};`);
    }
    return { what, sql: expressible ? sql : null };
}
function diffColumns(expected, actual, sharedTables) {
    const key = (column) => `${column.table}\u0000${column.name}`;
    const inShared = (column) => sharedTables.has(column.table);
    const { missing, extra, both } = pair(expected.columns.filter(inShared), actual.columns.filter(inShared), key);
    return [
        ...extra.map((column) => ({
            kind: "extra", object: "column", name: column.name, parent: column.table,
            description: `column ${quote(column.name)} of ${quote(column.table)} ${IN_DATABASE_ONLY}: ${describeColumn(column)}`,
            sql: `ALTER TABLE ${quote(column.table)} ADD COLUMN ${columnSpec(column)};`,
        })),
        ...missing.map((column) => ({
            kind: "missing", object: "column", name: column.name, parent: column.table,
            description: `column ${quote(column.name)} of ${quote(column.table)} ${IN_MIGRATIONS_ONLY}: ${describeColumn(column)}`,
            sql: `ALTER TABLE ${quote(column.table)} DROP COLUMN ${quote(column.name)};`,
        })),
        ...both.flatMap(([before, after]) => {
            const { what, sql } = columnChanges(before, after);
            if (what.length === 0)
                return [];
            return [{
                    kind: "changed", object: "column", name: after.name, parent: after.table,
                    description: `column ${quote(after.name)} of ${quote(after.table)} differs: ${what.join("; ")}`,
                    sql: sql === null ? null : sql.join("\n"),
                }];
        }),
    ];
}
function diffConstraints(expected, actual, sharedTables) {
    const key = (constraint) => `${constraint.table}\u0000${constraint.name}`;
    const inShared = (constraint) => sharedTables.has(constraint.table);
    const { missing, extra, both } = pair(expected.constraints.filter(inShared), actual.constraints.filter(inShared), key);
    const drop = (constraint) => `ALTER TABLE ${quote(constraint.table)} DROP CONSTRAINT ${quote(constraint.name)};`;
    return [
        ...extra.map((constraint) => ({
            kind: "extra", object: "constraint", name: constraint.name, parent: constraint.table,
            description: `${constraint.type} constraint ${quote(constraint.name)} on ${quote(constraint.table)} ${IN_DATABASE_ONLY}: ${constraint.definition}`,
            sql: addConstraintSql(constraint),
        })),
        ...missing.map((constraint) => ({
            kind: "missing", object: "constraint", name: constraint.name, parent: constraint.table,
            description: `${constraint.type} constraint ${quote(constraint.name)} on ${quote(constraint.table)} ${IN_MIGRATIONS_ONLY}: ${constraint.definition}`,
            sql: drop(constraint),
        })),
        ...both
            .filter(([before, after]) => before.definition !== after.definition)
            .map(([before, after]) => ({
            kind: "changed", object: "constraint", name: after.name, parent: after.table,
            description: `constraint ${quote(after.name)} on ${quote(after.table)} differs: ${before.definition} in the migrations, ${after.definition} in the database`,
            sql: `${drop(after)}\n${addConstraintSql(after)}`,
        })),
    ];
}
function diffIndexes(expected, actual, sharedTables) {
    const key = (index) => `${index.table}\u0000${index.name}`;
    const inShared = (index) => sharedTables.has(index.table);
    const { missing, extra, both } = pair(expected.indexes.filter(inShared), actual.indexes.filter(inShared), key);
    const drop = (index) => `DROP INDEX ${quote(index.name)};`;
    return [
        ...extra.map((index) => ({
            kind: "extra", object: "index", name: index.name, parent: index.table,
            description: `${index.unique ? "unique " : ""}index ${quote(index.name)} on ${quote(index.table)} ${IN_DATABASE_ONLY}: ${index.definition}`,
            sql: `${index.definition};`,
        })),
        ...missing.map((index) => ({
            kind: "missing", object: "index", name: index.name, parent: index.table,
            description: `${index.unique ? "unique " : ""}index ${quote(index.name)} on ${quote(index.table)} ${IN_MIGRATIONS_ONLY}: ${index.definition}`,
            sql: drop(index),
        })),
        ...both
            .filter(([before, after]) => before.definition !== after.definition)
            .map(([before, after]) => ({
            kind: "changed", object: "index", name: after.name, parent: after.table,
            description: `index ${quote(after.name)} on ${quote(after.table)} differs: ${before.definition} in the migrations, ${after.definition} in the database`,
            sql: `${drop(after)}\n${after.definition};`,
        })),
    ];
}
function diffViews(expected, actual) {
    const { missing, extra, both } = pair(expected.views, actual.views, (view) => view.name);
    const kindOf = (view) => (view.materialized ? "materialized view" : "view");
    const drop = (view) => `DROP ${view.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${quote(view.name)};`;
    return [
        ...extra.map((view) => ({
            kind: "extra", object: "view", name: view.name, parent: null,
            description: `${kindOf(view)} ${quote(view.name)} ${IN_DATABASE_ONLY}`,
            sql: viewSql(view, false),
        })),
        ...missing.map((view) => ({
            kind: "missing", object: "view", name: view.name, parent: null,
            description: `${kindOf(view)} ${quote(view.name)} ${IN_MIGRATIONS_ONLY}`,
            sql: drop(view),
        })),
        ...both
            .filter(([before, after]) => before.definition !== after.definition || before.materialized !== after.materialized)
            .map(([before, after]) => ({
            kind: "changed", object: "view", name: after.name, parent: null,
            description: `${kindOf(after)} ${quote(after.name)} is defined differently in the database than by the migrations`,
            sql: after.materialized || before.materialized ? `${drop(before)}\n${viewSql(after, false)}` : viewSql(after, true),
        })),
    ];
}
function diffFunctions(expected, actual) {
    const signature = (item) => `${item.name}(${item.arguments})`;
    const { missing, extra, both } = pair(expected.functions, actual.functions, signature);
    return [
        ...extra.map((item) => ({
            kind: "extra", object: "function", name: signature(item), parent: null,
            description: `function ${quote(item.name)}(${item.arguments}) ${IN_DATABASE_ONLY}`,
            sql: `${item.definition.trim()};`,
        })),
        ...missing.map((item) => ({
            kind: "missing", object: "function", name: signature(item), parent: null,
            description: `function ${quote(item.name)}(${item.arguments}) ${IN_MIGRATIONS_ONLY}`,
            sql: `DROP FUNCTION ${quote(item.name)}(${item.arguments});`,
        })),
        ...both
            .filter(([before, after]) => before.definition !== after.definition)
            .map(([, after]) => ({
            kind: "changed", object: "function", name: signature(after), parent: null,
            description: `function ${quote(after.name)}(${after.arguments}) is defined differently in the database than by the migrations`,
            sql: `${after.definition.trim()};`,
        })),
    ];
}
function diffTriggers(expected, actual) {
    const { missing, extra, both } = pair(expected.triggers, actual.triggers, (item) => `${item.table}\u0000${item.name}`);
    const drop = (item) => `DROP TRIGGER ${quote(item.name)} ON ${quote(item.table)};`;
    return [
        ...extra.map((item) => ({
            kind: "extra", object: "trigger", name: item.name, parent: item.table,
            description: `trigger ${quote(item.name)} on ${quote(item.table)} ${IN_DATABASE_ONLY}: ${item.definition}`,
            sql: `${item.definition};`,
        })),
        ...missing.map((item) => ({
            kind: "missing", object: "trigger", name: item.name, parent: item.table,
            description: `trigger ${quote(item.name)} on ${quote(item.table)} ${IN_MIGRATIONS_ONLY}: ${item.definition}`,
            sql: drop(item),
        })),
        ...both
            .filter(([before, after]) => before.definition !== after.definition)
            .map(([before, after]) => ({
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
function diffCatalogs(expected, actual) {
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
    const rank = (difference) => OBJECT_ORDER.indexOf(difference.object);
    return differences.sort((a, b) => rank(a) - rank(b));
}
const PLACEHOLDER_MIGRATION_NAME = "<YYYYMMDDHHMMSS>_capture_hotfix";
function label(difference) {
    const owner = difference.parent === null ? "" : ` (${quote(difference.parent)})`;
    return `${difference.kind} ${difference.object} ${quote(difference.name)}${owner}`;
}
/**
 * How to make the migrations catch up with changes applied to the database by hand: a new
 * migration that holds them, marked applied where they already are. Empty when nothing differs.
 */
function reconcileRecipe(differences, options = {}) {
    if (differences.length === 0)
        return [];
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
    steps.push(`On every database that already has the change (this one included), mark the migration applied so that \`prisma migrate deploy\` does not run it there again: ${inlineCode(resolveCommand("--applied", name))}. Other databases get it from \`prisma migrate deploy\`.`, "Run this check again: it must report no differences.");
    return steps;
}

export { diffCatalogs as d, reconcileRecipe as r };
