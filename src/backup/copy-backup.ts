// Streams exactly the data the pending migrations destroy out of the database with COPY,
// gzip-compressed, verifies each file by reading it back, and writes a restore script
// beside the files. Memory stays flat: rows flow from the socket through gzip to the disk.
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants as zlib, createGunzip, createGzip } from "node:zlib";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { DestroyedData } from "./destroyed-data.js";
import { quoteIdentifier, RESTORE_SH, restoreSql, type BackedUpTable, type BackupColumn } from "./restore-script.js";

const COLUMNS_SQL = `
SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
       EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = a.attrelid AND x.indisprimary AND a.attnum = ANY (x.indkey)) AS "inKey"
  FROM pg_attribute a
 WHERE a.attrelid = to_regclass(quote_ident($1) || '.' || quote_ident($2)) AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum`;

export interface CopyBackup {
  folder: string;
  tables: BackedUpTable[];
  /** Tables or columns the migrations destroy that do not exist yet (created by an earlier pending migration). */
  notPresent: string[];
}

/** File names the action chooses itself, so the restore script can name them unquoted. */
function fileNameFor(table: string, index: number): string {
  return `${String(index + 1).padStart(2, "0")}-${table.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 60)}.copy.gz`;
}

/**
 * pg-copy-streams hands over one chunk per COPY message, that is one per row; gzip and the
 * file would pay their per-write cost a million times for a million rows. Gathered into
 * pieces of this size they pay it a few hundred times.
 */
const PIECE_BYTES = 256 * 1024;

function gatherIntoPieces(): Transform {
  let parts: Buffer[] = [];
  let length = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      length += chunk.length;
      if (length >= PIECE_BYTES) {
        this.push(Buffer.concat(parts, length));
        parts = [];
        length = 0;
      }
      done();
    },
    flush(done) {
      if (length > 0) this.push(Buffer.concat(parts, length));
      done();
    },
  });
}

/** Counts the rows of a gzip-compressed COPY text file: one line each (newlines in values are escaped). */
async function rowsInFile(file: string): Promise<number> {
  let rows = 0;
  await pipeline(
    createReadStream(file),
    createGunzip(),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++;
        done();
      },
    }),
  );
  return rows;
}

/**
 * Backs up `destroyed` from `schema` into `folder` (created). One REPEATABLE READ READ ONLY
 * transaction, so every count and every file is the same moment. Throws when a file cannot be
 * written or its row count read back differs from the database's.
 */
export async function backUpDestroyedData(client: pg.Client, schema: string, destroyed: readonly DestroyedData[], folder: string): Promise<CopyBackup> {
  await mkdir(folder, { recursive: true });
  const tables: BackedUpTable[] = [];
  const notPresent: string[] = [];
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    for (const item of destroyed) {
      const { rows: live } = await client.query<BackupColumn & { inKey: boolean }>(COLUMNS_SQL, [schema, item.table]);
      if (live.length === 0) {
        notPresent.push(item.table);
        continue;
      }
      const keyColumns = live.filter((column) => column.inKey).map((column) => column.name);
      const destroyedColumns = item.columns?.filter((name) => live.some((column) => column.name === name));
      if (destroyedColumns?.length === 0) {
        notPresent.push(...(item.columns ?? []).map((name) => `${item.table}.${name}`));
        continue;
      }
      // Without a primary key a column cannot be matched back to its row: keep the whole rows.
      const wholeTable = destroyedColumns === undefined || keyColumns.length === 0;
      const columns = live
        .filter((column) => wholeTable || column.inKey || destroyedColumns?.includes(column.name))
        .map(({ name, type, notNull }) => ({ name, type, notNull }));
      const file = fileNameFor(item.table, tables.length);
      const source = `${quoteIdentifier(schema)}.${quoteIdentifier(item.table)}`;
      const select = `SELECT ${columns.map((column) => quoteIdentifier(column.name)).join(", ")} FROM ${source}`;
      const counted = await client.query<{ rows: string }>(`SELECT count(*) AS rows FROM ${source}`);
      const rows = Number(counted.rows[0].rows);
      // The fastest level: a backup taken while a deploy waits should cost little time; COPY text still shrinks several-fold.
      await pipeline(client.query(copyTo(`COPY (${select}) TO STDOUT`)), gatherIntoPieces(), createGzip({ level: zlib.Z_BEST_SPEED }), createWriteStream(path.join(folder, file)));
      const readBack = await rowsInFile(path.join(folder, file));
      if (readBack !== rows) throw new Error(`${file} holds ${readBack} row(s) read back, but ${item.table} has ${rows}.`);
      tables.push({ schema, table: item.table, wholeTable, columns, keyColumns, file, rows, bytes: (await stat(path.join(folder, file))).size, because: item.because });
    }
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
  }
  if (tables.length > 0) {
    await writeFile(path.join(folder, "restore.sql"), restoreSql(tables));
    await writeFile(path.join(folder, "restore.sh"), RESTORE_SH);
    await chmod(path.join(folder, "restore.sh"), 0o755);
  }
  return { folder, tables, notPresent };
}
