import { q as quoteIdentifier } from './shell-RHphubvT.js';
import { G as GateError } from './errors-DBjELbro.js';
import { s as schemaOf, c as connect, d as describeTarget } from './connection-Ch6lea8K.js';

// Prisma's own bookkeeping is not part of what the migrations produce.
const HISTORY_TABLE = "_prisma_migrations";
// Objects an extension created (PostGIS's spatial_ref_sys, say) are the extension's, which is compared by name.
function notExtensionMember(relation) {
    return `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = ${relation}.oid AND e.deptype = 'e')`;
}
const TABLES = `
  SELECT c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> '${HISTORY_TABLE}' AND ${notExtensionMember("c")}
  ORDER BY 1`;
const COLUMNS = `
  SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
         NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default,
         a.attidentity AS identity, a.attgenerated AS generated
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> '${HISTORY_TABLE}' AND ${notExtensionMember("c")}
    AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY c.relname, a.attnum`;
// Indexes that back a primary key, unique or exclusion constraint are compared as that constraint.
const INDEXES = `
  SELECT i.relname AS name, t.relname AS table, pg_get_indexdef(i.oid) AS definition, x.indisunique AS unique
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = $1 AND t.relname <> '${HISTORY_TABLE}' AND ${notExtensionMember("t")}
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
  ORDER BY t.relname, i.relname`;
// NOT NULL constraints (catalogued from PostgreSQL 18) are compared as column nullability.
const CONSTRAINTS = `
  SELECT k.conname AS name, t.relname AS table, k.contype AS type, pg_get_constraintdef(k.oid) AS definition
  FROM pg_constraint k
  JOIN pg_class t ON t.oid = k.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = $1 AND k.contype IN ('p', 'u', 'f', 'c', 'x') AND t.relname <> '${HISTORY_TABLE}' AND ${notExtensionMember("t")}
  ORDER BY t.relname, k.conname`;
const ENUMS = `
  SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
  FROM pg_type t
  JOIN pg_enum e ON e.enumtypid = t.oid
  JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = $1
  GROUP BY t.typname
  ORDER BY 1`;
const SEQUENCES = `
  SELECT c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start,
         s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max, s.seqcycle AS cycle
  FROM pg_sequence s
  JOIN pg_class c ON c.oid = s.seqrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND ${notExtensionMember("c")}
  ORDER BY 1`;
const VIEWS = `
  SELECT c.relname AS name, c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid, true) AS definition
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('v', 'm') AND ${notExtensionMember("c")}
  ORDER BY 1`;
const EXTENSIONS = `
  SELECT e.extname AS name
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  WHERE n.nspname = $1
  ORDER BY 1`;
// Functions and procedures (not aggregates or window functions, which no migration of a Prisma project defines).
const FUNCTIONS = `
  SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS arguments, pg_get_functiondef(p.oid) AS definition
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = $1 AND p.prokind IN ('f', 'p')
    AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
  ORDER BY 1, 2`;
// Triggers a user created: not the internal ones that implement foreign keys.
const TRIGGERS = `
  SELECT t.tgname AS name, c.relname AS table, pg_get_triggerdef(t.oid) AS definition
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND NOT t.tgisinternal AND ${notExtensionMember("c")}
  ORDER BY 2, 1`;
/** The current value of each sequence (null: never used), for comparing two databases built from scratch. */
const SEQUENCE_VALUES = `
  SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = $1 ORDER BY 1`;
const CONSTRAINT_TYPES = {
    p: "primary key",
    u: "unique",
    f: "foreign key",
    c: "check",
    x: "exclusion",
};
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
/** pg_get_functiondef() always names the function with its schema: `CREATE OR REPLACE FUNCTION public.f()`. */
function functionWithoutSchema(definition, quotedSchema) {
    return definition.replace(new RegExp(`^(CREATE OR REPLACE (?:FUNCTION|PROCEDURE) )${escapeRegExp(quotedSchema)}\\.`), "$1");
}
/**
 * pg_get_indexdef() always names the table with its schema (`ON public."User"`), so the same
 * index in a shadow database whose schema has another name would otherwise compare unequal.
 */
function withoutSchema(definition, quotedSchema) {
    return definition.replace(new RegExp(` ON (ONLY )?${escapeRegExp(quotedSchema)}\\.`), " ON $1");
}
async function readCatalog(client, schema) {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
        // With the schema alone on the search path, the catalog functions name its objects
        // unqualified (`REFERENCES "User"(id)`, `nextval('"User_id_seq"'::regclass)`, `"Role"`),
        // as they do in any other schema read the same way.
        const path = await client.query("SELECT set_config('search_path', quote_ident($1), true) AS quoted", [schema]);
        const quotedSchema = path.rows[0].quoted;
        const read = async (sql) => (await client.query(sql, [schema])).rows;
        const tables = await read(TABLES);
        const columns = await read(COLUMNS);
        const indexes = await read(INDEXES);
        const constraints = await read(CONSTRAINTS);
        const enums = await read(ENUMS);
        const sequences = await read(SEQUENCES);
        const views = await read(VIEWS);
        const extensions = await read(EXTENSIONS);
        const functions = await read(FUNCTIONS);
        const triggers = await read(TRIGGERS);
        return {
            tables: tables.map((row) => row.name),
            columns: columns.map((row) => ({
                table: row.table,
                name: row.name,
                type: row.type,
                nullable: row.nullable,
                default: row.default,
                identity: row.identity === "a" ? "always" : row.identity === "d" ? "by default" : null,
                generated: row.generated === "s" ? "stored" : row.generated === "v" ? "virtual" : null,
            })),
            indexes: indexes.map((row) => ({ ...row, definition: withoutSchema(row.definition, quotedSchema) })),
            constraints: constraints.map((row) => ({ ...row, type: CONSTRAINT_TYPES[row.type] })),
            enums,
            sequences,
            views,
            extensions: extensions.map((row) => row.name),
            functions: functions.map((row) => ({ ...row, definition: functionWithoutSchema(row.definition, quotedSchema) })),
            triggers,
        };
    }
    finally {
        // A failed read must surface its own error, not the rollback's on a broken connection.
        await client.query("ROLLBACK").catch(() => undefined);
    }
}
/** Sequences' current values: data, not schema, so only compared where both sides start empty (a squash's proof). */
async function readSequenceValues(client, schema) {
    return (await client.query(SEQUENCE_VALUES, [schema])).rows;
}

// Replays the migration history into a disposable shadow database, so its catalog shows what
// the migrations produce (catalog.ts reads it, catalog-diff.ts compares it with a live one).
const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;
/** Refuses a database that any Prisma project has migrated: resetting it would destroy real data. */
async function assertDisposable(client, shadowUrl) {
    const { rows } = await client.query(`SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relname = '_prisma_migrations' AND c.relkind IN ('r', 'p') ORDER BY 1`);
    for (const { schema } of rows) {
        const used = await client.query(`SELECT EXISTS (SELECT 1 FROM ${quoteIdentifier(schema)}._prisma_migrations) AS found`);
        if (used.rows[0].found) {
            throw new GateError("invalid-input", `The shadow database at ${describeTarget(shadowUrl)} has a migration history (${schema}._prisma_migrations holds rows), so it looks like a real database; the action refused to reset it.`, [
                "Point the shadow database URL at an empty database used for nothing else (for example one created for this job): the action drops and recreates its schema.",
                "Never use the URL of the database being deployed, or of any other environment, as the shadow database.",
            ]);
        }
    }
}
/** The line of the migration file a PostgreSQL error position (1-based, in characters) points at. */
function lineAt(sql, position) {
    const offset = Number(position);
    if (!Number.isInteger(offset) || offset < 1)
        return null;
    return sql.slice(0, offset - 1).split("\n").length;
}
function replayError(migration, error, statementTimeoutMs) {
    const { code, position, message } = error;
    const line = lineAt(migration.sql, position);
    const where = line === null ? "" : ` at line ${line} of ${migration.file}`;
    const detail = `${code ? `${code} ` : ""}${message ?? String(error)}`;
    const nextSteps = code === "57014"
        ? [`A statement ran longer than ${statementTimeoutMs / 1000} s on an empty database; check the migration for a loop or a sleep.`]
        : [
            "The migrations do not apply cleanly to an empty database, so a new environment cannot be built from them either. A migration that relies on something created by hand (an extension, a role, an object) needs that added to a migration.",
            "Reproduce it locally with `npx prisma migrate reset` against a scratch database.",
        ];
    return new GateError("migration-failed", `Replaying migration "${migration.name}" into the shadow database failed${where}: ${detail}.`, nextSteps);
}
/**
 * Drops and recreates the shadow database's schema (`?schema=` of the URL, else public) and
 * applies each migration.sql in order, each file as one simple-query message, which
 * PostgreSQL runs as one implicit transaction, as Prisma 6 does. The shadow gets no
 * `_prisma_migrations` table, so it can be replayed into again.
 */
async function replayMigrations(shadowUrl, migrations, options = {}) {
    const schema = schemaOf(shadowUrl);
    const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    const byName = new Map(migrations.map((migration) => [migration.name, migration]));
    const selected = options.onlyNames === undefined ? [...migrations] : options.onlyNames.flatMap((name) => byName.get(name) ?? []);
    const notFound = options.onlyNames?.filter((name) => !byName.has(name)) ?? [];
    const client = await connect(shadowUrl);
    try {
        await assertDisposable(client, shadowUrl);
        const quoted = quoteIdentifier(schema);
        await client.query(`DROP SCHEMA IF EXISTS ${quoted} CASCADE; CREATE SCHEMA ${quoted}`);
        await client.query("SELECT set_config('search_path', $1, false), set_config('statement_timeout', $2, false)", [quoted, String(statementTimeoutMs)]);
        const applied = [];
        for (const migration of selected) {
            // The connection's own read timeout is shorter than a migration may take; the server's
            // statement_timeout is the limit, this only catches a server that stopped answering.
            const query = { text: migration.sql, query_timeout: statementTimeoutMs + 5_000 };
            try {
                await client.query(query);
            }
            catch (error) {
                throw replayError(migration, error, statementTimeoutMs);
            }
            applied.push(migration.name);
        }
        return { schema, applied, notFound };
    }
    finally {
        await client.end().catch(() => undefined);
    }
}

export { readCatalog as a, readSequenceValues as b, replayMigrations as r };
