// What the pending migrations destroy: whole tables they drop, and columns they drop or
// change the type of (Prisma removes an enum value by changing the columns to a new type).
// Read from the SQL before anything runs. Pure.
import { Cursor, splitTopLevel, type Name } from "../check/sql-cursor.js";
import { splitStatements } from "../sql/lexer.js";
import type { MigrationSql } from "../prisma/project.js";

export interface DestroyedData {
  /** As PostgreSQL names it: unquoted names folded to lower case. */
  table: string;
  /** Null when the whole table is dropped. */
  columns: string[] | null;
  /** What destroys it, for the summary: `20260103000000_drop_bio: drops column bio`. */
  because: string[];
}

function alterTableActions(cursor: Cursor, table: Name, record: (column: string | null, what: string) => void): void {
  for (const action of splitTopLevel(cursor.rest())) {
    const act = new Cursor(action);
    if (act.accept("DROP")) {
      if (act.isWord("CONSTRAINT")) continue;
      act.accept("COLUMN");
      act.accept("IF", "EXISTS");
      const column = act.name();
      if (column) record(column.key, `drops column ${column.display} of ${table.display}`);
      continue;
    }
    if (!act.accept("ALTER")) continue;
    act.accept("COLUMN");
    const column = act.name();
    if (column && (act.accept("SET", "DATA", "TYPE") || act.accept("TYPE"))) {
      record(column.key, `changes the type of column ${column.display} of ${table.display}`);
    }
  }
}

export function destroyedData(migrations: readonly MigrationSql[]): DestroyedData[] {
  const byTable = new Map<string, DestroyedData>();
  const record = (table: string, column: string | null, because: string) => {
    const entry = byTable.get(table) ?? { table, columns: [], because: [] };
    byTable.set(table, entry);
    entry.because.push(because);
    if (column === null) entry.columns = null;
    else if (entry.columns && !entry.columns.includes(column)) entry.columns.push(column);
  };
  for (const migration of migrations) {
    for (const statement of splitStatements(migration.sql)) {
      const cursor = new Cursor(statement.tokens);
      if (cursor.accept("DROP", "TABLE")) {
        cursor.accept("IF", "EXISTS");
        for (const part of splitTopLevel(cursor.rest())) {
          const table = new Cursor(part).name();
          if (table) record(table.key, null, `${migration.name}: drops table ${table.display}`);
        }
      } else if (cursor.accept("ALTER", "TABLE")) {
        cursor.accept("IF", "EXISTS");
        cursor.accept("ONLY");
        const table = cursor.name();
        if (!table) continue;
        alterTableActions(cursor, table, (column, what) => record(table.key, column, `${migration.name}: ${what}`));
      }
    }
  }
  return [...byTable.values()];
}
