// What the linter knows about the schema while it walks the migrations in apply order: which
// tables, columns, types and indexes the change being checked created (everything else is
// assumed to exist, with data and traffic), and the column types the earlier migrations
// declared, so a type change can be judged against the type it replaces. Pure.
import type { ColumnType } from "./column-types.js";
import type { Name } from "./sql-cursor.js";

/** A column added by the change being checked to a table that already existed. */
export interface AddedColumn {
  /** No default: the existing rows hold NULL in it. */
  nullsOnly: boolean;
  /** Added NOT NULL with a default, so inserts that leave it out work only thanks to the default. */
  requiredWithDefault: boolean;
  /** It has a default now (added with one, or SET DEFAULT since): inserts that leave it out get a value. */
  hasDefault: boolean;
}

export class SchemaKnowledge {
  private readonly newTables = new Set<string>();
  private readonly addedColumns = new Map<string, Map<string, AddedColumn>>();
  private readonly newTypes = new Set<string>();
  private readonly newIndexes = new Set<string>();
  private readonly columnTypes = new Map<string, Map<string, ColumnType>>();
  /** Per table, the CHECK (col IS NOT NULL) constraints by name: the column, and whether the check is validated. */
  /** Per table, the columns an index covers. */
  private readonly indexedColumns = new Map<string, Set<string>>();
  private readonly notNullChecks = new Map<string, Map<string, { column: string; validated: boolean }>>();
  /** False while reading earlier, already-deployed migrations: what they create exists. */
  recordingNew = true;

  isNewTable(table: Name): boolean {
    return this.newTables.has(table.key);
  }
  createTable(table: Name): void {
    this.columnTypes.delete(table.key);
    this.notNullChecks.delete(table.key);
    this.indexedColumns.delete(table.key);
    if (this.recordingNew) this.newTables.add(table.key);
  }
  dropTable(table: Name): void {
    this.newTables.delete(table.key);
    this.addedColumns.delete(table.key);
    this.columnTypes.delete(table.key);
    this.notNullChecks.delete(table.key);
    this.indexedColumns.delete(table.key);
  }
  renameTable(from: Name, to: Name): void {
    for (const map of [this.addedColumns, this.columnTypes, this.notNullChecks, this.indexedColumns] as Array<Map<string, unknown>>) {
      const value = map.get(from.key);
      map.delete(from.key);
      if (value !== undefined) map.set(to.key, value);
    }
    if (this.newTables.delete(from.key)) this.newTables.add(to.key);
  }

  /** The column holds nothing the running version depends on yet: its table is new, or it was added without a default. */
  isNewColumn(table: Name, column: string): boolean {
    return this.isNewTable(table) || (this.addedColumns.get(table.key)?.get(column)?.nullsOnly ?? false);
  }
  /** The column was added by this change to a table that existed before it. */
  addedToExistingTable(table: Name, column: string): AddedColumn | undefined {
    return this.isNewTable(table) ? undefined : this.addedColumns.get(table.key)?.get(column);
  }
  addColumn(table: Name, column: string, type: ColumnType | undefined, added: AddedColumn): void {
    if (type) this.setColumnType(table, column, type);
    if (!this.recordingNew || this.isNewTable(table)) return;
    const columns = this.addedColumns.get(table.key) ?? new Map<string, AddedColumn>();
    columns.set(column, added);
    this.addedColumns.set(table.key, columns);
  }
  dropColumn(table: Name, column: string): void {
    this.addedColumns.get(table.key)?.delete(column);
    this.columnTypes.get(table.key)?.delete(column);
  }
  renameColumn(table: Name, from: string, to: string): void {
    for (const map of [this.addedColumns.get(table.key), this.columnTypes.get(table.key)] as Array<Map<string, unknown> | undefined>) {
      const value = map?.get(from);
      map?.delete(from);
      if (map && value !== undefined) map.set(to, value);
    }
    const indexed = this.indexedColumns.get(table.key);
    if (indexed?.delete(from)) indexed.add(to);
    // PostgreSQL rewrites a check's expression to follow a renamed column.
    for (const check of this.notNullChecks.get(table.key)?.values() ?? []) if (check.column === from) check.column = to;
  }

  columnType(table: Name, column: string): ColumnType | undefined {
    return this.columnTypes.get(table.key)?.get(column);
  }
  setColumnType(table: Name, column: string, type: ColumnType | undefined): void {
    const columns = this.columnTypes.get(table.key) ?? new Map<string, ColumnType>();
    if (type) columns.set(column, type);
    else columns.delete(column);
    this.columnTypes.set(table.key, columns);
  }

  /** CHECK (column IS NOT NULL) added as `name`; validated unless added NOT VALID. */
  addNotNullCheck(table: Name, name: string, column: string, validated: boolean): void {
    const checks = this.notNullChecks.get(table.key) ?? new Map<string, { column: string; validated: boolean }>();
    checks.set(name, { column, validated });
    this.notNullChecks.set(table.key, checks);
  }
  validateConstraint(table: Name, name: string): void {
    const check = this.notNullChecks.get(table.key)?.get(name);
    if (check) check.validated = true;
  }
  dropConstraint(table: Name, name: string): void {
    this.notNullChecks.get(table.key)?.delete(name);
  }
  /** A validated CHECK (column IS NOT NULL) proves the column holds no NULL: SET NOT NULL can skip its scan (PostgreSQL 12+). */
  hasValidatedNotNullCheck(table: Name, column: string): boolean {
    return [...(this.notNullChecks.get(table.key)?.values() ?? [])].some((check) => check.validated && check.column === column);
  }

  isNewType(type: Name): boolean {
    return this.newTypes.has(type.key);
  }
  addType(type: Name): void {
    if (this.recordingNew) this.newTypes.add(type.key);
  }

  /** An index covers these columns (none for an expression index, whose columns are not read). */
  indexColumns(table: Name, columns: readonly string[]): void {
    const indexed = this.indexedColumns.get(table.key) ?? new Set<string>();
    for (const column of columns) indexed.add(column);
    this.indexedColumns.set(table.key, indexed);
  }
  isIndexed(table: Name, column: string): boolean {
    return this.indexedColumns.get(table.key)?.has(column) ?? false;
  }

  isNewIndex(index: Name): boolean {
    return this.newIndexes.has(index.key);
  }
  addIndex(index: Name): void {
    if (this.recordingNew) this.newIndexes.add(index.key);
  }
}
