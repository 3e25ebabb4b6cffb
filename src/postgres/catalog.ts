// Reads one schema's catalog for the drift comparison (catalog-diff.ts). Read-only: one
// REPEATABLE READ READ ONLY transaction, so every query sees the same moment, and no locks
// beyond the ones a catalog read takes.
import type pg from "pg";
import type {
  CatalogColumn,
  CatalogConstraint,
  CatalogEnum,
  CatalogFunction,
  CatalogIndex,
  CatalogSequence,
  CatalogSnapshot,
  CatalogTrigger,
  CatalogView,
  ConstraintType,
} from "./catalog-diff.js";

// Prisma's own bookkeeping is not part of what the migrations produce.
const HISTORY_TABLE = "_prisma_migrations";

// Objects an extension created (PostGIS's spatial_ref_sys, say) are the extension's, which is compared by name.
function notExtensionMember(relation: string): string {
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

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: "primary key",
  u: "unique",
  f: "foreign key",
  c: "check",
  x: "exclusion",
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** pg_get_functiondef() always names the function with its schema: `CREATE OR REPLACE FUNCTION public.f()`. */
function functionWithoutSchema(definition: string, quotedSchema: string): string {
  return definition.replace(new RegExp(`^(CREATE OR REPLACE (?:FUNCTION|PROCEDURE) )${escapeRegExp(quotedSchema)}\\.`), "$1");
}

/**
 * pg_get_indexdef() always names the table with its schema (`ON public."User"`), so the same
 * index in a shadow database whose schema has another name would otherwise compare unequal.
 */
function withoutSchema(definition: string, quotedSchema: string): string {
  return definition.replace(new RegExp(` ON (ONLY )?${escapeRegExp(quotedSchema)}\\.`), " ON $1");
}

export async function readCatalog(client: pg.Client, schema: string): Promise<CatalogSnapshot> {
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    // With the schema alone on the search path, the catalog functions name its objects
    // unqualified (`REFERENCES "User"(id)`, `nextval('"User_id_seq"'::regclass)`, `"Role"`),
    // as they do in any other schema read the same way.
    const path = await client.query<{ quoted: string }>("SELECT set_config('search_path', quote_ident($1), true) AS quoted", [schema]);
    const quotedSchema = path.rows[0].quoted;
    const read = async <T extends pg.QueryResultRow>(sql: string): Promise<T[]> => (await client.query<T>(sql, [schema])).rows;
    const tables = await read<{ name: string }>(TABLES);
    const columns = await read<{ table: string; name: string; type: string; nullable: boolean; default: string | null; identity: string; generated: string }>(COLUMNS);
    const indexes = await read<CatalogIndex>(INDEXES);
    const constraints = await read<{ name: string; table: string; type: string; definition: string }>(CONSTRAINTS);
    const enums = await read<CatalogEnum>(ENUMS);
    const sequences = await read<CatalogSequence>(SEQUENCES);
    const views = await read<CatalogView>(VIEWS);
    const extensions = await read<{ name: string }>(EXTENSIONS);
    const functions = await read<CatalogFunction>(FUNCTIONS);
    const triggers = await read<CatalogTrigger>(TRIGGERS);
    return {
      tables: tables.map((row) => row.name),
      columns: columns.map((row): CatalogColumn => ({
        table: row.table,
        name: row.name,
        type: row.type,
        nullable: row.nullable,
        default: row.default,
        identity: row.identity === "a" ? "always" : row.identity === "d" ? "by default" : null,
        generated: row.generated === "s" ? "stored" : row.generated === "v" ? "virtual" : null,
      })),
      indexes: indexes.map((row) => ({ ...row, definition: withoutSchema(row.definition, quotedSchema) })),
      constraints: constraints.map((row): CatalogConstraint => ({ ...row, type: CONSTRAINT_TYPES[row.type] })),
      enums,
      sequences,
      views,
      extensions: extensions.map((row) => row.name),
      functions: functions.map((row) => ({ ...row, definition: functionWithoutSchema(row.definition, quotedSchema) })),
      triggers,
    };
  } finally {
    // A failed read must surface its own error, not the rollback's on a broken connection.
    await client.query("ROLLBACK").catch(() => undefined);
  }
}

export interface SequenceValue {
  name: string;
  /** pg_sequences.last_value: null until the sequence is first used. */
  value: string | null;
}

/** Sequences' current values: data, not schema, so only compared where both sides start empty (a squash's proof). */
export async function readSequenceValues(client: pg.Client, schema: string): Promise<SequenceValue[]> {
  return (await client.query<SequenceValue>(SEQUENCE_VALUES, [schema])).rows;
}
