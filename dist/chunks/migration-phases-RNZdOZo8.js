import { l as lex, s as splitStatements } from './lexer-vuO9IFuk.js';
import { O as OLDEST_SUPPORTED_POSTGRES } from './postgres-version-C25lLO17.js';

// The catalogue of migration lint rules. An `error` breaks the application that is still
// running while the migration applies, or makes the deploy itself fail, whatever the table
// size; a `warning` holds a lock whose duration grows with the table (harmless on small
// tables, an outage on large ones) or breaks the running version only in some situations.
// docs/rules.md explains each rule with examples.
const RULE_IDS = [
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
];
const RULES = {
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

function nameOf(token) {
    return token.kind === "quoted" ? { key: token.text, display: `"${token.text}"` } : { key: token.text.toLowerCase(), display: token.text };
}
function isWordToken(token, word) {
    return token?.kind === "word" && token.text.toUpperCase() === word;
}
function isPunct(token, text) {
    return token?.kind === "punct" && token.text === text;
}
/** Reads words and names left to right over a run of tokens. */
class Cursor {
    tokens;
    index = 0;
    constructor(tokens) {
        this.tokens = tokens;
    }
    get done() {
        return this.index >= this.tokens.length;
    }
    peek(offset = 0) {
        return this.tokens[this.index + offset];
    }
    isWord(word, offset = 0) {
        return isWordToken(this.peek(offset), word);
    }
    /**
     * Whether a table constraint comes next (PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK, EXCLUDE), in
     * a CREATE TABLE body or after ALTER TABLE … ADD; named ones start with CONSTRAINT, which
     * callers that treat both alike accept first.
     */
    isTableConstraint() {
        return ["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE"].some((word) => this.isWord(word));
    }
    /** Consumes the words if they come next, in order. */
    accept(...words) {
        if (!words.every((word, k) => this.isWord(word, k)))
            return false;
        this.index += words.length;
        return true;
    }
    /** A possibly schema-qualified name; schemas are ignored, as migrations rarely mix them. */
    name() {
        let token = this.peek();
        if (token?.kind !== "word" && token?.kind !== "quoted")
            return undefined;
        this.index++;
        while (isPunct(this.peek(), ".")) {
            const part = this.peek(1);
            if (part?.kind !== "word" && part?.kind !== "quoted")
                break;
            token = part;
            this.index += 2;
        }
        return nameOf(token);
    }
    rest() {
        return this.tokens.slice(this.index);
    }
}
function hasWords(tokens, ...words) {
    return tokens.some((_, k) => words.every((word, w) => isWordToken(tokens[k + w], word)));
}
/** Splits tokens on a separator outside parentheses, e.g. the actions of one ALTER TABLE. */
function splitTopLevel(tokens, isSeparator = (token) => isPunct(token, ",")) {
    const parts = [[]];
    let depth = 0;
    for (const token of tokens) {
        if (isPunct(token, "(") || isPunct(token, "["))
            depth++;
        if (isPunct(token, ")") || isPunct(token, "]"))
            depth--;
        if (depth === 0 && isSeparator(token))
            parts.push([]);
        else
            parts[parts.length - 1].push(token);
    }
    return parts.filter((part) => part.length > 0);
}
/** The tokens outside any parentheses. */
function topLevel(tokens) {
    let depth = 0;
    const outside = [];
    for (const token of tokens) {
        if (isPunct(token, "("))
            depth++;
        else if (isPunct(token, ")"))
            depth--;
        else if (depth === 0)
            outside.push(token);
    }
    return outside;
}
function topLevelWords(tokens) {
    return topLevel(tokens).filter((token) => token.kind === "word");
}
/** The tokens inside the first parenthesized group, without the parentheses. */
function firstGroup(tokens) {
    const open = tokens.findIndex((token) => isPunct(token, "("));
    if (open === -1)
        return undefined;
    let depth = 0;
    for (let k = open; k < tokens.length; k++) {
        if (isPunct(tokens[k], "("))
            depth++;
        if (isPunct(tokens[k], ")") && --depth === 0)
            return tokens.slice(open + 1, k);
    }
    return tokens.slice(open + 1);
}
/** The plain column names inside the first parenthesized list; undefined if any is an expression. */
function columnList(tokens) {
    const group = firstGroup(tokens);
    if (!group)
        return undefined;
    const names = [];
    for (const part of splitTopLevel(group)) {
        const [column, ...modifiers] = part;
        if (column.kind !== "word" && column.kind !== "quoted")
            return undefined;
        if (modifiers.some((token) => token.kind !== "word"))
            return undefined;
        names.push(nameOf(column).key);
    }
    return names;
}

const ALIASES = {
    "character varying": "varchar",
    character: "bpchar",
    char: "bpchar",
    int: "int4",
    integer: "int4",
    int4: "int4",
    bigint: "int8",
    smallint: "int2",
    decimal: "numeric",
    "double precision": "float8",
    real: "float4",
    boolean: "bool",
    "timestamp without time zone": "timestamp",
    "timestamp with time zone": "timestamptz",
    "time without time zone": "time",
    "time with time zone": "timetz",
    "bit varying": "varbit",
};
/** Words that end a column's type in a column definition. */
const TYPE_END = new Set(["NOT", "NULL", "DEFAULT", "CONSTRAINT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "GENERATED", "COLLATE", "USING", "STORAGE", "COMPRESSION"]);
/** Reads the type at the start of `tokens` (after the column name); undefined for an expression it cannot read. */
function readColumnType(tokens) {
    const words = [];
    let k = 0;
    // A schema-qualified type: keep the last part.
    while (k < tokens.length && (tokens[k].kind === "word" || tokens[k].kind === "quoted") && !(tokens[k].kind === "word" && TYPE_END.has(tokens[k].text.toUpperCase()))) {
        const token = tokens[k];
        words.push(token.kind === "quoted" ? token.text : token.text.toLowerCase());
        k++;
        if (isPunct(tokens[k], ".")) {
            words.length = 0;
            k++;
        }
    }
    if (words.length === 0)
        return undefined;
    let modifiers = [];
    if (isPunct(tokens[k], "(")) {
        const group = firstGroup(tokens.slice(k)) ?? [];
        modifiers = splitTopLevel(group).map((part) => (part.length === 1 && /^\d+$/.test(part[0].text) ? Number(part[0].text) : Number.NaN));
        if (modifiers.some(Number.isNaN))
            return undefined;
        k += group.length + 2;
    }
    // `timestamp(3) with time zone`: the zone words follow the modifiers.
    while (k < tokens.length && tokens[k].kind === "word" && ["WITH", "WITHOUT", "TIME", "ZONE"].includes(tokens[k].text.toUpperCase())) {
        words.push(tokens[k].text.toLowerCase());
        k++;
    }
    let array = false;
    while (isPunct(tokens[k], "[")) {
        array = true;
        while (k < tokens.length && !isPunct(tokens[k], "]"))
            k++;
        k++;
    }
    if (isWordToken(tokens[k], "ARRAY"))
        array = true;
    const written = words.join(" ");
    return { base: ALIASES[written] ?? written, modifiers, array };
}
/** Types whose limit can grow without a rewrite, and whose limit can be dropped altogether. */
const LENGTH_LIMITED = new Set(["varchar", "varbit"]);
/** Types whose fractional-second precision can grow without a rewrite (PostgreSQL 9.2+). */
const PRECISION_LIMITED = new Set(["timestamp", "timestamptz", "interval", "time", "timetz"]);
/**
 * True when PostgreSQL changes `from` into `to` in the catalog only, without a table rewrite or
 * scan. `indexed`: an index on the column is known; citext and text sort with different
 * operator classes, so switching between them rebuilds such an index.
 */
function isRewriteFreeChange(from, to, indexed = false) {
    if (from.array !== to.array)
        return false;
    if ((from.base === "citext" && to.base === "text") || (from.base === "text" && to.base === "citext"))
        return !indexed;
    const [fromLimit] = from.modifiers;
    const [toLimit] = to.modifiers;
    if (LENGTH_LIMITED.has(from.base) && from.base === to.base)
        return toLimit === undefined || (fromLimit !== undefined && toLimit >= fromLimit);
    if (from.base === "varchar" && to.base === "text")
        return true;
    if (from.base === "text" && to.base === "varchar")
        return toLimit === undefined;
    if (from.base === "cidr" && to.base === "inet")
        return true;
    if (from.base === "numeric" && to.base === "numeric") {
        if (to.modifiers.length === 0)
            return true;
        if (from.modifiers.length === 0)
            return false;
        const fromScale = from.modifiers[1] ?? 0;
        const toScale = to.modifiers[1] ?? 0;
        return toScale === fromScale && toLimit >= fromLimit;
    }
    if (PRECISION_LIMITED.has(from.base) && from.base === to.base)
        return toLimit === undefined || (fromLimit !== undefined && toLimit >= fromLimit);
    return false;
}
function describeType(type) {
    return `${type.base}${type.modifiers.length > 0 ? `(${type.modifiers.join(",")})` : ""}${type.array ? "[]" : ""}`;
}

class SchemaKnowledge {
    newTables = new Set();
    addedColumns = new Map();
    newTypes = new Set();
    newIndexes = new Set();
    columnTypes = new Map();
    /** Per table, the CHECK (col IS NOT NULL) constraints by name: the column, and whether the check is validated. */
    /** Per table, the columns an index covers. */
    indexedColumns = new Map();
    notNullChecks = new Map();
    /** False while reading earlier, already-deployed migrations: what they create exists. */
    recordingNew = true;
    isNewTable(table) {
        return this.newTables.has(table.key);
    }
    createTable(table) {
        this.columnTypes.delete(table.key);
        this.notNullChecks.delete(table.key);
        this.indexedColumns.delete(table.key);
        if (this.recordingNew)
            this.newTables.add(table.key);
    }
    dropTable(table) {
        this.newTables.delete(table.key);
        this.addedColumns.delete(table.key);
        this.columnTypes.delete(table.key);
        this.notNullChecks.delete(table.key);
        this.indexedColumns.delete(table.key);
    }
    renameTable(from, to) {
        for (const map of [this.addedColumns, this.columnTypes, this.notNullChecks, this.indexedColumns]) {
            const value = map.get(from.key);
            map.delete(from.key);
            if (value !== undefined)
                map.set(to.key, value);
        }
        if (this.newTables.delete(from.key))
            this.newTables.add(to.key);
    }
    /** The column holds nothing the running version depends on yet: its table is new, or it was added without a default. */
    isNewColumn(table, column) {
        return this.isNewTable(table) || (this.addedColumns.get(table.key)?.get(column)?.nullsOnly ?? false);
    }
    /** The column was added by this change to a table that existed before it. */
    addedToExistingTable(table, column) {
        return this.isNewTable(table) ? undefined : this.addedColumns.get(table.key)?.get(column);
    }
    addColumn(table, column, type, added) {
        if (type)
            this.setColumnType(table, column, type);
        if (!this.recordingNew || this.isNewTable(table))
            return;
        const columns = this.addedColumns.get(table.key) ?? new Map();
        columns.set(column, added);
        this.addedColumns.set(table.key, columns);
    }
    dropColumn(table, column) {
        this.addedColumns.get(table.key)?.delete(column);
        this.columnTypes.get(table.key)?.delete(column);
    }
    renameColumn(table, from, to) {
        for (const map of [this.addedColumns.get(table.key), this.columnTypes.get(table.key)]) {
            const value = map?.get(from);
            map?.delete(from);
            if (map && value !== undefined)
                map.set(to, value);
        }
        const indexed = this.indexedColumns.get(table.key);
        if (indexed?.delete(from))
            indexed.add(to);
        // PostgreSQL rewrites a check's expression to follow a renamed column.
        for (const check of this.notNullChecks.get(table.key)?.values() ?? [])
            if (check.column === from)
                check.column = to;
    }
    columnType(table, column) {
        return this.columnTypes.get(table.key)?.get(column);
    }
    setColumnType(table, column, type) {
        const columns = this.columnTypes.get(table.key) ?? new Map();
        if (type)
            columns.set(column, type);
        else
            columns.delete(column);
        this.columnTypes.set(table.key, columns);
    }
    /** CHECK (column IS NOT NULL) added as `name`; validated unless added NOT VALID. */
    addNotNullCheck(table, name, column, validated) {
        const checks = this.notNullChecks.get(table.key) ?? new Map();
        checks.set(name, { column, validated });
        this.notNullChecks.set(table.key, checks);
    }
    validateConstraint(table, name) {
        const check = this.notNullChecks.get(table.key)?.get(name);
        if (check)
            check.validated = true;
    }
    dropConstraint(table, name) {
        this.notNullChecks.get(table.key)?.delete(name);
    }
    /** A validated CHECK (column IS NOT NULL) proves the column holds no NULL: SET NOT NULL can skip its scan (PostgreSQL 12+). */
    hasValidatedNotNullCheck(table, column) {
        return [...(this.notNullChecks.get(table.key)?.values() ?? [])].some((check) => check.validated && check.column === column);
    }
    isNewType(type) {
        return this.newTypes.has(type.key);
    }
    addType(type) {
        if (this.recordingNew)
            this.newTypes.add(type.key);
    }
    /** An index covers these columns (none for an expression index, whose columns are not read). */
    indexColumns(table, columns) {
        const indexed = this.indexedColumns.get(table.key) ?? new Set();
        for (const column of columns)
            indexed.add(column);
        this.indexedColumns.set(table.key, indexed);
    }
    isIndexed(table, column) {
        return this.indexedColumns.get(table.key)?.has(column) ?? false;
    }
    isNewIndex(index) {
        return this.newIndexes.has(index.key);
    }
    addIndex(index) {
        if (this.recordingNew)
            this.newIndexes.add(index.key);
    }
}

/** The top-level clause starting at `keyword`, up to the next of `enders` (or the end). */
function clauseAt(tokens, keyword, enders) {
    const outside = new Set(topLevel(tokens));
    const start = tokens.findIndex((token) => outside.has(token) && isWordToken(token, keyword));
    if (start === -1)
        return undefined;
    const end = tokens.findIndex((token, k) => k > start && outside.has(token) && enders.some((word) => isWordToken(token, word)));
    return tokens.slice(start + 1, end === -1 ? undefined : end);
}
/** `((a = b))` → `a = b`, but `(a) = (b)` stays as it is. */
function withoutOuterParentheses(tokens) {
    while (tokens.length >= 2 && isPunct(tokens[0], "(")) {
        let depth = 0;
        const closing = tokens.findIndex((token) => (isPunct(token, "(") ? ++depth : isPunct(token, ")") ? --depth : depth) === 0);
        if (closing !== tokens.length - 1)
            break;
        tokens = tokens.slice(1, -1);
    }
    return tokens;
}
function isColumnReference(tokens) {
    if (tokens.length === 0 || tokens.length % 2 === 0)
        return false;
    return tokens.every((token, k) => (k % 2 === 0 ? token.kind === "quoted" || (token.kind === "word" && !/^\d/.test(token.text)) : isPunct(token, ".")));
}
function lastName(tokens) {
    const token = tokens[tokens.length - 1];
    return token.kind === "quoted" ? token.text : token.text.toLowerCase();
}
function sameTokens(a, b) {
    return a.length === b.length && a.every((token, k) => token.kind === b[k].kind && token.text.toLowerCase() === b[k].text.toLowerCase());
}
function coversEveryRow(condition, context) {
    const tokens = withoutOuterParentheses(condition);
    if (tokens.length === 1 && isWordToken(tokens[0], "TRUE"))
        return true;
    const equals = tokens.findIndex((token) => isPunct(token, "="));
    if (equals > 0 && topLevel(tokens).includes(tokens[equals])) {
        const left = tokens.slice(0, equals);
        const right = tokens.slice(equals + 1);
        if (!left.some((token) => token.kind === "word" && !/^\d/.test(token.text)) && sameTokens(left, right))
            return true;
        if (context.hasFrom && isColumnReference(left) && isColumnReference(right))
            return true;
    }
    const isNull = tokens.length >= 3 && isWordToken(tokens[tokens.length - 2], "IS") && isWordToken(tokens[tokens.length - 1], "NULL");
    if (isNull) {
        const column = tokens.slice(0, -2);
        return isColumnReference(column) && context.isNullsOnlyColumn(lastName(column));
    }
    return false;
}
/** True when `where` (the tokens after WHERE, or undefined for no WHERE) selects every row. */
function whereCoversEveryRow(where, context) {
    if (where === undefined)
        return true;
    const conjuncts = splitTopLevel(where, (token) => isWordToken(token, "AND"));
    return conjuncts.length > 0 && conjuncts.every((conjunct) => coversEveryRow(conjunct, context));
}

// Lints the SQL of new or changed migration files for operations that hurt an application
// serving traffic while `migrate deploy` runs. Pure: no I/O, so the check can run on any
// pull request without a database. It reads SQL the way PostgreSQL tokenizes it (quotes,
// dollar quotes, nested comments) but only recognizes the statement shapes the rules need;
// anything else passes silently rather than producing guesses.
const EXCERPT_LENGTH = 120;
function excerpt(text) {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}
function report(state, statementIndex, ruleId, at, message, excerptText) {
    state.findings.push({ ruleId, statementIndex, at, excerpt: excerpt(excerptText ?? state.statements[statementIndex].text), message });
}
function locksTable(state, statementIndex, table) {
    if (!state.lockTimeoutSet && !state.schema.isNewTable(table))
        state.unprotectedLocks.push({ statementIndex, table });
}
/**
 * Prisma removes an enum value by recreating the type: the old type is renamed away and a
 * type with its name takes its place (created under that name, or created as `X_new` and
 * renamed). Found ahead of the walk so the column conversions can be attributed to it.
 */
function findEnumRecreations(statements, schema) {
    const renames = [];
    const created = [];
    statements.forEach((statement, index) => {
        const cursor = new Cursor(statement.tokens);
        if (cursor.accept("ALTER", "TYPE")) {
            const from = cursor.name();
            if (from && cursor.accept("RENAME", "TO")) {
                const to = cursor.name();
                if (to)
                    renames.push({ from, to, index });
            }
        }
        else if (cursor.accept("CREATE", "TYPE")) {
            const name = cursor.name();
            if (name)
                created.push({ name, index });
        }
    });
    const recreatedEnums = new Set();
    const replacementTypes = new Set();
    for (const rename of renames) {
        if (schema.isNewType(rename.from))
            continue;
        const renamedInto = renames.find((other) => other !== rename && other.to.key === rename.from.key);
        const createdAfter = created.find((other) => other.name.key === rename.from.key && other.index > rename.index);
        const replacement = renamedInto?.from ?? createdAfter?.name;
        if (!replacement)
            continue;
        recreatedEnums.add(rename.from.key);
        replacementTypes.add(replacement.key);
    }
    return { recreatedEnums, replacementTypes };
}
/** Tables named after REFERENCES: a foreign key locks them too, even from a new table. */
function referencedTables(tokens) {
    const names = [];
    tokens.forEach((token, k) => {
        const name = isWordToken(token, "REFERENCES") ? new Cursor(tokens.slice(k + 1)).name() : undefined;
        if (name)
            names.push(name);
    });
    return names;
}
/** Records the columns of CREATE TABLE ... ( ... ) with their types. */
function recordTableColumns(state, table, body) {
    for (const part of splitTopLevel(body)) {
        const cursor = new Cursor(part);
        if (cursor.isWord("CONSTRAINT") || cursor.isTableConstraint() || cursor.isWord("LIKE"))
            continue;
        const column = cursor.name();
        if (column)
            state.schema.setColumnType(table, column.key, readColumnType(cursor.rest()));
    }
}
function lintCreate(state, index, cursor) {
    cursor.accept("OR", "REPLACE");
    for (const modifier of ["UNLOGGED", "TEMPORARY", "TEMP", "GLOBAL", "LOCAL"])
        cursor.accept(modifier);
    // A view is a relation like a table: one this change creates is new, and may be dropped or renamed.
    if (cursor.accept("VIEW") || cursor.accept("MATERIALIZED", "VIEW")) {
        cursor.accept("IF", "NOT", "EXISTS");
        const view = cursor.name();
        if (view)
            state.schema.createTable(view);
        return;
    }
    if (cursor.accept("TABLE")) {
        cursor.accept("IF", "NOT", "EXISTS");
        const table = cursor.name();
        if (!table)
            return;
        state.schema.createTable(table);
        const open = cursor.peek();
        if (open?.kind === "punct" && open.text === "(") {
            const columns = new Cursor(cursor.rest());
            recordTableColumns(state, table, columnsBody(columns.rest()));
        }
        for (const referenced of referencedTables(cursor.rest()))
            locksTable(state, index, referenced);
        return;
    }
    if (cursor.accept("TYPE")) {
        const type = cursor.name();
        if (type && !state.replacementTypes.has(type.key))
            state.schema.addType(type);
        return;
    }
    cursor.accept("CONSTRAINT");
    if (cursor.accept("TRIGGER")) {
        const onIndex = cursor.rest().findIndex((token) => isWordToken(token, "ON"));
        const table = onIndex === -1 ? undefined : new Cursor(cursor.rest().slice(onIndex + 1)).name();
        if (table)
            locksTable(state, index, table);
        return;
    }
    const unique = cursor.accept("UNIQUE");
    if (!cursor.accept("INDEX"))
        return;
    const concurrently = cursor.accept("CONCURRENTLY");
    cursor.accept("IF", "NOT", "EXISTS");
    const indexName = cursor.isWord("ON") ? undefined : cursor.name();
    if (!cursor.accept("ON"))
        return;
    cursor.accept("ONLY");
    const table = cursor.name();
    if (indexName)
        state.schema.addIndex(indexName);
    if (table)
        state.schema.indexColumns(table, columnList(cursor.rest()) ?? []);
    if (!table || state.schema.isNewTable(table))
        return;
    const at = state.statements[index].tokens[0];
    if (!concurrently) {
        report(state, index, "create-index-without-concurrently", at, `Builds index ${indexName?.display ?? "(unnamed)"} on existing table ${table.display} while blocking writes to it.`);
        locksTable(state, index, table);
    }
    // CONCURRENTLY is the safe sequence itself: a duplicate fails only this build, leaving an
    // INVALID index to drop, and no lock blocks the table.
    if (unique && !concurrently) {
        const columns = columnList(cursor.rest());
        const onlyNewColumns = columns !== undefined && columns.every((column) => state.schema.isNewColumn(table, column));
        if (!onlyNewColumns) {
            report(state, index, "unique-on-existing-data", at, `Creates unique index ${indexName?.display ?? "(unnamed)"} over the existing rows of ${table.display}; a duplicate fails the migration.`);
        }
    }
}
/** The tokens between the parentheses that follow CREATE TABLE name. */
function columnsBody(tokens) {
    let depth = 0;
    for (let k = 0; k < tokens.length; k++) {
        if (tokens[k].kind === "punct" && tokens[k].text === "(")
            depth++;
        if (tokens[k].kind === "punct" && tokens[k].text === ")" && --depth === 0)
            return tokens.slice(1, k);
    }
    return tokens.slice(1);
}
function lintDrop(state, index, cursor) {
    const at = state.statements[index].tokens[0];
    if (cursor.accept("VIEW") || cursor.accept("MATERIALIZED", "VIEW")) {
        cursor.accept("IF", "EXISTS");
        for (const part of splitTopLevel(cursor.rest())) {
            const view = new Cursor(part).name();
            if (!view)
                continue;
            if (!state.schema.isNewTable(view))
                report(state, index, "drop-view", at, `Drops existing view ${view.display}.`);
            state.schema.dropTable(view);
        }
        return;
    }
    if (cursor.accept("TABLE")) {
        cursor.accept("IF", "EXISTS");
        for (const part of splitTopLevel(cursor.rest())) {
            const table = new Cursor(part).name();
            if (!table)
                continue;
            if (!state.schema.isNewTable(table)) {
                report(state, index, "drop-table", at, `Drops existing table ${table.display}.`);
                locksTable(state, index, table);
            }
            state.schema.dropTable(table);
        }
        return;
    }
    if (cursor.accept("INDEX")) {
        if (cursor.accept("CONCURRENTLY"))
            return;
        cursor.accept("IF", "EXISTS");
        for (const part of splitTopLevel(cursor.rest())) {
            const indexName = new Cursor(part).name();
            if (!indexName || state.schema.isNewIndex(indexName))
                continue;
            report(state, index, "drop-index-without-concurrently", at, `Drops index ${indexName.display} with a plain DROP INDEX, which locks its table against reads and writes.`);
            locksTable(state, index, indexName);
        }
        return;
    }
    if (cursor.accept("TRIGGER")) {
        cursor.accept("IF", "EXISTS");
        cursor.name();
        const table = cursor.accept("ON") ? cursor.name() : undefined;
        if (table)
            locksTable(state, index, table);
    }
}
function lintAlterType(state, index, cursor) {
    const type = cursor.name();
    if (!type)
        return;
    const at = state.statements[index].tokens[0];
    if (cursor.accept("RENAME", "VALUE")) {
        const value = cursor.peek()?.text;
        if (!state.schema.isNewType(type))
            report(state, index, "enum-value-rename", at, `Renames value ${value ?? ""} of existing enum ${type.display}; the running version still writes the old label.`);
        return;
    }
    if (!cursor.accept("RENAME", "TO"))
        return;
    const renamed = cursor.name();
    if (state.recreatedEnums.has(type.key)) {
        report(state, index, "enum-value-removal", at, `Recreates enum ${type.display} to remove a value; every column of that type is rewritten.`);
    }
    else if (renamed && state.schema.isNewType(type)) {
        state.schema.addType(renamed);
    }
    else if (renamed && !state.replacementTypes.has(type.key)) {
        // The replacement of a recreated enum takes the old name: that is the removal above, not a rename.
        report(state, index, "rename-type", at, `Renames existing type ${type.display} to ${renamed.display}.`);
    }
}
function lintAlterView(state, index, cursor) {
    cursor.accept("IF", "EXISTS");
    const view = cursor.name();
    if (!view || !cursor.accept("RENAME", "TO"))
        return;
    const renamed = cursor.name();
    if (!state.schema.isNewTable(view))
        report(state, index, "rename-view", state.statements[index].tokens[0], `Renames existing view ${view.display}${renamed ? ` to ${renamed.display}` : ""}.`);
    if (renamed)
        state.schema.renameTable(view, renamed);
}
const SERIAL_TYPES = ["SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2", "SERIAL4", "SERIAL8"];
const VOLATILE_FUNCTIONS = ["GEN_RANDOM_UUID", "UUID_GENERATE_V1", "UUID_GENERATE_V4", "UUIDV7", "RANDOM", "CLOCK_TIMESTAMP", "TIMEOFDAY", "NEXTVAL", "TXID_CURRENT"];
/** Why adding this column rewrites the whole table on `postgresVersion`, if it does. */
function tableRewriteOf(definitionTokens, words, postgresVersion) {
    if (words.some((word) => SERIAL_TYPES.includes(word)))
        return "a SERIAL column fills every existing row from its sequence";
    const generated = words.indexOf("GENERATED");
    if (generated !== -1 && words.includes("IDENTITY"))
        return "an IDENTITY column fills every existing row from its sequence";
    if (generated !== -1 && words.includes("STORED"))
        return "a stored generated column is computed for every existing row";
    const defaultAt = definitionTokens.findIndex((token) => isWordToken(token, "DEFAULT"));
    if (defaultAt === -1)
        return undefined;
    const defaultTokens = definitionTokens.slice(defaultAt + 1);
    if (defaultTokens.some((token) => token.kind === "word" && VOLATILE_FUNCTIONS.includes(token.text.toUpperCase()))) {
        return "a volatile default is evaluated for every existing row";
    }
    if (postgresVersion < 11) {
        return `PostgreSQL ${postgresVersion} writes the default into every existing row (11 and later store a constant default once)`;
    }
    return undefined;
}
/** The column of `CHECK (col IS NOT NULL)` (any parentheses around it), read from the tokens after CHECK. */
function notNullCheckColumn(afterCheck) {
    let condition = firstGroup(afterCheck);
    const wrapped = (tokens) => isPunct(tokens[0], "(") && firstGroup(tokens)?.length === tokens.length - 2;
    while (condition && wrapped(condition))
        condition = firstGroup(condition);
    if (!condition)
        return undefined;
    const cursor = new Cursor(condition);
    const column = cursor.name();
    return column && cursor.accept("IS", "NOT", "NULL") && cursor.done ? column.key : undefined;
}
function lintAlterTable(state, index, cursor) {
    const statement = state.statements[index];
    cursor.accept("IF", "EXISTS");
    cursor.accept("ONLY");
    const table = cursor.name();
    if (!table)
        return;
    const { schema } = state;
    const isNew = schema.isNewTable(table);
    const base = statement.tokens[0].offset;
    const firstAction = cursor.peek();
    const head = firstAction ? statement.text.slice(0, firstAction.offset - base).trim() : statement.text;
    if (cursor.accept("RENAME", "TO")) {
        const renamed = cursor.name();
        if (!isNew) {
            report(state, index, "rename-table", statement.tokens[0], `Renames existing table ${table.display}${renamed ? ` to ${renamed.display}` : ""}.`);
            locksTable(state, index, table);
        }
        if (renamed)
            schema.renameTable(table, renamed);
        return;
    }
    if (firstAction && cursor.isWord("RENAME") && !cursor.isWord("CONSTRAINT", 1)) {
        const at = firstAction;
        cursor.accept("RENAME");
        cursor.accept("COLUMN");
        const column = cursor.name();
        cursor.accept("TO");
        const renamed = cursor.name();
        if (column && !schema.isNewColumn(table, column.key)) {
            report(state, index, "rename-column", at, `Renames column ${column.display} of ${table.display}${renamed ? ` to ${renamed.display}` : ""}.`);
            locksTable(state, index, table);
        }
        if (column && renamed)
            schema.renameColumn(table, column.key, renamed.key);
        return;
    }
    let locksExisting = false;
    for (const action of splitTopLevel(cursor.rest())) {
        const at = action[0];
        const actionExcerpt = `${head} ${statement.text.slice(at.offset - base, action[action.length - 1].end - base)}`;
        const flag = (ruleId, message) => report(state, index, ruleId, at, message, actionExcerpt);
        const act = new Cursor(action);
        const notValid = hasWords(action, "NOT", "VALID");
        if (act.accept("VALIDATE", "CONSTRAINT")) {
            const constraint = act.name();
            if (!constraint)
                continue;
            schema.validateConstraint(table, constraint.key);
            if (state.notValidConstraints.has(`${table.key}.${constraint.key}`)) {
                const held = `the ADD's lock on ${table.display} is held through the whole scan`;
                flag("validate-in-same-transaction", `Validates ${constraint.display}, added NOT VALID earlier in this transaction: ${held}.`);
            }
            continue;
        }
        if (!isNew)
            locksExisting = true;
        if (act.accept("ADD")) {
            let constraintName;
            if (act.accept("CONSTRAINT"))
                constraintName = act.name();
            // Validating a new table's constraint scans nothing anyone waits for.
            if (notValid && constraintName && !isNew)
                state.notValidConstraints.add(`${table.key}.${constraintName.key}`);
            if (act.isWord("FOREIGN")) {
                for (const referenced of referencedTables(action))
                    locksTable(state, index, referenced);
                if (!isNew && !notValid)
                    flag("foreign-key-without-not-valid", `Adds a foreign key to existing table ${table.display} and validates every row while blocking writes.`);
            }
            else if (act.isWord("CHECK")) {
                const column = notNullCheckColumn(act.rest());
                if (column && constraintName)
                    schema.addNotNullCheck(table, constraintName.key, column, !notValid);
                if (!isNew && !notValid)
                    flag("check-constraint-without-not-valid", `Adds a check constraint to existing table ${table.display} and validates every row under an exclusive lock.`);
            }
            else if (act.isWord("UNIQUE") || act.isWord("PRIMARY")) {
                const usingIndex = hasWords(action, "USING", "INDEX");
                const columns = columnList(act.rest());
                const onlyNewColumns = columns !== undefined && columns.every((column) => schema.isNewColumn(table, column));
                if (!isNew && !usingIndex && !onlyNewColumns)
                    flag("unique-on-existing-data", `Adds a unique constraint to existing table ${table.display}, building its index over the existing rows; a duplicate fails the migration.`);
            }
            else if (!act.isWord("EXCLUDE")) {
                act.accept("COLUMN");
                act.accept("IF", "NOT", "EXISTS");
                const column = act.name();
                if (!column)
                    continue;
                const definitionTokens = act.rest();
                const words = topLevelWords(definitionTokens).map((token) => token.text.toUpperCase());
                const rewrite = tableRewriteOf(definitionTokens, words, state.postgresVersion);
                // A generated column (stored, virtual or identity) supplies its own value: never a required field without one.
                const hasDefault = rewrite !== undefined || words.includes("DEFAULT") || words.includes("GENERATED");
                const notNull = words.some((word, k) => word === "NOT" && words[k + 1] === "NULL") || words.includes("PRIMARY");
                const added = { nullsOnly: !hasDefault, requiredWithDefault: notNull && hasDefault, hasDefault };
                schema.addColumn(table, column.key, readColumnType(definitionTokens), added);
                if (isNew)
                    continue;
                if (notNull && !hasDefault)
                    flag("add-required-column-without-default", `Adds required column ${column.display} without a default to existing table ${table.display}.`);
                if (rewrite)
                    flag("add-column-rewrites-table", `Adds column ${column.display} to existing table ${table.display}: ${rewrite}, rewriting the table under an exclusive lock.`);
                if (words.includes("UNIQUE") || words.includes("PRIMARY"))
                    flag("add-column-with-unique", `Adds column ${column.display} with an inline ${words.includes("PRIMARY") ? "PRIMARY KEY" : "UNIQUE"} constraint: the index over ${table.display} is built under the ALTER TABLE's exclusive lock.`);
                if (words.includes("REFERENCES")) {
                    for (const referenced of referencedTables(definitionTokens))
                        locksTable(state, index, referenced);
                    flag("foreign-key-without-not-valid", `Adds column ${column.display} with an inline foreign key, validated against every row of ${table.display} while blocking writes.`);
                }
                if (words.includes("CHECK"))
                    flag("check-constraint-without-not-valid", `Adds column ${column.display} with an inline check constraint, validated against every row of ${table.display} under an exclusive lock.`);
            }
            continue;
        }
        if (act.accept("DROP")) {
            if (act.accept("CONSTRAINT")) {
                act.accept("IF", "EXISTS");
                const constraint = act.name();
                if (constraint)
                    schema.dropConstraint(table, constraint.key);
                continue;
            }
            act.accept("COLUMN");
            act.accept("IF", "EXISTS");
            const column = act.name();
            if (!column)
                continue;
            if (!isNew && !schema.isNewColumn(table, column.key))
                flag("drop-column", `Drops column ${column.display} of existing table ${table.display}.`);
            schema.dropColumn(table, column.key);
            continue;
        }
        if (act.accept("SET", "TABLESPACE")) {
            if (!isNew)
                flag("blocking-maintenance", `Moves existing table ${table.display} to another tablespace, rewriting it under an exclusive lock.`);
            continue;
        }
        if (!act.accept("ALTER"))
            continue;
        act.accept("COLUMN");
        const column = act.name();
        if (!column)
            continue;
        if (act.accept("SET", "DATA", "TYPE") || act.accept("TYPE")) {
            lintTypeChange(state, table, column, act, flag);
            continue;
        }
        if (isNew)
            continue;
        const added = schema.addedToExistingTable(table, column.key);
        if (act.accept("SET", "NOT", "NULL")) {
            const what = `column ${column.display} of existing table ${table.display}`;
            // With a default, the running version's inserts that leave the column out still get a value: only the scan remains.
            if (added && !added.hasDefault) {
                flag("new-column-made-required", `Makes column ${column.display}, added in this deploy, NOT NULL on existing table ${table.display}: the running version's inserts leave it out and fail.`);
            }
            else if (!schema.hasValidatedNotNullCheck(table, column.key)) {
                flag("set-not-null", `Makes ${what} NOT NULL, scanning every row under an exclusive lock.`);
            }
            else if (state.postgresVersion < 12) {
                const check = `the validated CHECK (${column.display} IS NOT NULL)`;
                flag("set-not-null", `Makes ${what} NOT NULL: PostgreSQL ${state.postgresVersion} scans every row under an exclusive lock even with ${check}; PostgreSQL 12 and later use the check and skip the scan.`);
            }
        }
        else if (act.accept("DROP", "NOT", "NULL")) {
            if (!added)
                flag("drop-not-null", `Makes column ${column.display} of existing table ${table.display} nullable; the running version may read NULL from it.`);
        }
        else if (act.accept("SET", "DEFAULT")) {
            if (added)
                added.hasDefault = true;
        }
        else if (act.accept("DROP", "DEFAULT")) {
            if (added)
                added.hasDefault = false;
            if (added?.requiredWithDefault)
                flag("new-column-made-required", `Drops the default of required column ${column.display}, added in this deploy to existing table ${table.display}: the running version's inserts leave it out and fail.`);
        }
    }
    if (locksExisting)
        locksTable(state, index, table);
}
function lintTypeChange(state, table, column, act, flag) {
    const { schema } = state;
    const typeTokens = act.rest();
    const to = readColumnType(typeTokens);
    const from = schema.columnType(table, column.key);
    schema.setColumnType(table, column.key, to);
    if (schema.isNewColumn(table, column.key))
        return;
    const converted = new Cursor(typeTokens).name();
    if (converted && state.replacementTypes.has(converted.key))
        return;
    const usingExpression = hasWords(typeTokens, "USING");
    if (from && to && !usingExpression && isRewriteFreeChange(from, to, schema.isIndexed(table, column.key)))
        return;
    const known = from && to ? ` from ${describeType(from)} to ${describeType(to)}` : "";
    flag("change-column-type", `Changes the type of column ${column.display} of existing table ${table.display}${known}.`);
}
function lintDataChange(state, index, cursor, verb) {
    cursor.accept("ONLY");
    const table = cursor.name();
    if (!table || state.schema.isNewTable(table))
        return;
    const rest = cursor.rest();
    const where = clauseAt(rest, "WHERE", ["RETURNING"]);
    const at = state.statements[index].tokens[0];
    if (verb === "UPDATE") {
        const hasFrom = clauseAt(rest, "FROM", ["WHERE", "RETURNING"]) !== undefined;
        const everyRow = whereCoversEveryRow(where, { hasFrom, isNullsOnlyColumn: (column) => state.schema.addedToExistingTable(table, column)?.nullsOnly ?? false });
        if (everyRow)
            report(state, index, "update-without-where", at, `Updates every row of existing table ${table.display} in one transaction${where ? " (the WHERE clause selects every row)" : ""}.`);
    }
    else if (where === undefined || whereCoversEveryRow(where, { hasFrom: false, isNullsOnlyColumn: () => false })) {
        report(state, index, "delete-without-where", at, `Deletes every row of existing table ${table.display}.`);
    }
}
function lintTruncate(state, index, cursor) {
    cursor.accept("TABLE");
    for (const part of splitTopLevel(cursor.rest())) {
        const tableCursor = new Cursor(part);
        tableCursor.accept("ONLY");
        const table = tableCursor.name();
        if (!table || state.schema.isNewTable(table))
            continue;
        report(state, index, "truncate", state.statements[index].tokens[0], `Empties existing table ${table.display}${hasWords(part, "CASCADE") ? " and every table referencing it" : ""}.`);
        locksTable(state, index, table);
    }
}
const VACUUM_WORDS = ["FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"];
/** VACUUM FULL, CLUSTER, REINDEX, REFRESH MATERIALIZED VIEW and ALTER INDEX: maintenance under strong locks. */
function lintMaintenance(state, index, cursor) {
    const at = state.statements[index].tokens[0];
    const flag = (message, table) => {
        if (table && state.schema.isNewTable(table))
            return;
        report(state, index, "blocking-maintenance", at, message);
        if (table)
            locksTable(state, index, table);
    };
    if (cursor.accept("VACUUM")) {
        const parenthesized = cursor.peek()?.text === "(";
        const options = parenthesized ? (columnList(cursor.rest()) ?? []) : [];
        if (parenthesized)
            cursor.index = cursor.tokens.findIndex((token) => token.text === ")") + 1;
        while (VACUUM_WORDS.some((word) => cursor.isWord(word)))
            options.push(cursor.peek().text.toLowerCase()), cursor.index++;
        if (!options.includes("full"))
            return true;
        const table = cursor.name();
        flag(`VACUUM FULL rewrites ${table?.display ?? "every table"} under an exclusive lock.`, table);
        return true;
    }
    if (cursor.accept("CLUSTER")) {
        cursor.accept("VERBOSE");
        const table = cursor.name();
        flag(`CLUSTER rewrites ${table?.display ?? "every clustered table"} under an exclusive lock.`, table);
        return true;
    }
    if (cursor.accept("REINDEX")) {
        if (cursor.peek()?.text === "(")
            cursor.index = cursor.tokens.findIndex((token) => token.text === ")") + 1;
        const kind = cursor.peek()?.text.toUpperCase();
        cursor.index++;
        if (cursor.accept("CONCURRENTLY"))
            return true;
        const target = cursor.name();
        flag(`REINDEX ${kind ?? ""} ${target?.display ?? ""} rebuilds indexes while blocking writes (and reads that use them).`.replace(/\s+/g, " "), kind === "TABLE" ? target : undefined);
        return true;
    }
    if (cursor.accept("REFRESH", "MATERIALIZED", "VIEW")) {
        if (cursor.accept("CONCURRENTLY"))
            return true;
        const view = cursor.name();
        flag(`Refreshes materialized view ${view?.display ?? ""} without CONCURRENTLY, blocking every read of it until the query finishes.`, view);
        return true;
    }
    if (cursor.accept("ALTER", "INDEX")) {
        cursor.accept("IF", "EXISTS");
        const indexName = cursor.name();
        if (!indexName || state.schema.isNewIndex(indexName))
            return true;
        if (cursor.accept("RENAME", "TO")) {
            const renamed = cursor.name();
            if (renamed)
                state.schema.addIndex(renamed);
            // SHARE UPDATE EXCLUSIVE since PostgreSQL 12: writes go on. Before, ACCESS EXCLUSIVE.
            if (state.postgresVersion < 12)
                locksTable(state, index, indexName);
            return true;
        }
        if (cursor.accept("SET", "TABLESPACE"))
            report(state, index, "blocking-maintenance", at, `Moves index ${indexName.display} to another tablespace, rebuilding it under an exclusive lock.`);
        locksTable(state, index, indexName);
        return true;
    }
    return false;
}
function lintLockTable(state, index, cursor) {
    cursor.accept("TABLE");
    const modeAt = cursor.rest().findIndex((token) => isWordToken(token, "IN"));
    const targets = modeAt === -1 ? cursor.rest() : cursor.rest().slice(0, modeAt);
    const mode = modeAt === -1 ? "ACCESS EXCLUSIVE" : topLevelWords(cursor.rest().slice(modeAt + 1)).map((token) => token.text.toUpperCase()).filter((word) => word !== "MODE" && word !== "NOWAIT").join(" ");
    for (const part of splitTopLevel(targets)) {
        const tableCursor = new Cursor(part);
        tableCursor.accept("ONLY");
        const table = tableCursor.name();
        if (!table || state.schema.isNewTable(table))
            continue;
        report(state, index, "lock-table", state.statements[index].tokens[0], `Locks existing table ${table.display} in ${mode} mode until the migration commits.`);
        locksTable(state, index, table);
    }
}
/**
 * BEGIN / START TRANSACTION; COMMIT / END / ROLLBACK / ABORT / PREPARE TRANSACTION, which end
 * the transaction; the same with AND CHAIN, which start the next one at once. Savepoints
 * (SAVEPOINT, RELEASE, ROLLBACK TO) and COMMIT/ROLLBACK PREPARED of another session's
 * transaction are not; undefined for those and anything else.
 */
function transactionControl(cursor) {
    if (cursor.isWord("BEGIN") || cursor.accept("START", "TRANSACTION"))
        return "begin";
    if (cursor.accept("PREPARE", "TRANSACTION"))
        return "end";
    if (!["COMMIT", "END", "ROLLBACK", "ABORT"].some((word) => cursor.isWord(word)))
        return undefined;
    const words = topLevelWords(cursor.rest()).map((token) => token.text.toUpperCase());
    if (words[1] === "PREPARED" || words.includes("TO"))
        return undefined;
    const chained = words.includes("CHAIN") && !words.includes("NO");
    return chained ? "end-and-begin" : "end";
}
function lintTransactionControl(state, index, control) {
    const at = state.statements[index].tokens[0];
    if (control === "begin") {
        if (state.openTransactions > 0)
            report(state, index, "unbalanced-transaction", at, "Starts a transaction inside an open one: PostgreSQL ignores this BEGIN, so the next COMMIT ends the outer transaction early.");
        state.openTransactions++;
        return;
    }
    // Whatever ends here, a constraint validated after it is validated in another transaction.
    state.notValidConstraints.clear();
    if (state.openTransactions === 0)
        report(state, index, "unbalanced-transaction", at, `${at.text.toUpperCase()} without a BEGIN before it ends the migration's own transaction halfway through the file.`);
    else if (control === "end")
        state.openTransactions--;
}
function setsLockTimeout(cursor) {
    if (!cursor.accept("SET"))
        return false;
    if (!cursor.accept("SESSION"))
        cursor.accept("LOCAL");
    const setting = cursor.peek();
    if (setting?.text.toLowerCase() !== "lock_timeout")
        return false;
    cursor.index++;
    if (cursor.peek()?.text === "=")
        cursor.index++;
    else
        cursor.accept("TO");
    const value = cursor.peek()?.text.replace(/'/g, "").trim();
    return value !== undefined && value !== "0" && value.toUpperCase() !== "DEFAULT";
}
/** The index operations PostgreSQL refuses to run inside a transaction block. */
function isConcurrentIndexOperation(statement) {
    const first = statement.tokens[0];
    if (!["CREATE", "DROP", "REINDEX", "ALTER", "REFRESH"].some((word) => isWordToken(first, word)))
        return false;
    return statement.tokens.some((token) => isWordToken(token, "CONCURRENTLY"));
}
function lintStatement(state, index) {
    const statement = state.statements[index];
    const cursor = new Cursor(statement.tokens);
    if (setsLockTimeout(new Cursor(statement.tokens))) {
        state.lockTimeoutSet = true;
        return;
    }
    const control = transactionControl(cursor);
    if (control)
        return lintTransactionControl(state, index, control);
    if (isConcurrentIndexOperation(statement) && state.statements.length > 1) {
        report(state, index, "concurrently-with-other-statements", statement.tokens[0], `Runs CONCURRENTLY in a file with ${state.statements.length - 1} other statement(s); PostgreSQL rejects it inside the file's implicit transaction (SQLSTATE 25001).`);
    }
    if (lintMaintenance(state, index, new Cursor(statement.tokens)))
        return;
    if (cursor.accept("CREATE"))
        lintCreate(state, index, cursor);
    else if (cursor.accept("DROP"))
        lintDrop(state, index, cursor);
    else if (cursor.accept("ALTER", "TABLE"))
        lintAlterTable(state, index, cursor);
    else if (cursor.accept("ALTER", "TYPE"))
        lintAlterType(state, index, cursor);
    else if (cursor.accept("ALTER", "VIEW") || cursor.accept("ALTER", "MATERIALIZED", "VIEW"))
        lintAlterView(state, index, cursor);
    else if (cursor.accept("UPDATE"))
        lintDataChange(state, index, cursor, "UPDATE");
    else if (cursor.accept("DELETE", "FROM"))
        lintDataChange(state, index, cursor, "DELETE");
    else if (cursor.accept("TRUNCATE"))
        lintTruncate(state, index, cursor);
    else if (cursor.accept("LOCK"))
        lintLockTable(state, index, cursor);
}
function reportMissingLockTimeout(state) {
    const [first] = state.unprotectedLocks;
    if (!first)
        return;
    const tables = [...new Map(state.unprotectedLocks.map(({ table }) => [table.key, table.display])).values()];
    const statementCount = new Set(state.unprotectedLocks.map(({ statementIndex }) => statementIndex)).size;
    report(state, first.statementIndex, "missing-lock-timeout", state.statements[first.statementIndex].tokens[0], `${statementCount} statement(s) lock existing objects (${tables.join(", ")}) with no SET lock_timeout before them.`);
}
function reportUnclosedTransaction(state) {
    if (state.openTransactions === 0)
        return;
    const lastBegin = state.statements.map((statement, index) => ({ statement, index })).filter(({ statement }) => transactionControl(new Cursor(statement.tokens)) === "begin").pop();
    if (!lastBegin)
        return;
    report(state, lastBegin.index, "unbalanced-transaction", lastBegin.statement.tokens[0], "BEGIN without a COMMIT before the end of the file: the file ends inside a transaction nobody commits.");
}
const SUPPRESSION = /^--\s*gate:ignore(?:\s+(\S+))?(?:\s+(.*))?$/;
function suppressionsOf(comments) {
    const found = [];
    for (const comment of comments) {
        const match = SUPPRESSION.exec(comment.text.trim());
        if (match)
            found.push({ ruleId: match[1] ?? "", reason: (match[2] ?? "").trim(), comment });
    }
    return found;
}
/** Suppressions on the statement's own lines or in the comment-only lines right above it. */
function suppressionsFor(statement, suppressions, lexed) {
    let firstLine = statement.line;
    while (firstLine > 1 && !lexed.codeLines.has(firstLine - 1) && lexed.commentLines.has(firstLine - 1))
        firstLine--;
    return suppressions.filter(({ comment }) => comment.line >= firstLine && comment.line <= statement.endLine);
}
function walkFile(sql, schema, postgresVersion) {
    const lexed = lex(sql);
    const statements = lexed.statements;
    const state = {
        statements,
        schema,
        findings: [],
        ...findEnumRecreations(statements, schema),
        postgresVersion,
        notValidConstraints: new Set(),
        lockTimeoutSet: false,
        unprotectedLocks: [],
        openTransactions: 0,
    };
    statements.forEach((_, index) => lintStatement(state, index));
    reportMissingLockTimeout(state);
    reportUnclosedTransaction(state);
    return { lexed, state };
}
function lintFile(file, schema, postgresVersion) {
    const { lexed, state } = walkFile(file.sql, schema, postgresVersion);
    const suppressions = suppressionsOf(lexed.comments);
    const findings = state.findings.map((raw) => {
        const rule = RULES[raw.ruleId];
        const finding = {
            ruleId: raw.ruleId,
            severity: rule.severity,
            file: file.path,
            line: raw.at.line,
            column: raw.at.column,
            statement: raw.excerpt,
            message: raw.message,
            why: rule.why,
            safeSequence: rule.safeSequence,
        };
        const suppression = suppressionsFor(state.statements[raw.statementIndex], suppressions, lexed).find((candidate) => candidate.ruleId === raw.ruleId && candidate.reason !== "");
        return suppression ? { ...finding, suppressed: true, suppressionReason: suppression.reason } : finding;
    });
    for (const { ruleId, reason, comment } of suppressions) {
        if (ruleId !== "" && reason !== "")
            continue;
        const rule = RULES["suppression-without-reason"];
        findings.push({
            ruleId: rule.id,
            severity: rule.severity,
            file: file.path,
            line: comment.line,
            statement: excerpt(comment.text),
            message: `This suppression is ignored: write it as -- gate:ignore ${ruleId || "<rule-id>"} <reason>.`,
            why: rule.why,
            safeSequence: rule.safeSequence,
        });
    }
    return findings;
}
/**
 * With a bounded lock wait, the lock-timeout findings of the files it covers collapse into one
 * suppressed note; the others say why the bound does not help them.
 */
function applyBoundedLockWait(findings, files, bound) {
    const uncovered = new Map(files.map((file) => [file.path, bound.uncovered(file.sql)]));
    const lockFindings = findings.filter((finding) => finding.ruleId === "missing-lock-timeout" && !finding.suppressed);
    const covered = lockFindings.filter((finding) => uncovered.get(finding.file) === undefined);
    const [first] = covered;
    return findings.flatMap((finding) => {
        if (!lockFindings.includes(finding))
            return [finding];
        const why = uncovered.get(finding.file);
        if (why !== undefined)
            return [{ ...finding, message: `${finding.message} ${why}.` }];
        if (finding !== first)
            return [];
        return [{ ...finding, message: `${covered.length} migration file(s) take locks on existing tables without SET lock_timeout; ${bound.reason}.`, suppressed: true, suppressionReason: bound.reason }];
    });
}
/**
 * Lints migration files given in the order Prisma applies them. A table counts as new when
 * one of these files created it; every other table is assumed to exist with data and traffic.
 */
function lintMigrations(files, options = {}) {
    const schema = new SchemaKnowledge();
    const postgresVersion = options.postgresVersion ?? OLDEST_SUPPORTED_POSTGRES;
    schema.recordingNew = false;
    for (const deployed of options.deployed ?? [])
        walkFile(deployed.sql, schema, postgresVersion);
    schema.recordingNew = true;
    const disabled = new Set(options.disabledRules ?? []);
    const findings = files.flatMap((file) => lintFile(file, schema, postgresVersion)
        .filter((finding) => !disabled.has(finding.ruleId))
        .sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0)));
    return options.boundedLockWait ? applyBoundedLockWait(findings, files, options.boundedLockWait) : findings;
}

// Expand or contract: what a pending migration does to the version of the application that is
// still running while it applies, and to the new version that is about to start.
// - expand: it only adds what a new version may start using (tables, columns, enum types and
//   values, views); the running version does not notice. Safe before the deploy.
// - contract: it removes or restricts what the running version may still use (the check's
//   rules below). Safe only once no running version needs it: after the deploy.
// - mixed: both at once (a rename, a column added and made required in one file); no moment
//   is safe for both versions.
// - neutral: neither (indexes, data changes, comments); safe either side of the deploy.
// A contract finding acknowledged with `-- gate:ignore <rule-id> <reason>` does not count:
// whoever wrote the reason has said the running version no longer uses what it removes
// (the usual second half of an expand → code → contract sequence). Pure.
/** The rules whose findings break a version that still uses what the migration removes or restricts. */
const CONTRACT_RULES = new Set(RULE_IDS.filter((id) => RULES[id].contract));
const table = (name) => ({ key: `table:${name.key}`, display: `table ${name.display}` });
// Views and tables share one namespace in PostgreSQL, so one key; shown for what they are.
const view = (name) => ({ key: `table:${name.key}`, display: `view ${name.display}` });
const column = (of, name) => ({ key: `column:${of.key}.${name.key}`, display: `column ${of.display}.${name.display}` });
const type = (name) => ({ key: `type:${name.key}`, display: `type ${name.display}` });
const value = (of, label) => ({ key: `value:${of.key}.${label}`, display: `value ${label} of ${of.display}` });
/**
 * The objects a file leaves behind that did not exist before it, in order. Creating and
 * renaming count; an object the same file drops again, or that takes the place of one it
 * removed (Prisma recreates an enum as `Role_new`, renames it to `Role`, drops the old one),
 * is no addition.
 */
class Additions {
    added = new Map();
    removed = new Set();
    create(object) {
        if (!this.removed.has(object.key))
            this.added.set(object.key, object.display);
    }
    drop(object) {
        this.added.delete(object.key);
        this.removed.add(object.key);
    }
    rename(from, to) {
        if (!this.added.delete(from.key))
            this.removed.add(from.key);
        this.create(to);
    }
    list() {
        return [...this.added.values()];
    }
}
function readCreate(cursor, additions) {
    cursor.accept("OR", "REPLACE");
    cursor.accept("UNLOGGED");
    cursor.accept("MATERIALIZED");
    const kind = cursor.accept("TABLE") ? table : cursor.accept("VIEW") ? view : cursor.accept("TYPE") ? type : undefined;
    cursor.accept("IF", "NOT", "EXISTS");
    const name = kind && cursor.name();
    if (kind && name)
        additions.create(kind(name));
}
function readDrop(cursor, additions) {
    cursor.accept("MATERIALIZED");
    const kind = cursor.accept("TABLE") ? table : cursor.accept("VIEW") ? view : cursor.accept("TYPE") ? type : undefined;
    cursor.accept("IF", "EXISTS");
    if (!kind)
        return;
    for (const part of splitTopLevel(cursor.rest())) {
        const name = new Cursor(part).name();
        if (name)
            additions.drop(kind(name));
    }
}
function readAlterType(cursor, additions) {
    const name = cursor.name();
    if (!name)
        return;
    if (cursor.accept("RENAME", "TO")) {
        const to = cursor.name();
        if (to)
            additions.rename(type(name), type(to));
    }
    else if (cursor.accept("ADD", "VALUE")) {
        cursor.accept("IF", "NOT", "EXISTS");
        const label = cursor.peek();
        if (label?.kind === "string")
            additions.create(value(name, label.text));
    }
    else if (cursor.accept("RENAME", "VALUE")) {
        const from = cursor.peek();
        const to = cursor.peek(2);
        if (from?.kind === "string" && isWordToken(cursor.peek(1), "TO") && to?.kind === "string")
            additions.rename(value(name, from.text), value(name, to.text));
    }
}
/** ALTER TABLE or ALTER VIEW, the keywords read: a rename of the relation, or its columns' actions. */
function readAlterRelation(cursor, relation, additions) {
    cursor.accept("IF", "EXISTS");
    cursor.accept("ONLY");
    const name = cursor.name();
    if (!name)
        return;
    if (cursor.accept("RENAME", "TO")) {
        const to = cursor.name();
        if (to)
            additions.rename(relation(name), relation(to));
        return;
    }
    for (const action of splitTopLevel(cursor.rest())) {
        const act = new Cursor(action);
        if (act.accept("RENAME")) {
            if (act.isWord("CONSTRAINT"))
                continue;
            act.accept("COLUMN");
            const from = act.name();
            act.accept("TO");
            const to = act.name();
            if (from && to)
                additions.rename(column(name, from), column(name, to));
        }
        else if (act.accept("ADD")) {
            if (act.isWord("CONSTRAINT") || act.isTableConstraint())
                continue;
            act.accept("COLUMN");
            act.accept("IF", "NOT", "EXISTS");
            const added = act.name();
            if (added)
                additions.create(column(name, added));
        }
        else if (act.accept("DROP")) {
            if (act.isWord("CONSTRAINT"))
                continue;
            act.accept("COLUMN");
            act.accept("IF", "EXISTS");
            const dropped = act.name();
            if (dropped)
                additions.drop(column(name, dropped));
        }
    }
}
function additionsOf(statements) {
    const additions = new Additions();
    for (const statement of statements) {
        const cursor = new Cursor(statement.tokens);
        if (cursor.accept("CREATE"))
            readCreate(cursor, additions);
        else if (cursor.accept("DROP"))
            readDrop(cursor, additions);
        else if (cursor.accept("ALTER", "TYPE"))
            readAlterType(cursor, additions);
        else if (cursor.accept("ALTER", "TABLE"))
            readAlterRelation(cursor, table, additions);
        else if (cursor.accept("ALTER", "VIEW") || cursor.accept("ALTER", "MATERIALIZED", "VIEW"))
            readAlterRelation(cursor, view, additions);
    }
    return additions.list();
}
function phaseOf(counted, additions) {
    if (counted.length > 0)
        return additions.length > 0 ? "mixed" : "contract";
    return additions.length > 0 ? "expand" : "neutral";
}
function contractStep(finding) {
    return { ruleId: finding.ruleId, line: finding.line, ...(finding.suppressed ? { acknowledged: finding.suppressionReason } : {}) };
}
/**
 * Classifies the pending migrations, in the order Prisma applies them. `applied` are the
 * migrations the database already has: the linter reads them to know which tables exist and
 * what their columns' types are (a table an earlier pending migration creates is new, so
 * restricting it breaks nobody).
 */
function classifyMigrations(pending, applied) {
    const findings = lintMigrations(pending.map((migration) => ({ path: migration.name, sql: migration.sql })), { deployed: applied.map((migration) => ({ path: migration.name, sql: migration.sql })) });
    return pending.map((migration) => {
        const contractSteps = findings.filter((finding) => finding.file === migration.name && CONTRACT_RULES.has(finding.ruleId)).map(contractStep);
        const additions = additionsOf(splitStatements(migration.sql));
        const counted = contractSteps.filter((step) => step.acknowledged === undefined);
        return { name: migration.name, phase: phaseOf(counted, additions), contractSteps, additions };
    });
}
/** Whether the running version may break once it is applied. */
function breaksRunningVersion(migration) {
    return migration.phase === "contract" || migration.phase === "mixed";
}

export { Cursor as C, RULES as R, columnList as a, breaksRunningVersion as b, classifyMigrations as c, hasWords as h, isWordToken as i, lintMigrations as l, splitTopLevel as s };
