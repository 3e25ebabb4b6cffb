// The psql script that puts backed-up data back, written beside the backup files. Pure.
//
// A dropped column is added back with its old type and filled by primary key; a column whose
// type changed gets its old values back, cast by PostgreSQL to its current type; a dropped
// table is created again with its columns, NOT NULL and primary key (not its defaults,
// indexes or foreign keys: revert those with the migration that dropped it) and refilled.
// One transaction: a restore that fails part-way changes nothing.

export interface BackupColumn {
  name: string;
  /** format_type() of the column when it was backed up. */
  type: string;
  notNull: boolean;
}

export interface BackedUpTable {
  schema: string;
  table: string;
  /** The whole table is dropped: every column is in the file and it is restored by INSERT. */
  wholeTable: boolean;
  /** The columns in the file, in order. */
  columns: BackupColumn[];
  /** Primary-key columns, by which destroyed columns are matched back to their rows. */
  keyColumns: string[];
  /** The file's name inside the backup folder: gzip-compressed COPY text format. */
  file: string;
  rows: number;
  bytes: number;
  because: string[];
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function qualified(table: BackedUpTable): string {
  return `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.table)}`;
}

function columnDefinition(column: BackupColumn): string {
  return `${quoteIdentifier(column.name)} ${column.type}${column.notNull ? " NOT NULL" : ""}`;
}

function restoreTable(table: BackedUpTable, index: number): string[] {
  const scratch = quoteIdentifier(`restore_${index + 1}`);
  const target = qualified(table);
  const names = table.columns.map((column) => quoteIdentifier(column.name));
  const lines = [`-- ${table.table}: ${table.rows} row(s) from ${table.file}`, ...table.because.map((reason) => `--   ${reason}`)];
  if (table.wholeTable) {
    const key = table.keyColumns.length > 0 ? [`PRIMARY KEY (${table.keyColumns.map(quoteIdentifier).join(", ")})`] : [];
    lines.push(`CREATE TABLE IF NOT EXISTS ${target} (${[...table.columns.map(columnDefinition), ...key].join(", ")});`);
  } else {
    const destroyed = table.columns.filter((column) => !table.keyColumns.includes(column.name));
    for (const column of destroyed) lines.push(`ALTER TABLE ${target} ADD COLUMN IF NOT EXISTS ${quoteIdentifier(column.name)} ${column.type};`);
  }
  lines.push(`CREATE TEMP TABLE ${scratch} (${table.columns.map((column) => `${quoteIdentifier(column.name)} ${column.type}`).join(", ")}) ON COMMIT DROP;`);
  // The file name is the action's own ([A-Za-z0-9_.-]), so it needs no quoting inside the program text.
  lines.push(`\\copy ${scratch} (${names.join(", ")}) FROM PROGRAM 'gzip -dc ${table.file}'`);
  if (table.wholeTable) {
    lines.push(`INSERT INTO ${target} (${names.join(", ")}) SELECT ${names.join(", ")} FROM ${scratch};`);
  } else {
    const assignments = table.columns
      .filter((column) => !table.keyColumns.includes(column.name))
      .map((column) => `${quoteIdentifier(column.name)} = backup.${quoteIdentifier(column.name)}`);
    const match = table.keyColumns.map((key) => `live.${quoteIdentifier(key)} = backup.${quoteIdentifier(key)}`);
    lines.push(`UPDATE ${target} AS live SET ${assignments.join(", ")} FROM ${scratch} AS backup WHERE ${match.join(" AND ")};`);
  }
  return lines;
}

export function restoreSql(tables: readonly BackedUpTable[]): string {
  return [
    "-- Restores the data the migrations destroyed, from the files beside this script.",
    "-- Run restore.sh from anywhere (it changes into this folder): DATABASE_URL=postgresql://… ./restore.sh",
    "\\set ON_ERROR_STOP on",
    "BEGIN;",
    ...tables.flatMap((table, index) => ["", ...restoreTable(table, index)]),
    "",
    "COMMIT;",
    "",
  ].join("\n");
}

export const RESTORE_SH = `#!/bin/sh
# Restores the data the migrations destroyed: DATABASE_URL=postgresql://… ./restore.sh
set -eu
cd "$(dirname "$0")"
exec psql "\${DATABASE_URL:?Set DATABASE_URL to the database to restore into}" -X -v ON_ERROR_STOP=1 -f restore.sql
`;
