// Lints the SQL of new or changed migration files for operations that hurt an application
// serving traffic while `migrate deploy` runs. Pure: no I/O, so the check can run on any
// pull request without a database. It reads SQL the way PostgreSQL tokenizes it (quotes,
// dollar quotes, nested comments) but only recognizes the statement shapes the rules need;
// anything else passes silently rather than producing guesses.
import { lex, type Lexed, type SqlComment, type SqlStatement, type SqlToken } from "../sql/lexer.js";
import { RULES, type RuleId, type Severity } from "./rules.js";

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
  /** Set when a `-- gate:ignore <rule-id> <reason>` comment covers the finding. */
  suppressed?: true;
  suppressionReason?: string;
}

export interface MigrationFile {
  path: string;
  sql: string;
}

export interface LintOptions {
  /** Rules the project turned off; their findings are dropped entirely, not suppressed. */
  disabledRules?: readonly RuleId[];
}

/** A table, type or index name, compared the way PostgreSQL folds identifiers. */
interface Name {
  key: string;
  display: string;
}

function nameOf(token: SqlToken): Name {
  return token.kind === "quoted"
    ? { key: token.text, display: `"${token.text}"` }
    : { key: token.text.toLowerCase(), display: token.text };
}

/** Reads words and names left to right over a run of tokens. */
class Cursor {
  index = 0;
  constructor(readonly tokens: readonly SqlToken[]) {}

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(offset = 0): SqlToken | undefined {
    return this.tokens[this.index + offset];
  }

  isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === "word" && token.text.toUpperCase() === word;
  }

  /** Consumes the words if they come next, in order. */
  accept(...words: string[]): boolean {
    if (!words.every((word, k) => this.isWord(word, k))) return false;
    this.index += words.length;
    return true;
  }

  /** A possibly schema-qualified name; schemas are ignored, as migrations rarely mix them. */
  name(): Name | undefined {
    let token = this.peek();
    if (token?.kind !== "word" && token?.kind !== "quoted") return undefined;
    this.index++;
    while (this.peek()?.text === "." && this.peek()?.kind === "punct") {
      const part = this.peek(1);
      if (part?.kind !== "word" && part?.kind !== "quoted") break;
      token = part;
      this.index += 2;
    }
    return nameOf(token);
  }

  rest(): SqlToken[] {
    return this.tokens.slice(this.index);
  }
}

function hasWords(tokens: readonly SqlToken[], ...words: string[]): boolean {
  return tokens.some((_, k) => words.every((word, w) => isWordToken(tokens[k + w], word)));
}

function isWordToken(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === "word" && token.text.toUpperCase() === word;
}

/** Splits tokens on commas outside parentheses, e.g. the actions of one ALTER TABLE. */
function splitTopLevel(tokens: readonly SqlToken[]): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === "punct" && token.text === "(") depth++;
    if (token.kind === "punct" && token.text === ")") depth--;
    if (token.kind === "punct" && token.text === "," && depth === 0) parts.push([]);
    else parts[parts.length - 1].push(token);
  }
  return parts.filter((part) => part.length > 0);
}

function topLevelWords(tokens: readonly SqlToken[]): SqlToken[] {
  let depth = 0;
  const words: SqlToken[] = [];
  for (const token of tokens) {
    if (token.kind === "punct" && token.text === "(") depth++;
    else if (token.kind === "punct" && token.text === ")") depth--;
    else if (depth === 0 && token.kind === "word") words.push(token);
  }
  return words;
}

/** The plain column names inside the first parenthesized list; undefined if any is an expression. */
function columnList(tokens: readonly SqlToken[]): string[] | undefined {
  const open = tokens.findIndex((token) => token.kind === "punct" && token.text === "(");
  if (open === -1) return undefined;
  const close = tokens.findIndex((token, k) => k > open && token.kind === "punct" && token.text === ")");
  const names: string[] = [];
  for (const part of splitTopLevel(tokens.slice(open + 1, close === -1 ? undefined : close))) {
    const [column, ...modifiers] = part;
    if (column.kind !== "word" && column.kind !== "quoted") return undefined;
    if (modifiers.some((token) => token.kind !== "word")) return undefined;
    names.push(nameOf(column).key);
  }
  return names;
}

const EXCERPT_LENGTH = 120;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

/** What the migrations before the current statement created; everything else already exists. */
class NewObjects {
  private readonly tables = new Set<string>();
  private readonly columns = new Map<string, Set<string>>();
  private readonly types = new Set<string>();
  private readonly indexes = new Set<string>();

  isNewTable(table: Name): boolean {
    return this.tables.has(table.key);
  }
  addTable(table: Name): void {
    this.tables.add(table.key);
  }
  renameTable(from: Name, to: Name): void {
    if (!this.tables.delete(from.key)) return;
    this.tables.add(to.key);
    const columns = this.columns.get(from.key);
    if (columns) this.columns.set(to.key, columns);
  }
  /** A column added in this change set without a default holds only NULLs so far. */
  isNewColumn(table: Name, column: string): boolean {
    return this.isNewTable(table) || (this.columns.get(table.key)?.has(column) ?? false);
  }
  addColumn(table: Name, column: string): void {
    const columns = this.columns.get(table.key) ?? new Set<string>();
    columns.add(column);
    this.columns.set(table.key, columns);
  }
  isNewType(type: Name): boolean {
    return this.types.has(type.key);
  }
  addType(type: Name): void {
    this.types.add(type.key);
  }
  isNewIndex(index: Name): boolean {
    return this.indexes.has(index.key);
  }
  addIndex(index: Name): void {
    this.indexes.add(index.key);
  }
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
  readonly objects: NewObjects;
  readonly findings: RawFinding[];
  /** Enum types being recreated in this file (the old name), and the types replacing them. */
  readonly recreatedEnums: Set<string>;
  readonly replacementTypes: Set<string>;
  lockTimeoutSet: boolean;
  /** Statements that lock an existing table before any SET lock_timeout. */
  readonly unprotectedDdl: Array<{ statementIndex: number; table: Name }>;
}

function report(state: FileState, statementIndex: number, ruleId: RuleId, at: SqlToken, message: string, excerptText?: string) {
  state.findings.push({
    ruleId,
    statementIndex,
    at,
    excerpt: excerpt(excerptText ?? state.statements[statementIndex].text),
    message,
  });
}

function lockingDdl(state: FileState, statementIndex: number, table: Name): void {
  if (!state.lockTimeoutSet) state.unprotectedDdl.push({ statementIndex, table });
}

/**
 * Prisma removes an enum value by recreating the type: the old type is renamed away and a
 * type with its name takes its place (created under that name, or created as `X_new` and
 * renamed). Found ahead of the walk so the column conversions can be attributed to it.
 */
function findEnumRecreations(statements: readonly SqlStatement[], objects: NewObjects): Pick<FileState, "recreatedEnums" | "replacementTypes"> {
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
    if (objects.isNewType(rename.from)) continue;
    const renamedInto = renames.find((other) => other !== rename && other.to.key === rename.from.key);
    const createdAfter = created.find((other) => other.name.key === rename.from.key && other.index > rename.index);
    const replacement = renamedInto?.from ?? createdAfter?.name;
    if (!replacement) continue;
    recreatedEnums.add(rename.from.key);
    replacementTypes.add(replacement.key);
  }
  return { recreatedEnums, replacementTypes };
}

function lintCreate(state: FileState, index: number, cursor: Cursor): void {
  cursor.accept("OR", "REPLACE");
  for (const modifier of ["UNLOGGED", "TEMPORARY", "TEMP", "GLOBAL", "LOCAL"]) cursor.accept(modifier);
  if (cursor.accept("TABLE")) {
    cursor.accept("IF", "NOT", "EXISTS");
    const table = cursor.name();
    if (table) state.objects.addTable(table);
    for (const referenced of referencedTables(cursor.rest())) {
      if (!state.objects.isNewTable(referenced)) lockingDdl(state, index, referenced);
    }
    return;
  }
  if (cursor.accept("TYPE")) {
    const type = cursor.name();
    if (type && !state.replacementTypes.has(type.key)) state.objects.addType(type);
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
  if (indexName) state.objects.addIndex(indexName);
  if (!table || state.objects.isNewTable(table)) return;
  const statement = state.statements[index];
  const at = statement.tokens[0];
  if (!concurrently) {
    report(state, index, "create-index-without-concurrently", at, `Builds index ${indexName?.display ?? "(unnamed)"} on existing table ${table.display} while blocking writes to it.`);
    lockingDdl(state, index, table);
  }
  if (unique) {
    const columns = columnList(cursor.rest());
    const onlyNewColumns = columns !== undefined && columns.every((column) => state.objects.isNewColumn(table, column));
    if (!onlyNewColumns) {
      report(state, index, "unique-on-existing-data", at, `Creates unique index ${indexName?.display ?? "(unnamed)"} over the existing rows of ${table.display}; a duplicate fails the migration.`);
    }
  }
}

function lintDrop(state: FileState, index: number, cursor: Cursor): void {
  const at = state.statements[index].tokens[0];
  if (cursor.accept("TABLE")) {
    cursor.accept("IF", "EXISTS");
    for (const part of splitTopLevel(cursor.rest())) {
      const table = new Cursor(part).name();
      if (!table || state.objects.isNewTable(table)) continue;
      report(state, index, "drop-table", at, `Drops existing table ${table.display}.`);
      lockingDdl(state, index, table);
    }
    return;
  }
  if (cursor.accept("INDEX")) {
    if (cursor.accept("CONCURRENTLY")) return;
    cursor.accept("IF", "EXISTS");
    const indexName = cursor.name();
    if (indexName && !state.objects.isNewIndex(indexName)) lockingDdl(state, index, indexName);
  }
}

function lintAlterType(state: FileState, index: number, cursor: Cursor): void {
  const type = cursor.name();
  if (!type || !cursor.accept("RENAME", "TO")) return;
  const renamed = cursor.name();
  if (state.recreatedEnums.has(type.key)) {
    report(state, index, "enum-value-removal", state.statements[index].tokens[0], `Recreates enum ${type.display} to remove a value; every column of that type is rewritten.`);
  } else if (renamed && state.objects.isNewType(type)) {
    state.objects.addType(renamed);
  }
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

const SERIAL_TYPES = ["SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2", "SERIAL4", "SERIAL8"];
const VOLATILE_DEFAULTS = ["GEN_RANDOM_UUID", "UUID_GENERATE_V4", "RANDOM", "CLOCK_TIMESTAMP", "NEXTVAL"];

/**
 * Adding a nullable column, or one with a constant default, is the expand step every safe
 * sequence starts with: its lock lasts milliseconds, so it is not counted as locking DDL.
 * Inline constraints, identity columns and volatile defaults scan or rewrite the table.
 */
function isExpandStep(definition: readonly string[]): boolean {
  const notNull = definition.some((word, k) => word === "NOT" && definition[k + 1] === "NULL");
  const hasDefault = definition.includes("DEFAULT");
  const blocking = ["REFERENCES", "CHECK", "UNIQUE", "PRIMARY", "GENERATED", ...SERIAL_TYPES, ...VOLATILE_DEFAULTS];
  return (!notNull || hasDefault) && !definition.some((word) => blocking.includes(word));
}

function lintAlterTable(state: FileState, index: number, cursor: Cursor): void {
  const statement = state.statements[index];
  cursor.accept("IF", "EXISTS");
  cursor.accept("ONLY");
  const table = cursor.name();
  if (!table) return;
  const isNew = state.objects.isNewTable(table);
  const base = statement.tokens[0].offset;
  const firstAction = cursor.peek();
  const head = firstAction ? statement.text.slice(0, firstAction.offset - base).trim() : statement.text;

  if (cursor.accept("RENAME", "TO")) {
    const renamed = cursor.name();
    if (!isNew) {
      report(state, index, "rename-table", statement.tokens[0], `Renames existing table ${table.display}${renamed ? ` to ${renamed.display}` : ""}.`);
      lockingDdl(state, index, table);
    } else if (renamed) state.objects.renameTable(table, renamed);
    return;
  }
  if (firstAction && cursor.isWord("RENAME") && !cursor.isWord("CONSTRAINT", 1)) {
    const at = firstAction;
    cursor.accept("RENAME");
    cursor.accept("COLUMN");
    const column = cursor.name();
    cursor.accept("TO");
    const renamed = cursor.name();
    if (column && !state.objects.isNewColumn(table, column.key)) {
      report(state, index, "rename-column", at, `Renames column ${column.display} of ${table.display}${renamed ? ` to ${renamed.display}` : ""}.`);
      lockingDdl(state, index, table);
    }
    return;
  }

  let locksExisting = false;
  for (const action of splitTopLevel(cursor.rest())) {
    const at = action[0];
    const actionExcerpt = `${head} ${statement.text.slice(at.offset - base, action[action.length - 1].end - base)}`;
    const flag = (ruleId: RuleId, message: string) => report(state, index, ruleId, at, message, actionExcerpt);
    const act = new Cursor(action);
    const notValid = hasWords(action, "NOT", "VALID");

    if (act.accept("ADD")) {
      if (act.accept("CONSTRAINT")) act.name();
      if (act.isWord("FOREIGN")) {
        for (const referenced of referencedTables(action)) {
          if (!state.objects.isNewTable(referenced)) lockingDdl(state, index, referenced);
        }
        if (!isNew && !notValid) flag("foreign-key-without-not-valid", `Adds a foreign key to existing table ${table.display} and validates every row while blocking writes.`);
      } else if (act.isWord("CHECK")) {
        if (!isNew && !notValid) flag("check-constraint-without-not-valid", `Adds a check constraint to existing table ${table.display} and validates every row under an exclusive lock.`);
      } else if (act.isWord("UNIQUE") || act.isWord("PRIMARY")) {
        const usingIndex = hasWords(action, "USING", "INDEX");
        const columns = columnList(act.rest());
        const onlyNewColumns = columns !== undefined && columns.every((column) => state.objects.isNewColumn(table, column));
        if (!isNew && !usingIndex && !onlyNewColumns) flag("unique-on-existing-data", `Adds a unique constraint to existing table ${table.display}, building its index over the existing rows; a duplicate fails the migration.`);
      } else if (!act.isWord("EXCLUDE")) {
        act.accept("COLUMN");
        act.accept("IF", "NOT", "EXISTS");
        const column = act.name();
        if (!column || isNew) continue;
        const definition = topLevelWords(act.rest()).map((token) => token.text.toUpperCase());
        const hasDefault = definition.some((word) => ["DEFAULT", "GENERATED", ...SERIAL_TYPES].includes(word));
        const notNull = definition.some((word, k) => word === "NOT" && definition[k + 1] === "NULL") || definition.includes("PRIMARY");
        if (notNull && !hasDefault) flag("add-required-column-without-default", `Adds required column ${column.display} without a default to existing table ${table.display}.`);
        if (definition.includes("REFERENCES")) flag("foreign-key-without-not-valid", `Adds column ${column.display} with an inline foreign key, validated against every row of ${table.display} while blocking writes.`);
        if (!hasDefault) state.objects.addColumn(table, column.key);
        if (isExpandStep(definition)) continue;
      }
      if (!isNew) locksExisting = true;
      continue;
    }
    if (isNew) continue;
    if (act.accept("VALIDATE", "CONSTRAINT")) continue;
    locksExisting = true;
    if (act.accept("DROP")) {
      if (act.isWord("CONSTRAINT")) continue;
      act.accept("COLUMN");
      act.accept("IF", "EXISTS");
      const column = act.name();
      if (column && !state.objects.isNewColumn(table, column.key)) flag("drop-column", `Drops column ${column.display} of existing table ${table.display}.`);
      continue;
    }
    if (act.accept("ALTER")) {
      act.accept("COLUMN");
      const column = act.name();
      if (!column || state.objects.isNewColumn(table, column.key)) continue;
      if (act.accept("SET", "NOT", "NULL")) {
        flag("set-not-null", `Makes column ${column.display} of existing table ${table.display} NOT NULL, scanning every row under an exclusive lock.`);
      } else if (act.accept("SET", "DATA", "TYPE") || act.accept("TYPE")) {
        const type = act.name();
        if (!type || !state.replacementTypes.has(type.key)) flag("change-column-type", `Changes the type of column ${column.display} of existing table ${table.display}.`);
      }
    }
  }
  if (locksExisting) lockingDdl(state, index, table);
}

function lintDataChange(state: FileState, index: number, cursor: Cursor, verb: "UPDATE" | "DELETE"): void {
  cursor.accept("ONLY");
  const table = cursor.name();
  if (!table || state.objects.isNewTable(table)) return;
  if (topLevelWords(cursor.rest()).some((word) => word.text.toUpperCase() === "WHERE")) return;
  const at = state.statements[index].tokens[0];
  if (verb === "UPDATE") report(state, index, "update-without-where", at, `Updates every row of existing table ${table.display} in one transaction.`);
  else report(state, index, "delete-without-where", at, `Deletes every row of existing table ${table.display}.`);
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
  if (!["CREATE", "DROP", "REINDEX", "ALTER"].some((word) => isWordToken(first, word))) return false;
  return statement.tokens.some((token) => isWordToken(token, "CONCURRENTLY"));
}

function lintStatement(state: FileState, index: number): void {
  const statement = state.statements[index];
  const cursor = new Cursor(statement.tokens);
  if (setsLockTimeout(new Cursor(statement.tokens))) {
    state.lockTimeoutSet = true;
    return;
  }
  if (isConcurrentIndexOperation(statement) && state.statements.length > 1) {
    report(state, index, "concurrently-with-other-statements", statement.tokens[0], `Runs CONCURRENTLY in a file with ${state.statements.length - 1} other statement(s); PostgreSQL rejects it inside the file's implicit transaction (SQLSTATE 25001).`);
  }
  if (cursor.accept("CREATE")) lintCreate(state, index, cursor);
  else if (cursor.accept("DROP")) lintDrop(state, index, cursor);
  else if (cursor.accept("ALTER", "TABLE")) lintAlterTable(state, index, cursor);
  else if (cursor.accept("ALTER", "TYPE")) lintAlterType(state, index, cursor);
  else if (cursor.accept("UPDATE")) lintDataChange(state, index, cursor, "UPDATE");
  else if (cursor.accept("DELETE", "FROM")) lintDataChange(state, index, cursor, "DELETE");
}

function reportMissingLockTimeout(state: FileState): void {
  const [first] = state.unprotectedDdl;
  if (!first) return;
  const tables = [...new Map(state.unprotectedDdl.map(({ table }) => [table.key, table.display])).values()];
  const statementCount = new Set(state.unprotectedDdl.map(({ statementIndex }) => statementIndex)).size;
  report(state, first.statementIndex, "missing-lock-timeout", state.statements[first.statementIndex].tokens[0], `${statementCount} statement(s) lock existing objects (${tables.join(", ")}) with no SET lock_timeout before them.`);
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

function lintFile(file: MigrationFile, objects: NewObjects): Finding[] {
  const lexed = lex(file.sql);
  const statements = lexed.statements;
  const state: FileState = {
    statements,
    objects,
    findings: [],
    ...findEnumRecreations(statements, objects),
    lockTimeoutSet: false,
    unprotectedDdl: [],
  };
  statements.forEach((_, index) => lintStatement(state, index));
  reportMissingLockTimeout(state);

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
    const suppression = suppressionsFor(statements[raw.statementIndex], suppressions, lexed).find(
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
 * Lints migration files given in the order Prisma applies them. A table counts as new when
 * one of these files created it; every other table is assumed to exist with data and traffic.
 */
export function lintMigrations(files: readonly MigrationFile[], options: LintOptions = {}): Finding[] {
  const objects = new NewObjects();
  const disabled = new Set<RuleId>(options.disabledRules ?? []);
  return files.flatMap((file) =>
    lintFile(file, objects)
      .filter((finding) => !disabled.has(finding.ruleId))
      .sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0)),
  );
}
