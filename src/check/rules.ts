// The catalogue of migration lint rules. An `error` breaks the application that is still
// running while the migration applies, or makes the deploy itself fail, whatever the table
// size; a `warning` holds a lock whose duration grows with the table (harmless on small
// tables, an outage on large ones) or breaks the running version only in some situations.
// docs/rules.md explains each rule with examples.

export type Severity = "error" | "warning";

export const RULE_IDS = [
  "drop-table",
  "drop-column",
  "rename-table",
  "rename-column",
  "drop-view",
  "rename-view",
  "rename-type",
  "change-column-type",
  "set-not-null",
  "drop-not-null",
  "add-required-column-without-default",
  "new-column-made-required",
  "add-column-rewrites-table",
  "add-column-with-unique",
  "create-index-without-concurrently",
  "drop-index-without-concurrently",
  "concurrently-with-other-statements",
  "unique-on-existing-data",
  "foreign-key-without-not-valid",
  "check-constraint-without-not-valid",
  "validate-in-same-transaction",
  "enum-value-removal",
  "enum-value-rename",
  "update-without-where",
  "delete-without-where",
  "truncate",
  "blocking-maintenance",
  "lock-table",
  "unbalanced-transaction",
  "missing-lock-timeout",
  "suppression-without-reason",
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export interface Rule {
  readonly id: RuleId;
  readonly severity: Severity;
  readonly title: string;
  /** What goes wrong on a system serving traffic while the migration runs. */
  readonly why: string;
  /**
   * The sequence of deploys that reaches the same schema without that harm. None of its steps
   * fires a rule (the test of safe sequences holds it), except a contract rule's last step,
   * which the check cannot tell from the hazard: it is acknowledged with a gate:ignore reason.
   */
  readonly safeSequence: string;
  /**
   * It removes or restricts what the running version may still use: a migration it fires on
   * is a contract one (contract-migrations), safe only once no running version needs it.
   */
  readonly contract?: true;
}

export const RULES: Readonly<Record<RuleId, Rule>> = {
  "drop-table": {
    id: "drop-table",
    contract: true,
    severity: "error",
    title: "Dropping an existing table",
    why: "The application version still running reads and writes this table until the new version is fully rolled out; every such query fails from the moment the migration commits, and the data cannot be brought back by a rollback of the code.",
    safeSequence: "Deploy code that no longer uses the table first; drop it in a later migration once no running version references it (and after a backup if the data may be needed).",
  },
  "drop-column": {
    id: "drop-column",
    contract: true,
    severity: "error",
    title: "Dropping a column",
    why: "The running version still selects or inserts this column (Prisma Client lists every column explicitly), so its queries fail until the new version replaces it; the data is gone for good.",
    safeSequence: "Mark the field @ignore in the schema (Prisma Client stops reading and writing it, the column stays) and deploy; drop the column in a later migration once no running version uses it.",
  },
  "rename-table": {
    id: "rename-table",
    contract: true,
    severity: "error",
    title: "Renaming a table",
    why: "To the running version a rename is a drop: its queries use the old name and fail until the new version is deployed, and rolling the code back breaks again.",
    safeSequence: "Keep the physical name and rename only in the Prisma schema with @@map; or expand (create the new table, write to both), backfill, switch reads, then contract (drop the old table) in a later deploy.",
  },
  "rename-column": {
    id: "rename-column",
    contract: true,
    severity: "error",
    title: "Renaming a column",
    why: "The running version still uses the old column name, so its queries fail from the moment the migration commits until the new version is everywhere; a code rollback fails the same way.",
    safeSequence: "Rename only the Prisma field and keep the column with @map; or expand (add the new column, write to both), backfill in batches, switch reads, then contract (drop the old column) in a later deploy.",
  },
  "drop-view": {
    id: "drop-view",
    contract: true,
    severity: "error",
    title: "Dropping an existing view",
    why: "The running version reads the view (a Prisma `view` block, or raw queries) until the new version replaces it; each of those queries fails from the moment the migration commits.",
    safeSequence: "Deploy code that no longer reads the view first; drop it in a later migration. To change its definition, use CREATE OR REPLACE VIEW with the same columns.",
  },
  "rename-view": {
    id: "rename-view",
    contract: true,
    severity: "error",
    title: "Renaming an existing view",
    why: "To the running version a renamed view is a dropped one: its queries use the old name and fail until the new version is deployed.",
    safeSequence: "Rename only in the Prisma schema and keep the view's name with @@map; or create the view under the new name, deploy code that reads it, and drop the old one in a later deploy.",
  },
  "rename-type": {
    id: "rename-type",
    contract: true,
    severity: "error",
    title: "Renaming an existing type",
    why: "Prisma Client casts enum parameters to the type by its name (CAST($1 AS \"Role\")), so every query of the running version that writes or filters on that enum fails once the type is renamed.",
    safeSequence: "Rename only in the Prisma schema and keep the type's name with @@map on the enum; a physical rename needs a new type, a column per use moved over in batches, and the old type dropped in a later deploy.",
  },
  "change-column-type": {
    id: "change-column-type",
    contract: true,
    severity: "error",
    title: "Changing a column's type",
    why: "Most type changes rewrite the whole table under an ACCESS EXCLUSIVE lock, blocking every read and write for the duration, and the running version may send values the new type rejects. A few changes (widening varchar, varchar to text, a larger numeric precision at the same scale) are metadata-only: they do not fire when the column's type is known from the migrations before.",
    safeSequence: "Expand: add a new column with the new type; write to both from the code; backfill in batches; switch reads; contract: drop the old column in a later deploy.",
  },
  "set-not-null": {
    id: "set-not-null",
    contract: true,
    severity: "error",
    title: "SET NOT NULL on an existing column",
    why: "PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock to prove there are no NULLs; the migration fails if a single NULL remains, and inserts from the running version that omit the column start failing.",
    safeSequence: "Deploy code that always writes the column; backfill NULLs in batches; add CHECK (col IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT in a separate migration; then SET NOT NULL (PostgreSQL 12 and later skip the scan thanks to the validated check; 11 and older scan anyway, so run it at a quiet time there) and drop the check.",
  },
  "drop-not-null": {
    id: "drop-not-null",
    contract: true,
    severity: "warning",
    title: "DROP NOT NULL on an existing column",
    why: "Prisma emits this when a field becomes optional. It is a contract step: as soon as the new version writes a NULL, the version still running (and any rollback of the code) reads a field its client treats as required, and its queries fail (P2032) or its code meets an unexpected null.",
    safeSequence: "Deploy code that copes with NULL in the field (make it optional in the code first, without writing NULLs); drop NOT NULL in a later migration, once no running version assumes the value is present.",
  },
  "add-required-column-without-default": {
    id: "add-required-column-without-default",
    contract: true,
    severity: "error",
    title: "Adding a NOT NULL column without a default",
    why: "The migration fails on any table that already has rows, and once it succeeds the running version's inserts fail because they do not know the column.",
    safeSequence: "Add the column as nullable (or with a constant DEFAULT, which is instant on PostgreSQL 11+); deploy code that writes it; backfill in batches; then make it NOT NULL as described for set-not-null.",
  },
  "new-column-made-required": {
    id: "new-column-made-required",
    contract: true,
    severity: "error",
    title: "A new column on an existing table made required in the same deploy",
    why: "The column is new but the table is not: the version still running inserts rows without the column, so once SET NOT NULL (after a backfill) or DROP DEFAULT (after ADD COLUMN ... NOT NULL DEFAULT) commits, every such insert fails with 23502 (null value violates not-null constraint) until the new version is everywhere.",
    safeSequence: "Add the column nullable or with a constant default and deploy code that writes it; backfill in batches outside the migration; make it NOT NULL (or drop the default) in a later migration, once no running version inserts without it.",
  },
  "add-column-rewrites-table": {
    id: "add-column-rewrites-table",
    severity: "warning",
    title: "A new column that rewrites the table",
    why: "A volatile default (gen_random_uuid(), clock_timestamp(), random(), nextval()), a SERIAL/BIGSERIAL or IDENTITY column and a stored generated column must compute a value for every existing row: PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes for the duration.",
    safeSequence: "Add the column nullable without a default (instant); set the default in a separate statement (ALTER COLUMN ... SET DEFAULT, for new rows only); backfill existing rows in batches outside the migration; then add NOT NULL the safe way (see set-not-null). For a generated value, compute it in the application or with a trigger instead of a stored generated column.",
  },
  "add-column-with-unique": {
    id: "add-column-with-unique",
    severity: "warning",
    title: "UNIQUE or PRIMARY KEY declared inline on a new column of an existing table",
    why: "ADD COLUMN ... UNIQUE or PRIMARY KEY builds the index in the same statement, under the ACCESS EXCLUSIVE lock of ALTER TABLE, so reads and writes are blocked for the whole index build (and a SERIAL or volatile default also rewrites the table first).",
    safeSequence: "Add the column without the constraint; build the index with CREATE UNIQUE INDEX CONCURRENTLY in a migration file of its own; then ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX (or PRIMARY KEY USING INDEX).",
  },
  "create-index-without-concurrently": {
    id: "create-index-without-concurrently",
    severity: "warning",
    title: "CREATE INDEX without CONCURRENTLY on an existing table",
    why: "A plain CREATE INDEX holds a SHARE lock for the whole build, blocking every INSERT, UPDATE and DELETE on the table until the index is built.",
    safeSequence: "Put CREATE INDEX CONCURRENTLY alone in its own migration file (Prisma 6 runs a file as one transaction, and CONCURRENTLY cannot run inside one); if it fails, drop the INVALID index it leaves and retry.",
  },
  "drop-index-without-concurrently": {
    id: "drop-index-without-concurrently",
    severity: "warning",
    title: "DROP INDEX without CONCURRENTLY",
    why: "Prisma emits a plain DROP INDEX whenever an @@index or @unique is removed. It takes an ACCESS EXCLUSIVE lock on the index's table: it waits behind every running query on the table, and every read and write queues behind it while it waits.",
    safeSequence: "Create the migration with prisma migrate dev --create-only and put DROP INDEX CONCURRENTLY alone in a migration file of its own (CONCURRENTLY cannot run inside the file's transaction).",
  },
  "concurrently-with-other-statements": {
    id: "concurrently-with-other-statements",
    severity: "error",
    title: "CONCURRENTLY in a file with other statements",
    why: "Prisma 6 sends a migration file as one query, which PostgreSQL runs as one implicit transaction; CREATE/DROP INDEX CONCURRENTLY refuses to run inside a transaction (SQLSTATE 25001), so the migration fails and blocks later deploys (P3009).",
    safeSequence: "Move each CONCURRENTLY statement into a migration file of its own, with no other statement, not even SET.",
  },
  "unique-on-existing-data": {
    id: "unique-on-existing-data",
    severity: "error",
    title: "Unique index or constraint over existing data",
    why: "If the existing rows hold a duplicate the migration fails halfway through the deploy and leaves a failed migration that blocks every later deploy (P3009); a non-concurrent build also blocks writes for its duration.",
    safeSequence: "Remove duplicates and deploy code that prevents new ones; create the index with CREATE UNIQUE INDEX CONCURRENTLY in its own migration file; then, if a constraint is wanted, ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX.",
  },
  "foreign-key-without-not-valid": {
    id: "foreign-key-without-not-valid",
    severity: "warning",
    title: "Foreign key on an existing table without NOT VALID",
    why: "Adding a foreign key checks every existing row while holding a SHARE ROW EXCLUSIVE lock on both tables, blocking writes to both until the scan ends.",
    safeSequence: "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID (instant, enforced for new rows); then ALTER TABLE ... VALIDATE CONSTRAINT in a separate migration, which scans without blocking writes.",
  },
  "check-constraint-without-not-valid": {
    id: "check-constraint-without-not-valid",
    severity: "warning",
    title: "Check constraint on an existing table without NOT VALID",
    why: "Adding a CHECK constraint scans every row under an ACCESS EXCLUSIVE lock, blocking reads and writes until the scan ends; one violating row fails the migration.",
    safeSequence: "ADD CONSTRAINT ... CHECK (...) NOT VALID (instant, enforced for new rows); fix violating rows; then ALTER TABLE ... VALIDATE CONSTRAINT in a separate migration.",
  },
  "validate-in-same-transaction": {
    id: "validate-in-same-transaction",
    severity: "warning",
    title: "NOT VALID and VALIDATE CONSTRAINT in the same migration",
    why: "Prisma runs a migration file as one transaction, so the ACCESS EXCLUSIVE lock taken by ADD CONSTRAINT ... NOT VALID is held until the file commits, through the whole validation scan: the two-step pattern then blocks exactly like a plain ADD CONSTRAINT.",
    safeSequence: "Keep ADD CONSTRAINT ... NOT VALID in this migration and move ALTER TABLE ... VALIDATE CONSTRAINT into a later migration (a later deploy, or at least a file of its own).",
  },
  "enum-value-removal": {
    id: "enum-value-removal",
    contract: true,
    severity: "error",
    title: "Removing an enum value (the type is recreated)",
    why: "PostgreSQL cannot drop an enum value, so Prisma recreates the type and converts every column using it: each table is rewritten under an ACCESS EXCLUSIVE lock, the cast fails if a row still holds the removed value, and the running version may still write it.",
    safeSequence: "Deploy code that no longer writes the value; migrate rows that hold it in batches; remove the value in a later migration, at a quiet time, with lock_timeout set.",
  },
  "enum-value-rename": {
    id: "enum-value-rename",
    contract: true,
    severity: "error",
    title: "Renaming an enum value",
    why: "To the version still running a renamed value is a removed one: it still writes the old label, which PostgreSQL now rejects (22P02 invalid input value for enum), and rows read back with the new label fail in its Prisma Client.",
    safeSequence: "Add the new value (ALTER TYPE ... ADD VALUE); deploy code that writes the new value and reads both; migrate rows in batches; remove the old value in a later deploy (see enum-value-removal).",
  },
  "update-without-where": {
    id: "update-without-where",
    severity: "warning",
    title: "UPDATE of every row of an existing table (no WHERE, a WHERE that is always true, or only a join condition)",
    why: "A backfill inside the migration updates every row in one transaction (WHERE true, WHERE 1 = 1, UPDATE ... FROM with only the join condition, or WHERE ... IS NULL on a column this deploy just added, count as every row): it locks all of them until the migration commits, blocking the running version's writes to any row, and bloats the table and WAL.",
    safeSequence: "Backfill outside the migration (a script or job) in batches of a few thousand rows with a WHERE on a key range or on the rows still to convert, each batch its own transaction.",
  },
  "delete-without-where": {
    id: "delete-without-where",
    severity: "error",
    title: "DELETE without WHERE on an existing table",
    why: "Every row of the table is removed, including the rows the running version is using, and all of them stay locked until the migration commits.",
    safeSequence: "If the rows must go, delete them in batches with a WHERE outside the migration, after the code stopped using them; to drop the table, see drop-table.",
  },
  "truncate": {
    id: "truncate",
    severity: "error",
    title: "TRUNCATE of an existing table",
    why: "Every row of the table is removed, including the rows the running version is using, and TRUNCATE holds an ACCESS EXCLUSIVE lock that blocks every read and write until the migration commits; with CASCADE it empties the referencing tables too.",
    safeSequence: "Delete rows in batches outside the migration, after the code stopped using them; to remove the table, see drop-table.",
  },
  "blocking-maintenance": {
    id: "blocking-maintenance",
    severity: "warning",
    title: "Maintenance that blocks the table (VACUUM FULL, CLUSTER, REINDEX, REFRESH MATERIALIZED VIEW, SET TABLESPACE)",
    why: "VACUUM FULL, CLUSTER and SET TABLESPACE rewrite the table, REINDEX without CONCURRENTLY rebuilds its indexes and REFRESH MATERIALIZED VIEW without CONCURRENTLY recomputes the view, all under locks that block reads or writes for the whole run; VACUUM also cannot run inside the migration's transaction at all.",
    safeSequence: "Run maintenance outside migrations, at a quiet time: REINDEX ... CONCURRENTLY, REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view), pg_repack instead of VACUUM FULL or CLUSTER.",
  },
  "lock-table": {
    id: "lock-table",
    severity: "warning",
    title: "LOCK TABLE in a migration",
    why: "An explicit lock is held until the migration's transaction commits, so every statement after it runs with the table blocked (ACCESS EXCLUSIVE by default, which blocks reads too), and the lock itself waits behind every running query.",
    safeSequence: "Leave locking to the statements that need it, with SET lock_timeout at the top of the file; if several statements must see the table unchanged, keep the file short and take the weakest lock mode that suffices (e.g. SHARE ROW EXCLUSIVE).",
  },
  "unbalanced-transaction": {
    id: "unbalanced-transaction",
    severity: "error",
    title: "Unbalanced transaction control",
    why: "Prisma wraps the migration's statements itself. A COMMIT or ROLLBACK without a matching BEGIN ends Prisma's transaction halfway through the file (what ran before it stays, whatever fails after it); a BEGIN without COMMIT, or a BEGIN inside an open one, leaves the file's end inside a transaction nobody commits, so its changes can vanish with the connection.",
    safeSequence: "Remove the transaction statements (Prisma already runs the file as one transaction), or keep them balanced: each BEGIN followed by exactly one COMMIT, never nested, as Prisma's own enum migrations do.",
  },
  "missing-lock-timeout": {
    id: "missing-lock-timeout",
    severity: "warning",
    title: "A lock on an existing table taken without SET lock_timeout",
    why: "Every statement that takes a lock conflicting with writes (any ALTER TABLE, ADD COLUMN included, CREATE/DROP INDEX, DROP/TRUNCATE, CREATE TRIGGER, ALTER INDEX, LOCK TABLE...) waits for it behind any long transaction, and while it waits every other query on the table queues behind it: a migration that should take milliseconds stalls the application for as long as the oldest transaction runs.",
    safeSequence: "Start the migration file with SET lock_timeout = '5s'; (and optionally statement_timeout) so the migration fails fast instead of stalling traffic, then retry at a quieter moment.",
  },
  "suppression-without-reason": {
    id: "suppression-without-reason",
    severity: "error",
    title: "gate:ignore without a reason",
    why: "A suppression hides a risk from every later reader of the migration; without a reason nobody can tell whether it was judged safe or just silenced.",
    safeSequence: "Write the rule id and the reason on the comment: -- gate:ignore <rule-id> <why this is safe here>.",
  },
};
