// Reads, without changing anything, what the connected role may do: superuser, membership in
// pg_read_all_stats and pg_signal_backend, CREATE on the schema, and owner and privileges of
// the tables and types the pending migrations touch. Judged in src/preflight/database.ts.
import type pg from "pg";
import type { RoleFacts, TablePrivilege } from "../preflight/database.js";

const ROLE_SQL = `
SELECT current_user AS role, r.rolsuper AS superuser, current_database() AS database,
       pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS read_all_stats,
       pg_has_role(current_user, 'pg_signal_backend', 'USAGE') AS signal_backend,
       has_database_privilege(current_database(), 'CREATE') AS database_create,
       CASE WHEN n.oid IS NULL THEN NULL ELSE has_schema_privilege(n.oid, 'CREATE') END AS schema_create,
       CASE WHEN h.oid IS NULL THEN NULL ELSE has_table_privilege(h.oid, 'SELECT') END AS history_select,
       CASE WHEN h.oid IS NULL THEN NULL ELSE has_table_privilege(h.oid, 'INSERT') END AS history_insert,
       CASE WHEN h.oid IS NULL THEN NULL ELSE has_table_privilege(h.oid, 'UPDATE') END AS history_update
  FROM pg_roles r
  LEFT JOIN pg_namespace n ON n.nspname = $1
  LEFT JOIN pg_class h ON h.relnamespace = n.oid AND h.relname = '_prisma_migrations'
 WHERE r.rolname = current_user`;

// Privileges are asked only of relations that have them; an index answers through its table's owner.
const RELATIONS_SQL = `
SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner, pg_has_role(current_user, c.relowner, 'USAGE') AS owned,
       CASE WHEN c.relkind IN ('r', 'p', 'v', 'm', 'f') THEN has_table_privilege(c.oid, 'INSERT') END AS "INSERT",
       CASE WHEN c.relkind IN ('r', 'p', 'v', 'm', 'f') THEN has_table_privilege(c.oid, 'UPDATE') END AS "UPDATE",
       CASE WHEN c.relkind IN ('r', 'p', 'v', 'm', 'f') THEN has_table_privilege(c.oid, 'DELETE') END AS "DELETE",
       CASE WHEN c.relkind IN ('r', 'p', 'v', 'm', 'f') THEN has_table_privilege(c.oid, 'TRUNCATE') END AS "TRUNCATE",
       CASE WHEN c.relkind IN ('r', 'p', 'v', 'm', 'f') THEN has_table_privilege(c.oid, 'REFERENCES') END AS "REFERENCES"
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relname = ANY($2::text[])`;

const TYPES_SQL = `
SELECT t.typname AS name, pg_get_userbyid(t.typowner) AS owner, pg_has_role(current_user, t.typowner, 'USAGE') AS owned
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = $1 AND t.typname = ANY($2::text[])`;

const TABLE_PRIVILEGES: readonly TablePrivilege[] = ["INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES"];

export async function readRoleFacts(
  client: pg.Client,
  schema: string,
  relationNames: readonly string[],
  typeNames: readonly string[],
): Promise<RoleFacts> {
  const role = (await client.query(ROLE_SQL, [schema])).rows[0];
  const relations = await client.query(RELATIONS_SQL, [schema, [...relationNames]]);
  const types = await client.query(TYPES_SQL, [schema, [...typeNames]]);
  return {
    role: role.role,
    superuser: role.superuser,
    database: role.database,
    schema,
    schemaCreate: role.schema_create ?? undefined,
    databaseCreate: role.database_create,
    readAllStats: role.read_all_stats,
    signalBackend: role.signal_backend,
    history: role.history_select === null ? undefined : { select: role.history_select, insert: role.history_insert, update: role.history_update },
    relations: new Map(
      relations.rows.map((row) => {
        const privileges = new Set(TABLE_PRIVILEGES.filter((privilege) => row[privilege] === true));
        return [row.name, { owner: row.owner, owned: row.owned, privileges }];
      }),
    ),
    types: new Map(types.rows.map((row) => [row.name, { owner: row.owner, owned: row.owned }])),
  };
}
