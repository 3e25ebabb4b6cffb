import { G as GateError } from './errors-DBjELbro.js';
import { r as readLockSnapshot } from './advisory-lock-YRBNsIpJ.js';
import { d as describeTarget, c as connect, s as schemaOf } from './connection-Ch6lea8K.js';
import { l as locatePrisma, f as findPrismaProject, r as readMigrationState, a as logExcerpt } from './find-project-BJqPBpSF.js';
import { t as toLockHolder, d as describeHolder } from './lock-holder-BcXU-8Bl.js';
import { p as projectFiles, r as readLocalMigrations, s as sessionUrl } from './project-CY9Kt091.js';
import { b as resolveCommands } from './recovery-C6jKIwzG.js';
import { a as newMigrationReport } from './run-report-DqIVDTpQ.js';
import './shell-RHphubvT.js';
import './_commonjsHelpers-BFTU3MAI.js';
import 'events';
import 'util';
import 'util/types';
import 'crypto';
import 'dns';
import 'fs';
import 'net';
import 'tls';
import 'path';
import 'stream';
import 'string_decoder';
import './redact-CL-xqSaj.js';
import './tls-d6v8jijx.js';
import 'node:fs';
import 'node:path';
import 'node:tls';
import 'node:module';
import 'node:child_process';
import './duration-nHHrcb7T.js';
import 'node:crypto';

// A read-only look at the database, for a manual run or a schedule: what a deploy would
// apply, failed migrations, and who holds Prisma's lock. Takes no lock and changes nothing.
async function runStatus(settings, ports, report) {
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
        migration.rolledBack = [...new Set((rows ?? []).filter((row) => row.rolled_back_at !== null).map((row) => row.migration_name))].filter((name) => !state.applied.includes(name));
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
            throw new GateError("previous-migration-failed", `Migration ${failed.migration_name} is marked as failed: the next deploy will stop until it is resolved.`, resolveCommands(failed.migration_name));
        }
    }
    finally {
        await client.end().catch(() => undefined);
    }
    return migration;
}

export { runStatus };
