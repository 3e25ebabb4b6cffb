// The catalogue of migration lint rules. An `error` breaks the application that is still
// running while the migration applies, or makes the deploy itself fail, whatever the table
// size; a `warning` holds a lock whose duration grows with the table, harmless on small
// tables and an outage on large ones. docs/rules.md explains each rule with examples.

export type Severity = "error" | "warning";

export const RULE_IDS = [
  "drop-table",
  "drop-column",
  "rename-table",
  "rename-column",
  "change-column-type",
  "set-not-null",
  "add-required-column-without-default",
  "create-index-without-concurrently",
  "concurrently-with-other-statements",
  "unique-on-existing-data",
  "foreign-key-without-not-valid",
  "check-constraint-without-not-valid",
  "enum-value-removal",
  "update-without-where",
  "delete-without-where",
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
  /** The sequence of deploys that reaches the same schema without that harm. */
  readonly safeSequence: string;
}

export const RULES: Readonly<Record<RuleId, Rule>> = {
  "drop-table": {
    id: "drop-table",
    severity: "error",
    title: "Dropping an existing table",
    why: "The application version still running reads and writes this table until the new version is fully rolled out; every such query fails from the moment the migration commits, and the data cannot be brought back by a rollback of the code.",
    safeSequence: "Deploy code that no longer uses the table first; drop it in a later migration once no running version references it (and after a backup if the data may be needed).",
  },
  "drop-column": {
    id: "drop-column",
    severity: "error",
    title: "Dropping a column",
    why: "The running version still selects or inserts this column (Prisma Client lists every column explicitly), so its queries fail until the new version replaces it; the data is gone for good.",
    safeSequence: "Mark the field @ignore in the schema (Prisma Client stops reading and writing it, the column stays) and deploy; drop the column in a later migration once no running version uses it.",
  },
  "rename-table": {
    id: "rename-table",
    severity: "error",
    title: "Renaming a table",
    why: "To the running version a rename is a drop: its queries use the old name and fail until the new version is deployed, and rolling the code back breaks again.",
    safeSequence: "Keep the physical name and rename only in the Prisma schema with @@map; or expand (create the new table, write to both), backfill, switch reads, then contract (drop the old table) in a later deploy.",
  },
  "rename-column": {
    id: "rename-column",
    severity: "error",
    title: "Renaming a column",
    why: "The running version still uses the old column name, so its queries fail from the moment the migration commits until the new version is everywhere; a code rollback fails the same way.",
    safeSequence: "Rename only the Prisma field and keep the column with @map; or expand (add the new column, write to both), backfill in batches, switch reads, then contract (drop the old column) in a later deploy.",
  },
  "change-column-type": {
    id: "change-column-type",
    severity: "error",
    title: "Changing a column's type",
    why: "Most type changes rewrite the whole table under an ACCESS EXCLUSIVE lock, blocking every read and write for the duration, and the running version may send values the new type rejects. A few changes (widening varchar, varchar to text) are metadata-only: suppress those with a reason.",
    safeSequence: "Expand: add a new column with the new type; write to both from the code; backfill in batches; switch reads; contract: drop the old column in a later deploy.",
  },
  "set-not-null": {
    id: "set-not-null",
    severity: "error",
    title: "SET NOT NULL on an existing column",
    why: "PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock to prove there are no NULLs; the migration fails if a single NULL remains, and inserts from the running version that omit the column start failing.",
    safeSequence: "Deploy code that always writes the column; backfill NULLs in batches; add CHECK (col IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT in a separate migration; then SET NOT NULL (PostgreSQL 12+ skips the scan thanks to the valid check) and drop the check.",
  },
  "add-required-column-without-default": {
    id: "add-required-column-without-default",
    severity: "error",
    title: "Adding a NOT NULL column without a default",
    why: "The migration fails on any table that already has rows, and once it succeeds the running version's inserts fail because they do not know the column.",
    safeSequence: "Add the column as nullable (or with a constant DEFAULT, which is instant on PostgreSQL 11+); deploy code that writes it; backfill in batches; then make it NOT NULL as described for set-not-null.",
  },
  "create-index-without-concurrently": {
    id: "create-index-without-concurrently",
    severity: "warning",
    title: "CREATE INDEX without CONCURRENTLY on an existing table",
    why: "A plain CREATE INDEX holds a SHARE lock for the whole build, blocking every INSERT, UPDATE and DELETE on the table until the index is built.",
    safeSequence: "Put CREATE INDEX CONCURRENTLY alone in its own migration file (Prisma 6 runs a file as one transaction, and CONCURRENTLY cannot run inside one); if it fails, drop the INVALID index it leaves and retry.",
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
  "enum-value-removal": {
    id: "enum-value-removal",
    severity: "error",
    title: "Removing an enum value (the type is recreated)",
    why: "PostgreSQL cannot drop an enum value, so Prisma recreates the type and converts every column using it: each table is rewritten under an ACCESS EXCLUSIVE lock, the cast fails if a row still holds the removed value, and the running version may still write it.",
    safeSequence: "Deploy code that no longer writes the value; migrate rows that hold it in batches; remove the value in a later migration, at a quiet time, with lock_timeout set.",
  },
  "update-without-where": {
    id: "update-without-where",
    severity: "warning",
    title: "UPDATE without WHERE on an existing table",
    why: "Updating every row in one transaction locks all of them until the migration commits, blocking the running version's writes to any row, and bloats the table and WAL.",
    safeSequence: "Backfill outside the migration (a script or job) in batches of a few thousand rows with a WHERE on a key range or on the rows still to convert, each batch its own transaction.",
  },
  "delete-without-where": {
    id: "delete-without-where",
    severity: "error",
    title: "DELETE without WHERE on an existing table",
    why: "Every row of the table is removed, including the rows the running version is using, and all of them stay locked until the migration commits.",
    safeSequence: "If the rows must go, delete them in batches with a WHERE outside the migration, after the code stopped using them; to drop the table, see drop-table.",
  },
  "missing-lock-timeout": {
    id: "missing-lock-timeout",
    severity: "warning",
    title: "DDL on an existing table without SET lock_timeout",
    why: "DDL waits for its lock behind any long transaction, and while it waits every other query on the table queues behind it: a migration that should take milliseconds stalls the application for as long as the oldest transaction runs.",
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
