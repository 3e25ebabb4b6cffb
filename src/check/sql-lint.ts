// Lints the SQL of new or changed migration files for operations that hurt an application
// serving traffic while `migrate deploy` runs. Pure: no I/O, so the check can run on any
// pull request without a database. It reads SQL the way PostgreSQL tokenizes it (quotes,
// dollar quotes, nested comments) but only recognizes the statement shapes the rules need;
// anything else passes silently rather than producing guesses.
import { lex, type Lexed, type SqlComment, type SqlStatement, type SqlToken } from "../sql/lexer.js";
import { describeType, isRewriteFreeChange, readColumnType } from "./column-types.js";
import { OLDEST_SUPPORTED_POSTGRES } from "./postgres-version.js";
import { RULES, type RuleId, type Severity } from "./rules.js";
import { SchemaKnowledge } from "./schema-knowledge.js";
import { Cursor, columnList, firstGroup, hasWords, isPunct, isWordToken, splitTopLevel, topLevelWords, type Name } from "./sql-cursor.js";
import { clauseAt, whereCoversEveryRow } from "./where-clause.js";

export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  file: string;
  line: number;
  column?: number;
  /** A short excerpt of the offending statement. */
  statement: string;
  message: string;
  why: string;
  safeSequence: string;
  /** Set when a `-- gate:ignore <rule-id> <reason>` comment covers the finding, or the deploy is protected otherwise. */
  suppressed?: true;
  suppressionReason?: string;
}

export interface MigrationFile {
  path: string;
  sql: string;
}

export interface BoundedLockWait {
  /** How the deploy bounds the wait: the reason the covered findings are suppressed with. */
  reason: string;
  /** Why the bound does not reach this file's lock waits; undefined when it does. */
  uncovered(sql: string): string | undefined;
}

export interface LintOptions {
  /** Rules the project turned off; their findings are dropped entirely, not suppressed. */
  disabledRules?: readonly RuleId[];
  /**
   * Migrations already deployed before the linted ones, in apply order. They are not linted;
   * the linter reads them to know the existing columns' types (a widening type change is
   * then no finding). Tables they create count as existing.
   */
  deployed?: readonly MigrationFile[];
  /**
   * Set when the deploy itself bounds how long a migration may wait for a lock (the gate's
   * ddl-lock-wait). missing-lock-timeout for the files it covers is then reported once, as
   * suppressed with that reason; for a file it does not cover, the finding says why.
   */
  boundedLockWait?: BoundedLockWait;
  /**
   * The PostgreSQL major the migrations will run on (e.g. 16, or 9.6); what a statement locks or
   * rewrites depends on it. Default: OLDEST_SUPPORTED_POSTGRES.
   */
  postgresVersion?: number;
}

interface RawFinding {
  ruleId: RuleId;
  statementIndex: number;
  at: SqlToken;
  excerpt: string;
  message: string;
}

interface FileState {
  readonly statements: readonly SqlStatement[];
  readonly schema: SchemaKnowledge;
  readonly findings: RawFinding[];
  /** Enum types being recreated in this file (the old name), and the types replacing them. */
  readonly recreatedEnums: Set<string>;
  readonly replacementTypes: Set<string>;
  readonly postgresVersion: number;
  /**
   * Constraints (`table.constraint`) added NOT VALID in the open transaction: validating them in
   * the same transaction holds the ADD's lock through the scan. Emptied when a transaction ends.
   */
  readonly notValidConstraints: Set<string>;
  lockTimeoutSet: boolean;
  /** Statements that take a lock conflicting with writes on an existing table before any SET lock_timeout. */
  readonly unprotectedLocks: Array<{ statementIndex: number; table: Name }>;
  /** BEGIN / COMMIT seen so far: open explicit transaction blocks. */
  openTransactions: number;
}

const EXCERPT_LENGTH = 120;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

function report(state: FileState, statementIndex: number, ruleId: RuleId, at: SqlToken, message: string, excerptText?: string) {
  state.findings.push({ ruleId, statementIndex, at, excerpt: excerpt(excerptText ?? state.statements[statementIndex].text), message });
}

function locksTable(state: FileState, statementIndex: number, table: Name): void {
  if (!state.lockTimeoutSet && !state.schema.isNewTable(table)) state.unprotectedLocks.push({ statementIndex, table });
}

/**
 * Prisma removes an enum value by recreating the type: the old type is renamed away and a
 * type with its name takes its place (created under that name, or created as `X_new` and
 * renamed). Found ahead of the walk so the column conversions can be attributed to it.
 */
function findEnumRecreations(statements: readonly SqlStatement[], schema: SchemaKnowledge): Pick<FileState, "recreatedEnums" | "replacementTypes"> {
  const renames: Array<{ from: Name; to: Name; index: number }> = [];
  const created: Array<{ name: Name; index: number }> = [];
  statements.forEach((statement, index) => {
    const cursor = new Cursor(statement.tokens);
    if (cursor.accept("ALTER", "TYPE")) {
      const from = cursor.name();
      if (from && cursor.accept("RENAME", "TO")) {
        const to = cursor.name();
        if (to) renames.push({ from, to, index });
      }
    } else if (cursor.accept("CREATE", "TYPE")) {
      const name = cursor.name();
      if (name) created.push({ name, index });
    }
  });
  const recreatedEnums = new Set<string>();
  const replacementTypes = new Set<string>();
  for (const rename of renames) {
    if (schema.isNewType(rename.from)) continue;
    const renamedInto = renames.find((other) => other !== rename && other.to.key === rename.from.key);
    const createdAfter = created.find((other) => other.name.key === rename.from.key && other.index > rename.index);
    const replacement = renamedInto?.from ?? createdAfter?.name;
    if (!replacement) continue;
    recreatedEnums.add(rename.from.key);
    replacementTypes.add(replacement.key);
  }
  return { recreatedEnums, replacementTypes };
}

/** Tables named after REFERENCES: a foreign key locks them too, even from a new table. */
function referencedTables(tokens: readonly SqlToken[]): Name[] {
  const names: Name[] = [];
  tokens.forEach((token, k) => {
    const name = isWordToken(token, "REFERENCES") ? new Cursor(tokens.slice(k + 1)).name() : undefined;
    if (name) names.push(name);
  });
  return names;
}

/** Records the columns of CREATE TABLE ... ( ... ) with their types. */
function recordTableColumns(state: FileState, table: Name, body: readonly SqlToken[]): void {
  for (const part of splitTopLevel(body)) {
    const cursor = new Cursor(part);
    if (cursor.isWord("CONSTRAINT") || cursor.isTableConstraint() || cursor.isWord("LIKE")) continue;
    const column = cursor.name();
    if (column) state.schema.setColumnType(table, column.key, readColumnType(cursor.rest()));
  }
}

function lintCreate(state: FileState, index: number, cursor: Cursor): void {
  cursor.accept("OR", "REPLACE");
  for (const modifier of ["UNLOGGED", "TEMPORARY", "TEMP", "GLOBAL", "LOCAL"]) cursor.accept(modifier);
  // A view is a relation like a table: one this change creates is new, and may be dropped or renamed.
  if (cursor.accept("VIEW") || cursor.accept("MATERIALIZED", "VIEW")) {
    cursor.accept("IF", "NOT", "EXISTS");
    const view = cursor.name();
    if (view) state.schema.createTable(view);
    return;
  }
  if (cursor.accept("TABLE")) {
    cursor.accept("IF", "NOT", "EXISTS");
    const table = cursor.name();
    if (!table) return;
    state.schema.createTable(table);
    const open = cursor.peek();
    if (open?.kind === "punct" && open.text === "(") {
      const columns = new Cursor(cursor.rest());
      recordTableColumns(state, table, columnsBody(columns.rest()));
    }
    for (const referenced of referencedTables(cursor.rest())) locksTable(state, index, referenced);
    return;
  }
  if (cursor.accept("TYPE")) {
    const type = cursor.name();
    if (type && !state.replacementTypes.has(type.key)) state.schema.addType(type);
    return;
  }
  cursor.accept("CONSTRAINT");
  if (cursor.accept("TRIGGER")) {
    const onIndex = cursor.rest().findIndex((token) => isWordToken(token, "ON"));
    const table = onIndex === -1 ? undefined : new Cursor(cursor.rest().slice(onIndex + 1)).name();
    if (table) locksTable(state, index, table);
    return;
  }
  const unique = cursor.accept("UNIQUE");
  if (!cursor.accept("INDEX")) return;
  const concurrently = cursor.accept("CONCURRENTLY");
  cursor.accept("IF", "NOT", "EXISTS");
  const indexName = cursor.isWord("ON") ? undefined : cursor.name();
  if (!cursor.accept("ON")) return;
  cursor.accept("ONLY");
  const table = cursor.name();
  if (indexName) state.schema.addIndex(indexName);
  if (table) state.schema.indexColumns(table, columnList(cursor.rest()) ?? []);
  if (!table || state.schema.isNewTable(table)) return;
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
function columnsBody(tokens: readonly SqlToken[]): SqlToken[] {
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].kind === "punct" && tokens[k].text === "(") depth++;
    if (tokens[k].kind === "punct" && tokens[k].text === ")" && --depth === 0) return tokens.slice(1, k);
  }
  return tokens.slice(1);
}

function lintDrop(state: FileState, index: number, cursor: Cursor): void {
  const at = state.statements[index].tokens[0];
  if (cursor.accept("VIEW") || cursor.accept("MATERIALIZED", "VIEW")) {
    cursor.accept("IF", "EXISTS");
    for (const part of splitTopLevel(cursor.rest())) {
      const view = new Cursor(part).name();
      if (!view) continue;
      if (!state.schema.isNewTable(view)) report(state, index, "drop-view", at, `Drops existing view ${view.display}.`);
      state.schema.dropTable(view);
    }
    return;
  }
  if (cursor.accept("TABLE")) {
    cursor.accept("IF", "EXISTS");
    for (const part of splitTopLevel(cursor.rest())) {
      const table = new Cursor(part).name();
      if (!table) continue;
      if (!state.schema.isNewTable(table)) {
        report(state, index, "drop-table", at, `Drops existing table ${table.display}.`);
        locksTable(state, index, table);
      }
      state.schema.dropTable(table);
    }
    return;
  }
  if (cursor.accept("INDEX")) {
    if (cursor.accept("CONCURRENTLY")) return;
    cursor.accept("IF", "EXISTS");
    for (const part of splitTopLevel(cursor.rest())) {
      const indexName = new Cursor(part).name();
      if (!indexName || state.schema.isNewIndex(indexName)) continue;
      report(state, index, "drop-index-without-concurrently", at, `Drops index ${indexName.display} with a plain DROP INDEX, which locks its table against reads and writes.`);
      locksTable(state, index, indexName);
    }
    return;
  }
  if (cursor.accept("TRIGGER")) {
    cursor.accept("IF", "EXISTS");
    cursor.name();
    const table = cursor.accept("ON") ? cursor.name() : undefined;
    if (table) locksTable(state, index, table);
  }
}

function lintAlterType(state: FileState, index: number, cursor: Cursor): void {
  const type = cursor.name();
  if (!type) return;
  const at = state.statements[index].tokens[0];
  if (cursor.accept("RENAME", "VALUE")) {
    const value = cursor.peek()?.text;
    if (!state.schema.isNewType(type)) report(state, index, "enum-value-rename", at, `Renames value ${value ?? ""} of existing enum ${type.display}; the running version still writes the old label.`);
    return;
  }
  if (!cursor.accept("RENAME", "TO")) return;
  const renamed = cursor.name();
  if (state.recreatedEnums.has(type.key)) {
    report(state, index, "enum-value-removal", at, `Recreates enum ${type.display} to remove a value; every column of that type is rewritten.`);
  } else if (renamed && state.schema.isNewType(type)) {
    state.schema.addType(renamed);
  } else if (renamed && !state.replacementTypes.has(type.key)) {
    // The replacement of a recreated enum takes the old name: that is the removal above, not a rename.
    report(state, index, "rename-type", at, `Renames existing type ${type.display} to ${renamed.display}.`);
  }
}

function lintAlterView(state: FileState, index: number, cursor: Cursor): void {
  cursor.accept("IF", "EXISTS");
  const view = cursor.name();
  if (!view || !cursor.accept("RENAME", "TO")) return;
  const renamed = cursor.name();
  if (!state.schema.isNewTable(view)) report(state, index, "rename-view", state.statements[index].tokens[0], `Renames existing view ${view.display}${renamed ? ` to ${renamed.display}` : ""}.`);
  if (renamed) state.schema.renameTable(view, renamed);
}

const SERIAL_TYPES = ["SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2", "SERIAL4", "SERIAL8"];
const VOLATILE_FUNCTIONS = ["GEN_RANDOM_UUID", "UUID_GENERATE_V1", "UUID_GENERATE_V4", "UUIDV7", "RANDOM", "CLOCK_TIMESTAMP", "TIMEOFDAY", "NEXTVAL", "TXID_CURRENT"];

/** Why adding this column rewrites the whole table on `postgresVersion`, if it does. */
function tableRewriteOf(definitionTokens: readonly SqlToken[], words: readonly string[], postgresVersion: number): string | undefined {
  if (words.some((word) => SERIAL_TYPES.includes(word))) return "a SERIAL column fills every existing row from its sequence";
  const generated = words.indexOf("GENERATED");
  if (generated !== -1 && words.includes("IDENTITY")) return "an IDENTITY column fills every existing row from its sequence";
  if (generated !== -1 && words.includes("STORED")) return "a stored generated column is computed for every existing row";
  const defaultAt = definitionTokens.findIndex((token) => isWordToken(token, "DEFAULT"));
  if (defaultAt === -1) return undefined;
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
function notNullCheckColumn(afterCheck: readonly SqlToken[]): string | undefined {
  let condition = firstGroup(afterCheck);
  const wrapped = (tokens: SqlToken[]) => isPunct(tokens[0], "(") && firstGroup(tokens)?.length === tokens.length - 2;
  while (condition && wrapped(condition)) condition = firstGroup(condition);
  if (!condition) return undefined;
  const cursor = new Cursor(condition);
  const column = cursor.name();
  return column && cursor.accept("IS", "NOT", "NULL") && cursor.done ? column.key : undefined;
}

function lintAlterTable(state: FileState, index: number, cursor: Cursor): void {
  const statement = state.statements[index];
  cursor.accept("IF", "EXISTS");
  cursor.accept("ONLY");
  const table = cursor.name();
  if (!table) return;
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
    if (renamed) schema.renameTable(table, renamed);
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
    if (column && renamed) schema.renameColumn(table, column.key, renamed.key);
    return;
  }

  let locksExisting = false;
  for (const action of splitTopLevel(cursor.rest())) {
    const at = action[0];
    const actionExcerpt = `${head} ${statement.text.slice(at.offset - base, action[action.length - 1].end - base)}`;
    const flag = (ruleId: RuleId, message: string) => report(state, index, ruleId, at, message, actionExcerpt);
    const act = new Cursor(action);
    const notValid = hasWords(action, "NOT", "VALID");

    if (act.accept("VALIDATE", "CONSTRAINT")) {
      const constraint = act.name();
      if (!constraint) continue;
      schema.validateConstraint(table, constraint.key);
      if (state.notValidConstraints.has(`${table.key}.${constraint.key}`)) {
        const held = `the ADD's lock on ${table.display} is held through the whole scan`;
        flag("validate-in-same-transaction", `Validates ${constraint.display}, added NOT VALID earlier in this transaction: ${held}.`);
      }
      continue;
    }
    if (!isNew) locksExisting = true;
    if (act.accept("ADD")) {
      let constraintName: Name | undefined;
      if (act.accept("CONSTRAINT")) constraintName = act.name();
      // Validating a new table's constraint scans nothing anyone waits for.
      if (notValid && constraintName && !isNew) state.notValidConstraints.add(`${table.key}.${constraintName.key}`);
      if (act.isWord("FOREIGN")) {
        for (const referenced of referencedTables(action)) locksTable(state, index, referenced);
        if (!isNew && !notValid) flag("foreign-key-without-not-valid", `Adds a foreign key to existing table ${table.display} and validates every row while blocking writes.`);
      } else if (act.isWord("CHECK")) {
        const column = notNullCheckColumn(act.rest());
        if (column && constraintName) schema.addNotNullCheck(table, constraintName.key, column, !notValid);
        if (!isNew && !notValid) flag("check-constraint-without-not-valid", `Adds a check constraint to existing table ${table.display} and validates every row under an exclusive lock.`);
      } else if (act.isWord("UNIQUE") || act.isWord("PRIMARY")) {
        const usingIndex = hasWords(action, "USING", "INDEX");
        const columns = columnList(act.rest());
        const onlyNewColumns = columns !== undefined && columns.every((column) => schema.isNewColumn(table, column));
        if (!isNew && !usingIndex && !onlyNewColumns) flag("unique-on-existing-data", `Adds a unique constraint to existing table ${table.display}, building its index over the existing rows; a duplicate fails the migration.`);
      } else if (!act.isWord("EXCLUDE")) {
        act.accept("COLUMN");
        act.accept("IF", "NOT", "EXISTS");
        const column = act.name();
        if (!column) continue;
        const definitionTokens = act.rest();
        const words = topLevelWords(definitionTokens).map((token) => token.text.toUpperCase());
        const rewrite = tableRewriteOf(definitionTokens, words, state.postgresVersion);
        // A generated column (stored, virtual or identity) supplies its own value: never a required field without one.
        const hasDefault = rewrite !== undefined || words.includes("DEFAULT") || words.includes("GENERATED");
        const notNull = words.some((word, k) => word === "NOT" && words[k + 1] === "NULL") || words.includes("PRIMARY");
        const added = { nullsOnly: !hasDefault, requiredWithDefault: notNull && hasDefault, hasDefault };
        schema.addColumn(table, column.key, readColumnType(definitionTokens), added);
        if (isNew) continue;
        if (notNull && !hasDefault) flag("add-required-column-without-default", `Adds required column ${column.display} without a default to existing table ${table.display}.`);
        if (rewrite) flag("add-column-rewrites-table", `Adds column ${column.display} to existing table ${table.display}: ${rewrite}, rewriting the table under an exclusive lock.`);
        if (words.includes("UNIQUE") || words.includes("PRIMARY")) flag("add-column-with-unique", `Adds column ${column.display} with an inline ${words.includes("PRIMARY") ? "PRIMARY KEY" : "UNIQUE"} constraint: the index over ${table.display} is built under the ALTER TABLE's exclusive lock.`);
        if (words.includes("REFERENCES")) {
          for (const referenced of referencedTables(definitionTokens)) locksTable(state, index, referenced);
          flag("foreign-key-without-not-valid", `Adds column ${column.display} with an inline foreign key, validated against every row of ${table.display} while blocking writes.`);
        }
        if (words.includes("CHECK")) flag("check-constraint-without-not-valid", `Adds column ${column.display} with an inline check constraint, validated against every row of ${table.display} under an exclusive lock.`);
      }
      continue;
    }
    if (act.accept("DROP")) {
      if (act.accept("CONSTRAINT")) {
        act.accept("IF", "EXISTS");
        const constraint = act.name();
        if (constraint) schema.dropConstraint(table, constraint.key);
        continue;
      }
      act.accept("COLUMN");
      act.accept("IF", "EXISTS");
      const column = act.name();
      if (!column) continue;
      if (!isNew && !schema.isNewColumn(table, column.key)) flag("drop-column", `Drops column ${column.display} of existing table ${table.display}.`);
      schema.dropColumn(table, column.key);
      continue;
    }
    if (act.accept("SET", "TABLESPACE")) {
      if (!isNew) flag("blocking-maintenance", `Moves existing table ${table.display} to another tablespace, rewriting it under an exclusive lock.`);
      continue;
    }
    if (!act.accept("ALTER")) continue;
    act.accept("COLUMN");
    const column = act.name();
    if (!column) continue;
    if (act.accept("SET", "DATA", "TYPE") || act.accept("TYPE")) {
      lintTypeChange(state, table, column, act, flag);
      continue;
    }
    if (isNew) continue;
    const added = schema.addedToExistingTable(table, column.key);
    if (act.accept("SET", "NOT", "NULL")) {
      const what = `column ${column.display} of existing table ${table.display}`;
      // With a default, the running version's inserts that leave the column out still get a value: only the scan remains.
      if (added && !added.hasDefault) {
        flag("new-column-made-required", `Makes column ${column.display}, added in this deploy, NOT NULL on existing table ${table.display}: the running version's inserts leave it out and fail.`);
      } else if (!schema.hasValidatedNotNullCheck(table, column.key)) {
        flag("set-not-null", `Makes ${what} NOT NULL, scanning every row under an exclusive lock.`);
      } else if (state.postgresVersion < 12) {
        const check = `the validated CHECK (${column.display} IS NOT NULL)`;
        flag("set-not-null", `Makes ${what} NOT NULL: PostgreSQL ${state.postgresVersion} scans every row under an exclusive lock even with ${check}; PostgreSQL 12 and later use the check and skip the scan.`);
      }
    } else if (act.accept("DROP", "NOT", "NULL")) {
      if (!added) flag("drop-not-null", `Makes column ${column.display} of existing table ${table.display} nullable; the running version may read NULL from it.`);
    } else if (act.accept("SET", "DEFAULT")) {
      if (added) added.hasDefault = true;
    } else if (act.accept("DROP", "DEFAULT")) {
      if (added) added.hasDefault = false;
      if (added?.requiredWithDefault) flag("new-column-made-required", `Drops the default of required column ${column.display}, added in this deploy to existing table ${table.display}: the running version's inserts leave it out and fail.`);
    }
  }
  if (locksExisting) locksTable(state, index, table);
}

function lintTypeChange(state: FileState, table: Name, column: Name, act: Cursor, flag: (ruleId: RuleId, message: string) => void): void {
  const { schema } = state;
  const typeTokens = act.rest();
  const to = readColumnType(typeTokens);
  const from = schema.columnType(table, column.key);
  schema.setColumnType(table, column.key, to);
  if (schema.isNewColumn(table, column.key)) return;
  const converted = new Cursor(typeTokens).name();
  if (converted && state.replacementTypes.has(converted.key)) return;
  const usingExpression = hasWords(typeTokens, "USING");
  if (from && to && !usingExpression && isRewriteFreeChange(from, to, schema.isIndexed(table, column.key))) return;
  const known = from && to ? ` from ${describeType(from)} to ${describeType(to)}` : "";
  flag("change-column-type", `Changes the type of column ${column.display} of existing table ${table.display}${known}.`);
}

function lintDataChange(state: FileState, index: number, cursor: Cursor, verb: "UPDATE" | "DELETE"): void {
  cursor.accept("ONLY");
  const table = cursor.name();
  if (!table || state.schema.isNewTable(table)) return;
  const rest = cursor.rest();
  const where = clauseAt(rest, "WHERE", ["RETURNING"]);
  const at = state.statements[index].tokens[0];
  if (verb === "UPDATE") {
    const hasFrom = clauseAt(rest, "FROM", ["WHERE", "RETURNING"]) !== undefined;
    const everyRow = whereCoversEveryRow(where, { hasFrom, isNullsOnlyColumn: (column) => state.schema.addedToExistingTable(table, column)?.nullsOnly ?? false });
    if (everyRow) report(state, index, "update-without-where", at, `Updates every row of existing table ${table.display} in one transaction${where ? " (the WHERE clause selects every row)" : ""}.`);
  } else if (where === undefined || whereCoversEveryRow(where, { hasFrom: false, isNullsOnlyColumn: () => false })) {
    report(state, index, "delete-without-where", at, `Deletes every row of existing table ${table.display}.`);
  }
}

function lintTruncate(state: FileState, index: number, cursor: Cursor): void {
  cursor.accept("TABLE");
  for (const part of splitTopLevel(cursor.rest())) {
    const tableCursor = new Cursor(part);
    tableCursor.accept("ONLY");
    const table = tableCursor.name();
    if (!table || state.schema.isNewTable(table)) continue;
    report(state, index, "truncate", state.statements[index].tokens[0], `Empties existing table ${table.display}${hasWords(part, "CASCADE") ? " and every table referencing it" : ""}.`);
    locksTable(state, index, table);
  }
}

const VACUUM_WORDS = ["FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"];

/** VACUUM FULL, CLUSTER, REINDEX, REFRESH MATERIALIZED VIEW and ALTER INDEX: maintenance under strong locks. */
function lintMaintenance(state: FileState, index: number, cursor: Cursor): boolean {
  const at = state.statements[index].tokens[0];
  const flag = (message: string, table?: Name) => {
    if (table && state.schema.isNewTable(table)) return;
    report(state, index, "blocking-maintenance", at, message);
    if (table) locksTable(state, index, table);
  };
  if (cursor.accept("VACUUM")) {
    const parenthesized = cursor.peek()?.text === "(";
    const options = parenthesized ? (columnList(cursor.rest()) ?? []) : [];
    if (parenthesized) cursor.index = cursor.tokens.findIndex((token) => token.text === ")") + 1;
    while (VACUUM_WORDS.some((word) => cursor.isWord(word))) options.push((cursor.peek() as SqlToken).text.toLowerCase()), cursor.index++;
    if (!options.includes("full")) return true;
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
    if (cursor.peek()?.text === "(") cursor.index = cursor.tokens.findIndex((token) => token.text === ")") + 1;
    const kind = cursor.peek()?.text.toUpperCase();
    cursor.index++;
    if (cursor.accept("CONCURRENTLY")) return true;
    const target = cursor.name();
    flag(`REINDEX ${kind ?? ""} ${target?.display ?? ""} rebuilds indexes while blocking writes (and reads that use them).`.replace(/\s+/g, " "), kind === "TABLE" ? target : undefined);
    return true;
  }
  if (cursor.accept("REFRESH", "MATERIALIZED", "VIEW")) {
    if (cursor.accept("CONCURRENTLY")) return true;
    const view = cursor.name();
    flag(`Refreshes materialized view ${view?.display ?? ""} without CONCURRENTLY, blocking every read of it until the query finishes.`, view);
    return true;
  }
  if (cursor.accept("ALTER", "INDEX")) {
    cursor.accept("IF", "EXISTS");
    const indexName = cursor.name();
    if (!indexName || state.schema.isNewIndex(indexName)) return true;
    if (cursor.accept("RENAME", "TO")) {
      const renamed = cursor.name();
      if (renamed) state.schema.addIndex(renamed);
      // SHARE UPDATE EXCLUSIVE since PostgreSQL 12: writes go on. Before, ACCESS EXCLUSIVE.
      if (state.postgresVersion < 12) locksTable(state, index, indexName);
      return true;
    }
    if (cursor.accept("SET", "TABLESPACE")) report(state, index, "blocking-maintenance", at, `Moves index ${indexName.display} to another tablespace, rebuilding it under an exclusive lock.`);
    locksTable(state, index, indexName);
    return true;
  }
  return false;
}

function lintLockTable(state: FileState, index: number, cursor: Cursor): void {
  cursor.accept("TABLE");
  const modeAt = cursor.rest().findIndex((token) => isWordToken(token, "IN"));
  const targets = modeAt === -1 ? cursor.rest() : cursor.rest().slice(0, modeAt);
  const mode = modeAt === -1 ? "ACCESS EXCLUSIVE" : topLevelWords(cursor.rest().slice(modeAt + 1)).map((token) => token.text.toUpperCase()).filter((word) => word !== "MODE" && word !== "NOWAIT").join(" ");
  for (const part of splitTopLevel(targets)) {
    const tableCursor = new Cursor(part);
    tableCursor.accept("ONLY");
    const table = tableCursor.name();
    if (!table || state.schema.isNewTable(table)) continue;
    report(state, index, "lock-table", state.statements[index].tokens[0], `Locks existing table ${table.display} in ${mode} mode until the migration commits.`);
    locksTable(state, index, table);
  }
}

type TransactionControl = "begin" | "end" | "end-and-begin";

/**
 * BEGIN / START TRANSACTION; COMMIT / END / ROLLBACK / ABORT / PREPARE TRANSACTION, which end
 * the transaction; the same with AND CHAIN, which start the next one at once. Savepoints
 * (SAVEPOINT, RELEASE, ROLLBACK TO) and COMMIT/ROLLBACK PREPARED of another session's
 * transaction are not; undefined for those and anything else.
 */
function transactionControl(cursor: Cursor): TransactionControl | undefined {
  if (cursor.isWord("BEGIN") || cursor.accept("START", "TRANSACTION")) return "begin";
  if (cursor.accept("PREPARE", "TRANSACTION")) return "end";
  if (!["COMMIT", "END", "ROLLBACK", "ABORT"].some((word) => cursor.isWord(word))) return undefined;
  const words = topLevelWords(cursor.rest()).map((token) => token.text.toUpperCase());
  if (words[1] === "PREPARED" || words.includes("TO")) return undefined;
  const chained = words.includes("CHAIN") && !words.includes("NO");
  return chained ? "end-and-begin" : "end";
}

function lintTransactionControl(state: FileState, index: number, control: TransactionControl): void {
  const at = state.statements[index].tokens[0];
  if (control === "begin") {
    if (state.openTransactions > 0) report(state, index, "unbalanced-transaction", at, "Starts a transaction inside an open one: PostgreSQL ignores this BEGIN, so the next COMMIT ends the outer transaction early.");
    state.openTransactions++;
    return;
  }
  // Whatever ends here, a constraint validated after it is validated in another transaction.
  state.notValidConstraints.clear();
  if (state.openTransactions === 0) report(state, index, "unbalanced-transaction", at, `${at.text.toUpperCase()} without a BEGIN before it ends the migration's own transaction halfway through the file.`);
  else if (control === "end") state.openTransactions--;
}

function setsLockTimeout(cursor: Cursor): boolean {
  if (!cursor.accept("SET")) return false;
  if (!cursor.accept("SESSION")) cursor.accept("LOCAL");
  const setting = cursor.peek();
  if (setting?.text.toLowerCase() !== "lock_timeout") return false;
  cursor.index++;
  if (cursor.peek()?.text === "=") cursor.index++;
  else cursor.accept("TO");
  const value = cursor.peek()?.text.replace(/'/g, "").trim();
  return value !== undefined && value !== "0" && value.toUpperCase() !== "DEFAULT";
}

/** The index operations PostgreSQL refuses to run inside a transaction block. */
function isConcurrentIndexOperation(statement: SqlStatement): boolean {
  const first = statement.tokens[0];
  if (!["CREATE", "DROP", "REINDEX", "ALTER", "REFRESH"].some((word) => isWordToken(first, word))) return false;
  return statement.tokens.some((token) => isWordToken(token, "CONCURRENTLY"));
}

function lintStatement(state: FileState, index: number): void {
  const statement = state.statements[index];
  const cursor = new Cursor(statement.tokens);
  if (setsLockTimeout(new Cursor(statement.tokens))) {
    state.lockTimeoutSet = true;
    return;
  }
  const control = transactionControl(cursor);
  if (control) return lintTransactionControl(state, index, control);
  if (isConcurrentIndexOperation(statement) && state.statements.length > 1) {
    report(state, index, "concurrently-with-other-statements", statement.tokens[0], `Runs CONCURRENTLY in a file with ${state.statements.length - 1} other statement(s); PostgreSQL rejects it inside the file's implicit transaction (SQLSTATE 25001).`);
  }
  if (lintMaintenance(state, index, new Cursor(statement.tokens))) return;
  if (cursor.accept("CREATE")) lintCreate(state, index, cursor);
  else if (cursor.accept("DROP")) lintDrop(state, index, cursor);
  else if (cursor.accept("ALTER", "TABLE")) lintAlterTable(state, index, cursor);
  else if (cursor.accept("ALTER", "TYPE")) lintAlterType(state, index, cursor);
  else if (cursor.accept("ALTER", "VIEW") || cursor.accept("ALTER", "MATERIALIZED", "VIEW")) lintAlterView(state, index, cursor);
  else if (cursor.accept("UPDATE")) lintDataChange(state, index, cursor, "UPDATE");
  else if (cursor.accept("DELETE", "FROM")) lintDataChange(state, index, cursor, "DELETE");
  else if (cursor.accept("TRUNCATE")) lintTruncate(state, index, cursor);
  else if (cursor.accept("LOCK")) lintLockTable(state, index, cursor);
}

function reportMissingLockTimeout(state: FileState): void {
  const [first] = state.unprotectedLocks;
  if (!first) return;
  const tables = [...new Map(state.unprotectedLocks.map(({ table }) => [table.key, table.display])).values()];
  const statementCount = new Set(state.unprotectedLocks.map(({ statementIndex }) => statementIndex)).size;
  report(state, first.statementIndex, "missing-lock-timeout", state.statements[first.statementIndex].tokens[0], `${statementCount} statement(s) lock existing objects (${tables.join(", ")}) with no SET lock_timeout before them.`);
}

function reportUnclosedTransaction(state: FileState): void {
  if (state.openTransactions === 0) return;
  const lastBegin = state.statements.map((statement, index) => ({ statement, index })).filter(({ statement }) => transactionControl(new Cursor(statement.tokens)) === "begin").pop();
  if (!lastBegin) return;
  report(state, lastBegin.index, "unbalanced-transaction", lastBegin.statement.tokens[0], "BEGIN without a COMMIT before the end of the file: the file ends inside a transaction nobody commits.");
}

interface Suppression {
  ruleId: string;
  reason: string;
  comment: SqlComment;
}

const SUPPRESSION = /^--\s*gate:ignore(?:\s+(\S+))?(?:\s+(.*))?$/;

function suppressionsOf(comments: readonly SqlComment[]): Suppression[] {
  const found: Suppression[] = [];
  for (const comment of comments) {
    const match = SUPPRESSION.exec(comment.text.trim());
    if (match) found.push({ ruleId: match[1] ?? "", reason: (match[2] ?? "").trim(), comment });
  }
  return found;
}

/** Suppressions on the statement's own lines or in the comment-only lines right above it. */
function suppressionsFor(statement: SqlStatement, suppressions: readonly Suppression[], lexed: Lexed): Suppression[] {
  let firstLine = statement.line;
  while (firstLine > 1 && !lexed.codeLines.has(firstLine - 1) && lexed.commentLines.has(firstLine - 1)) firstLine--;
  return suppressions.filter(({ comment }) => comment.line >= firstLine && comment.line <= statement.endLine);
}

function walkFile(sql: string, schema: SchemaKnowledge, postgresVersion: number): { lexed: Lexed; state: FileState } {
  const lexed = lex(sql);
  const statements = lexed.statements;
  const state: FileState = {
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

function lintFile(file: MigrationFile, schema: SchemaKnowledge, postgresVersion: number): Finding[] {
  const { lexed, state } = walkFile(file.sql, schema, postgresVersion);
  const suppressions = suppressionsOf(lexed.comments);
  const findings: Finding[] = state.findings.map((raw) => {
    const rule = RULES[raw.ruleId];
    const finding: Finding = {
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
    const suppression = suppressionsFor(state.statements[raw.statementIndex], suppressions, lexed).find(
      (candidate) => candidate.ruleId === raw.ruleId && candidate.reason !== "",
    );
    return suppression ? { ...finding, suppressed: true, suppressionReason: suppression.reason } : finding;
  });
  for (const { ruleId, reason, comment } of suppressions) {
    if (ruleId !== "" && reason !== "") continue;
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
function applyBoundedLockWait(findings: Finding[], files: readonly MigrationFile[], bound: BoundedLockWait): Finding[] {
  const uncovered = new Map(files.map((file) => [file.path, bound.uncovered(file.sql)]));
  const lockFindings = findings.filter((finding) => finding.ruleId === "missing-lock-timeout" && !finding.suppressed);
  const covered = lockFindings.filter((finding) => uncovered.get(finding.file) === undefined);
  const [first] = covered;
  return findings.flatMap((finding) => {
    if (!lockFindings.includes(finding)) return [finding];
    const why = uncovered.get(finding.file);
    if (why !== undefined) return [{ ...finding, message: `${finding.message} ${why}.` }];
    if (finding !== first) return [];
    return [{ ...finding, message: `${covered.length} migration file(s) take locks on existing tables without SET lock_timeout; ${bound.reason}.`, suppressed: true, suppressionReason: bound.reason }];
  });
}

/**
 * Lints migration files given in the order Prisma applies them. A table counts as new when
 * one of these files created it; every other table is assumed to exist with data and traffic.
 */
export function lintMigrations(files: readonly MigrationFile[], options: LintOptions = {}): Finding[] {
  const schema = new SchemaKnowledge();
  const postgresVersion = options.postgresVersion ?? OLDEST_SUPPORTED_POSTGRES;
  schema.recordingNew = false;
  for (const deployed of options.deployed ?? []) walkFile(deployed.sql, schema, postgresVersion);
  schema.recordingNew = true;
  const disabled = new Set<RuleId>(options.disabledRules ?? []);
  const findings = files.flatMap((file) =>
    lintFile(file, schema, postgresVersion)
      .filter((finding) => !disabled.has(finding.ruleId))
      .sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0)),
  );
  return options.boundedLockWait ? applyBoundedLockWait(findings, files, options.boundedLockWait) : findings;
}
