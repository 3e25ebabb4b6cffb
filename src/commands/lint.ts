// `lint`: the pull-request check's SQL rules on the files a person names, before a commit.
// A folder of Prisma migrations is read in the order Prisma applies it; with a base ref, only
// the migrations that are new or changed since it are linted, as the check does.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { changedMigrationFiles, readSnapshotAtRef, readSnapshotFromDisk, unchangedMigrations } from "../check/history.js";
import { lintMigrations, type Finding, type MigrationFile } from "../check/sql-lint.js";
import type { Ports } from "../core/ports.js";
import { GateError } from "../errors.js";
import { readLocalMigrations, type LocalMigration } from "../prisma/project.js";
import { tallyCheck, type CheckTally } from "../report/check-tally.js";
import type { FailOn } from "../settings.js";

export interface LintSettings {
  /** Files and folders, as given (relative to the workspace or absolute). */
  readonly paths: readonly string[];
  readonly baseRef?: string;
  readonly failOn: FailOn;
  /** The PostgreSQL major the rules judge for; undefined: the oldest supported. */
  readonly postgresVersion?: number;
}

export interface LintResult {
  files: string[];
  findings: Finding[];
  tally: CheckTally;
  /** True when a finding reaches `failOn`. */
  failed: boolean;
}

function toPosix(file: string): string {
  return file.split(path.sep).join("/");
}

function isMigrationsFolder(folder: string): boolean {
  return readLocalMigrations(folder).length > 0;
}

function sqlFilesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : sqlFilesUnder(full);
      return entry.isFile() && entry.name.endsWith(".sql") ? [full] : [];
    })
    .sort();
}

interface FolderFiles {
  linted: MigrationFile[];
  /** With a base ref, the migrations the base already had: read as deployed, as the check does. */
  deployed: MigrationFile[];
}

async function filesOfMigrationsFolder(folder: string, settings: LintSettings, ports: Ports): Promise<FolderFiles> {
  const relativeFolder = toPosix(path.relative(ports.workspace, folder)) || ".";
  if (!settings.baseRef) {
    const asFile = (migration: LocalMigration) => ({ path: toPosix(path.relative(ports.workspace, migration.file)), sql: migration.sql });
    return { linted: readLocalMigrations(folder).map(asFile), deployed: [] };
  }
  const base = await readSnapshotAtRef(ports.workspace, folder, settings.baseRef);
  const head = await readSnapshotFromDisk(folder);
  return { linted: changedMigrationFiles(base, head, relativeFolder), deployed: unchangedMigrations(base, head) };
}

export async function runLint(settings: LintSettings, ports: Ports): Promise<LintResult> {
  if (settings.paths.length === 0) {
    throw new GateError("invalid-input", "Name the SQL files or migration folders to lint.", [
      "prisma-gated-deploy lint prisma/migrations",
      "prisma-gated-deploy lint prisma/migrations/20260101000000_add_email/migration.sql",
    ]);
  }
  const files: MigrationFile[] = [];
  const deployed: MigrationFile[] = [];
  for (const given of settings.paths) {
    const full = path.resolve(ports.workspace, given);
    if (!existsSync(full)) {
      throw new GateError("invalid-input", `'${given}' does not exist (resolved to ${full}).`, ["Give a .sql file or a folder of migrations, relative to the current folder."]);
    }
    if (statSync(full).isFile()) {
      files.push({ path: toPosix(path.relative(ports.workspace, full)), sql: readFileSync(full, "utf8") });
    } else if (isMigrationsFolder(full)) {
      const folderFiles = await filesOfMigrationsFolder(full, settings, ports);
      files.push(...folderFiles.linted);
      deployed.push(...folderFiles.deployed);
    } else {
      for (const file of sqlFilesUnder(full)) files.push({ path: toPosix(path.relative(ports.workspace, file)), sql: readFileSync(file, "utf8") });
    }
  }
  const findings = lintMigrations(files, { deployed, postgresVersion: settings.postgresVersion });
  const tally = tallyCheck({ lint: findings, history: [] });
  const failed = settings.failOn === "never" ? false : tally.errors > 0 || (settings.failOn === "warning" && tally.warnings > 0);
  return { files: files.map((file) => file.path), findings, tally, failed };
}
