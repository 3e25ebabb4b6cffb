// The `backup` option before the migrations run: what the pending migrations destroy is
// streamed out with COPY (copy-backup.ts), and a full dump is added when asked for or possible.
// Any failure stops the run before Prisma starts: a migration that destroys data never runs
// without the backup that was asked for.
import path from "node:path";
import type pg from "pg";
import { formatBytes } from "../report/archive-section.js";
import { GateError } from "../errors.js";
import type { BackupMode } from "../settings.js";
import type { BackupReport } from "../report/run-report.js";
import { backUpDestroyedData } from "./copy-backup.js";
import { destroyedData } from "./destroyed-data.js";
import type { MigrationSql } from "../prisma/project.js";
import { dumpAvailability, takeFullDump } from "./full-dump.js";

export interface BackupRequest {
  mode: Exclude<BackupMode, "never">;
  /** Absolute; the run's folder is created inside it. */
  backupPath: string;
  workspace: string;
  databaseUrl: string;
  schema: string;
  pending: readonly MigrationSql[];
  warn(text: string): void;
}

function relative(workspace: string, file: string): string {
  return path.relative(workspace, file).split(path.sep).join("/") || ".";
}

/** Undefined when there is nothing to back up (nothing pending, or nothing destroyed with `destructive`). */
export async function takeBackup(client: pg.Client, request: BackupRequest): Promise<BackupReport | undefined> {
  const destroyed = destroyedData(request.pending);
  if (request.pending.length === 0 || (request.mode === "destructive" && destroyed.length === 0)) return undefined;
  const folder = path.join(request.backupPath, new Date().toISOString().replace(/[:.]/g, "-"));
  const report: BackupReport = { folder: relative(request.workspace, folder), tables: [] };
  try {
    const server = await client.query<{ version: string }>("SELECT current_setting('server_version_num') AS version");
    const availability = await dumpAvailability(Math.floor(Number(server.rows[0].version) / 10_000));
    if (!availability.usable && request.mode === "always") throw new Error(`backup: always takes a full dump, but ${availability.why}.`);
    const copy = await backUpDestroyedData(client, request.schema, destroyed, folder);
    report.tables = copy.tables.map((table) => ({
      table: table.table,
      file: table.file,
      rows: table.rows,
      bytes: table.bytes,
      wholeTable: table.wholeTable,
      columns: table.columns.map((column) => column.name),
      because: table.because,
    }));
    if (copy.tables.length > 0) report.restoreCommand = `DATABASE_URL=… ${report.folder}/restore.sh`;
    if (availability.usable) {
      const dump = await takeFullDump(request.databaseUrl, folder, availability.clientMajor);
      report.dump = { file: path.basename(dump.file), bytes: dump.bytes, entries: dump.entries };
    } else {
      report.noDump = availability.why;
      request.warn(`No full dump besides the backup of the destroyed data: ${availability.why}.`);
    }
    return report;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new GateError("backup-failed", `The backup before migrating could not be taken or verified, so nothing was migrated: ${why}`, [
      `Check that backup-path (${relative(request.workspace, request.backupPath)}) is a folder the job can write, with room for the data.`,
      "Re-run the workflow once the backup can be written; or set backup: never to migrate without one.",
    ]);
  }
}

/** One line per file for logs. */
export function describeBackup(report: BackupReport): string[] {
  return [
    ...report.tables.map((table) => `${report.folder}/${table.file}: ${table.rows} row(s) of ${table.table}${table.wholeTable ? "" : ` (${table.columns.join(", ")})`}, ${formatBytes(table.bytes)}`),
    ...(report.dump ? [`${report.folder}/${report.dump.file}: full dump, ${report.dump.entries} entries, ${formatBytes(report.dump.bytes)}`] : []),
  ];
}
