// A read-only look at the database, for a manual run or a schedule: what a deploy would
// apply, failed migrations, and who holds Prisma's lock. Takes no lock and changes nothing.
import { GateError } from "../errors.js";
import { readLockSnapshot } from "../postgres/advisory-lock.js";
import { connect, describeTarget, schemaOf } from "../postgres/connection.js";
import { logExcerpt, readMigrationState } from "../postgres/history.js";
import { describeHolder, toLockHolder } from "../postgres/lock-holder.js";
import { findPrismaProject } from "../prisma/find-project.js";
import { locatePrisma } from "../prisma/locate.js";
import { projectFiles, readLocalMigrations, sessionUrl } from "../prisma/project.js";
import { resolveCommands } from "../prisma/recovery.js";
import { newMigrationReport, type MigrationReport, type RunReport } from "../report/run-report.js";
import type { Ports } from "../core/ports.js";
import type { StatusSettings } from "../settings.js";

export async function runStatus(settings: StatusSettings, ports: Ports, report: RunReport): Promise<MigrationReport> {
  const url = settings.databaseUrl;
  const migration = newMigrationReport();
  report.migration = migration;
  migration.target = describeTarget(url);
  // The same schema and migrations as the project's own Prisma would use.
  const install = locatePrisma(settings.workingDirectory);
  migration.prismaVersion = install.version;
  const project = await findPrismaProject(install, settings.workingDirectory, { DATABASE_URL: url });
  migration.project = projectFiles(project);
  const local = readLocalMigrations(project.migrationsDir);
  const client = await connect(sessionUrl(url, install.major, project));
  try {
    await client.query("SET default_transaction_read_only = on");
    const { rows, state } = await readMigrationState(client, schemaOf(url), local);
    migration.rolledBack = [...new Set((rows ?? []).filter((row) => row.rolled_back_at !== null).map((row) => row.migration_name))].filter(
      (name) => !state.applied.includes(name),
    );
    migration.pendingBefore = state.pending;
    migration.editedMigrations = state.edited;
    migration.missingLocally = state.missingLocally;
    const snapshot = await readLockSnapshot(client);
    if (snapshot.holder) {
      migration.lockHolder = toLockHolder(snapshot.holder);
      report.warnings.push(`Prisma's advisory lock is held by ${describeHolder(migration.lockHolder)}`);
      ports.reporter.warning(report.warnings[report.warnings.length - 1]);
    }
    ports.reporter.info(state.pending.length === 0 ? "Nothing pending." : `Pending: ${state.pending.join(", ")}`);
    const failed = state.unfinished[0];
    if (failed && migration.lockHolder?.kind !== "live") {
      migration.failedMigration = { name: failed.migration_name, startedAt: failed.started_at, logs: logExcerpt(failed.logs) };
      throw new GateError(
        "previous-migration-failed",
        `Migration ${failed.migration_name} is marked as failed: the next deploy will stop until it is resolved.`,
        resolveCommands(failed.migration_name),
      );
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  return migration;
}
