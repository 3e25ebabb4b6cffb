// The migration part of the job summary. Pure.
import { PRISMA_LOCK_CALL } from "../postgres/identifiers.js";
import { formatDuration } from "../duration.js";
import { describeHolder } from "../postgres/lock-holder.js";
import { formatBytes } from "./archive-section.js";
import { renderContractSection } from "./contract-section.js";
import { codeBlock, details, inertMarkdown, inlineCode, table } from "./markdown.js";
import type { MigrationReport, ProjectFiles } from "./run-report.js";

/** Lists this many migrations inline; a longer list (a fresh database has them all pending) folds away. */
const INLINE_NAMES = 5;

function list(names: readonly string[]): string {
  if (names.length === 0) return "none";
  const inline = names.map(inlineCode).join(", ");
  // On one line: the list sits in a table cell.
  return names.length <= INLINE_NAMES ? inline : `<details><summary>${names.length} migrations</summary>${inline}</details>`;
}

/** The schema and migrations Prisma used, and what located them. */
export function projectRows(project: ProjectFiles): string[][] {
  return [
    ["Schema", `${inlineCode(project.schema)} (${project.foundBy})`],
    ["Migrations", inlineCode(project.migrationsDir)],
    ...(project.configFile ? [["Prisma config", inlineCode(project.configFile)]] : []),
  ];
}

/**
 * `runFailed` shows Prisma's last output lines, which only matter when something went wrong.
 * `readOnly` (the status command) leaves out what only a migrating run has: applied, attempts, lock wait.
 */
export function renderMigrationSection(report: MigrationReport, runFailed: boolean, readOnly = false): string {
  const lines: string[] = ["### Migrations"];
  const migrated = readOnly
    ? []
    : [
        ["Applied by this run", report.appliedIncomplete ? `${list(report.applied)} (may be incomplete: ${report.appliedIncomplete})` : list(report.applied)],
        ["`migrate deploy` attempts", String(report.attempts)],
        ["Waited for the lock", report.lockWaitMs > 0 ? formatDuration(report.lockWaitMs) : "no"],
      ];
  lines.push(
    table(
      ["", ""],
      [
        ["Database", report.target ?? "not reached"],
        ...(report.migrationsThrough ? [["Migrations go to", report.migrationsThrough]] : []),
        ["Prisma", report.prismaVersion ?? "not found"],
        ...(report.project ? projectRows(report.project) : []),
        [readOnly ? "Pending" : "Pending before the run", report.pendingBefore ? list(report.pendingBefore) : "not read"],
        ...migrated,
      ],
    ),
  );

  const contract = report.contract && renderContractSection(report.contract);
  if (contract) lines.push(contract);

  if (report.lockHolder || report.terminated.length > 0 || report.blocked.length > 0) {
    lines.push(`#### Prisma's advisory lock (\`${PRISMA_LOCK_CALL}\`)`);
    if (report.lockHolder) {
      const holder = report.lockHolder;
      lines.push(`Last holder seen: ${inertMarkdown(describeHolder(holder))}`);
      lines.push(
        table(
          ["pid", "application_name", "client", "state", "for", "connected", "kind"],
          [
            [
              String(holder.pid),
              inertMarkdown(holder.applicationName ?? ""),
              holder.clientAddress ?? "local",
              holder.state ?? "unknown",
              holder.stateAgeMs === null ? "" : formatDuration(holder.stateAgeMs),
              holder.connectionAgeMs === null ? "" : `${formatDuration(holder.connectionAgeMs)} ago`,
              holder.kind,
            ],
          ],
        ),
      );
    }
    for (const terminated of report.terminated) lines.push(`- **Terminated** stale idle session: ${inertMarkdown(describeHolder(terminated))}`);
    for (const blocked of report.blocked) {
      const applying = blocked.migration ? ` while applying ${inlineCode(blocked.migration)}` : "";
      lines.push(`- Prisma waited for ${inertMarkdown(blocked.waitingFor)}${applying}, blocked by ${inertMarkdown(describeHolder(blocked.blocker))}`);
    }
  }

  for (const backup of report.backups) {
    lines.push(`#### Backup before migrating (${inlineCode(backup.folder)})`);
    const rows = backup.tables.map((kept) => [
      inlineCode(kept.file),
      kept.wholeTable ? `table ${inlineCode(kept.table)} (dropped)` : `${inlineCode(kept.table)}: ${kept.columns.map(inlineCode).join(", ")}`,
      String(kept.rows),
      formatBytes(kept.bytes),
    ]);
    if (backup.dump) rows.push([inlineCode(backup.dump.file), `full dump, ${backup.dump.entries} entries (verified with pg_restore --list)`, "", formatBytes(backup.dump.bytes)]);
    if (rows.length > 0) lines.push(table(["File", "What", "Rows", "Size"], rows));
    if (backup.restoreCommand) {
      lines.push(`Row counts were read back from each file. To put the data back (restore.sql runs in one transaction): ${inlineCode(backup.restoreCommand)}`);
    }
    if (backup.dump) lines.push(`The full dump restores with ${inlineCode(`pg_restore --dbname=… ${backup.folder}/${backup.dump.file}`)}.`);
    if (backup.noDump) lines.push(`No full dump: ${backup.noDump}.`);
  }

  if (report.cancelledLockWaits.length > 0) {
    lines.push("#### Lock waits cancelled (`ddl-lock-wait`)");
    lines.push(
      "A migration waiting for a table lock makes every later query on that table wait behind it. These waits were cancelled; each migration runs as one transaction, nothing of it was left (schema compared before and after), and it was marked rolled back before the next attempt.",
    );
    lines.push(
      table(
        ["Attempt", "Migration", "Waited", "Blocked by"],
        report.cancelledLockWaits.map((cancelled) => [
          String(cancelled.attempt),
          inlineCode(cancelled.migration),
          formatDuration(cancelled.waitedMs),
          inertMarkdown(describeHolder(cancelled.blocker)),
        ]),
      ),
    );
  }

  if (report.lockEvents.length > 0) {
    lines.push(
      details(
        "Timeline",
        report.lockEvents.map((event) => `- ${event.at.toISOString().slice(11, 19)} ${inertMarkdown(event.text)}`).join("\n"),
      ),
    );
  }

  const failed = report.failedMigration;
  if (failed) {
    lines.push(`#### Failed migration ${inlineCode(failed.name)}`);
    const rows: string[][] = [];
    if (failed.file) rows.push(["File", inertMarkdown(`${failed.file}${failed.line ? `:${failed.line}` : ""}`)]);
    if (failed.sqlState) rows.push(["SQLSTATE", failed.sqlState]);
    if (failed.databaseError) rows.push(["Database error", inertMarkdown(failed.databaseError)]);
    if (failed.startedAt) rows.push(["Started", failed.startedAt.toISOString()]);
    if (rows.length > 0) lines.push(table(["", ""], rows));
    if (failed.statement) lines.push("Failing statement:", codeBlock(failed.statement, "sql"));
    if (failed.logs) lines.push(details("Logs stored in _prisma_migrations", codeBlock(failed.logs)));
  }
  if (report.editedMigrations.length > 0) {
    lines.push(`> [!WARNING]\n> Applied migrations edited afterwards (the database does not have the edits): ${list(report.editedMigrations)}`);
  }
  if (report.missingLocally.length > 0) {
    lines.push(`> [!WARNING]\n> In the database but not in prisma/migrations: ${list(report.missingLocally)}`);
  }
  if (runFailed && report.prismaOutputTail) lines.push(details("Prisma's output (last lines)", codeBlock(report.prismaOutputTail)));
  return lines.join("\n\n");
}
