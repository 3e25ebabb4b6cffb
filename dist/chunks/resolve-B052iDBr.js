import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { a as abortAfter } from './deadline-juN0U-gm.js';
import { G as GateError } from './errors-DBjELbro.js';
import { r as readLockSnapshot } from './advisory-lock-YRBNsIpJ.js';
import { r as replayMigrations, a as readCatalog } from './replay-DI6sEdHS.js';
import { d as describeTarget, c as connect, s as schemaOf } from './connection-Ch6lea8K.js';
import { l as locatePrisma, f as findPrismaProject, r as readMigrationState, a as logExcerpt, b as runPrisma } from './find-project-BJqPBpSF.js';
import { t as toLockHolder, d as describeHolder } from './lock-holder-BcXU-8Bl.js';
import { r as readApplyMigrationError } from './deploy-output-ioNC6Z1F.js';
import { c as configLoadEnvironment, r as routeMigrations, a as refuseTransactionPooler, m as migrationDeliveryOf, s as statementAtPosition, f as failedMigrationEffects } from './migration-route-OK8sBa6e.js';
import { r as runStateOf, c as committedOf, d as describeEffect, e as effectsOfMigration, a as downSqlFromCatalogs } from './failed-migration-nldZeff0.js';
import { r as readLocalMigrations, s as sessionUrl } from './project-CY9Kt091.js';
import { a as redact } from './redact-CL-xqSaj.js';
import 'node:timers/promises';
import './cancellation-VqQUiZI-.js';
import './duration-nHHrcb7T.js';
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
import './tls-d6v8jijx.js';
import 'node:tls';
import 'node:module';
import 'node:child_process';
import './lexer-vuO9IFuk.js';
import './settings-D0azROVc.js';
import './options-DIaJ1Lml.js';
import './postgres-version-C25lLO17.js';
import './catalog-diff-jmY_hefH.js';
import './recovery-C6jKIwzG.js';
import 'node:crypto';

function newResolveReport() {
    return { failed: false, recorded: false };
}

// Recovery from a failed migration without guessing. Without a decision it only reports: the
// failed migration, its logs, whether it is still running, and what of it the database holds.
// With an explicit decision (rolled back, or applied) it runs `prisma migrate resolve`, checks
// the history table, and says what the next deploy will do. It never runs migration SQL.
/** `prisma migrate resolve` takes the advisory lock (10 s) and writes one row: two minutes is plenty. */
const PRISMA_RESOLVE_TIMEOUT_MS = 120_000;
function refused(message, ...nextSteps) {
    return new GateError("resolve-refused", message, nextSteps);
}
function pendingText(pending) {
    return pending.length === 0 ? "nothing" : pending.join(", ");
}
class Resolver {
    settings;
    ports;
    report = newResolveReport();
    local = [];
    install;
    project;
    /** Where `prisma migrate resolve` writes, and so where this command reads. */
    routed;
    constructor(settings, ports) {
        this.settings = settings;
        this.ports = ports;
    }
    async run(runReport) {
        runReport.resolve = this.report;
        this.report.target = describeTarget(this.settings.databaseUrl);
        this.report.decision = this.settings.decision;
        this.install = locatePrisma(this.settings.workingDirectory);
        // The same migrations folder as `prisma migrate resolve` itself uses there.
        this.project = await findPrismaProject(this.install, this.settings.workingDirectory, configLoadEnvironment(this.settings, this.ports));
        this.routed = routeMigrations(this.install, this.project, this.settings, this.ports);
        this.report.target = describeTarget(this.url);
        this.local = readLocalMigrations(this.project.migrationsDir);
        // Only a decision writes through Prisma; a report reads, which any pooler allows.
        if (this.settings.decision)
            await refuseTransactionPooler(this.routed, this.ports);
        const client = await connect(this.url);
        try {
            if (this.settings.decision)
                await refuseTransactionPooler(this.routed, this.ports, client);
            await this.inspect(client);
        }
        finally {
            await client.end().catch(() => undefined);
        }
        if (this.settings.decision)
            await this.record(this.settings.decision);
        return this.report;
    }
    /** A URL of this project for the action's own sessions (see sessionUrl in project.ts). */
    sessionUrl(url) {
        return this.install && this.project ? sessionUrl(url, this.install.major, this.project) : url;
    }
    /** The URL Prisma resolves through (the schema's directUrl, direct-url or database-url), for the action's own sessions. */
    get url() {
        return this.sessionUrl(this.routed?.route.url ?? this.settings.databaseUrl);
    }
    info(message) {
        this.ports.reporter.info(message);
    }
    async readState(client) {
        return (await readMigrationState(client, schemaOf(this.url), this.local)).state;
    }
    /** Everything up to the decision: read-only. */
    async inspect(client) {
        const state = await this.readState(client);
        this.report.pendingBefore = state.pending;
        const snapshot = await readLockSnapshot(client);
        this.report.lockHolder = snapshot.holder ? toLockHolder(snapshot.holder) : undefined;
        const decision = this.settings.decision;
        const row = decision ? state.unfinished.find((each) => each.migration_name === decision.migration) : state.unfinished[0];
        const name = decision?.migration ?? row?.migration_name;
        if (!name) {
            this.info(`No failed migration in ${this.report.target}: nothing to resolve. The next deploy applies: ${pendingText(state.pending)}.`);
            return;
        }
        this.report.migration = name;
        this.refuseImpossible(state, name, row !== undefined);
        const migration = this.local.find((each) => each.name === name);
        if (!migration) {
            throw refused(`The migrations folder has no ${name}: Prisma resolves a migration by its folder (P3017).`, `Check out the commit that contains prisma/migrations/${name}/migration.sql and run resolve from there.`);
        }
        if (row) {
            this.report.failed = true;
            this.report.startedAt = row.started_at;
            this.report.logs = logExcerpt(row.logs);
            this.report.runState = runStateOf(this.report.lockHolder);
            this.info(`Migration ${name} started at ${row.started_at.toISOString()} and has not finished.`);
            if (this.report.logs)
                this.info(`Logs Prisma stored with it:\n${this.report.logs}`);
            else
                this.info("Prisma stored no logs with it (the process applying it stopped before it could).");
            if (this.report.runState === "running") {
                this.info(`It is still running: Prisma's lock 72707369 is held by ${describeHolder(this.report.lockHolder)}. Nothing is touched.`);
                if (decision) {
                    throw refused(`Migration ${name} is still being applied (lock 72707369 is held by a live session, pid ${this.report.lockHolder.pid}): resolve never touches a running migration.`, "Wait for it to finish, then run resolve again to see whether it failed.");
                }
                return;
            }
            if (this.report.runState === "lock-held") {
                this.ports.reporter.warning(`Prisma's lock 72707369 is held by ${describeHolder(this.report.lockHolder)}.`);
            }
            else {
                this.info("Nobody holds Prisma's lock 72707369: the run that applied it is gone, the migration really failed.");
            }
        }
        await this.whatWasCommitted(migration, state);
        if (decision && this.report.runState === "lock-held") {
            throw refused(`Prisma's lock 72707369 is held by pid ${this.report.lockHolder.pid}, so \`prisma migrate resolve\` would wait for it and time out.`, `If that session is a leftover, end it first: \`SELECT pg_terminate_backend(${this.report.lockHolder.pid});\`, then run resolve again.`);
        }
    }
    /** A decision Prisma would refuse, refused before anything runs, in words that say why. */
    refuseImpossible(state, name, failed) {
        const decision = this.settings.decision;
        if (decision?.kind === "rolled-back" && !failed) {
            throw refused(`Migration ${name} is not in a failed state, so it cannot be marked rolled back (Prisma: P3012). ${state.unfinished.length > 0 ? `The failed one is ${state.unfinished[0].migration_name}.` : "No migration has failed."}`);
        }
        if (decision?.kind === "applied" && state.applied.includes(name)) {
            throw refused(`Migration ${name} is already recorded as applied (Prisma: P3008): there is nothing to resolve.`);
        }
    }
    async whatWasCommitted(migration, state) {
        const delivery = migrationDeliveryOf(this.install.major, this.settings.workingDirectory);
        const position = this.report.logs ? readApplyMigrationError(this.report.logs).position : undefined;
        const failingLine = position === undefined ? undefined : statementAtPosition(migration.sql, position)?.line;
        const leftBehind = failedMigrationEffects(delivery, migration.sql, failingLine);
        if (this.report.failed) {
            this.report.leftBehind = leftBehind.explanation;
            this.info(leftBehind.explanation);
        }
        const shadow = this.settings.shadowDatabaseUrl;
        if (!shadow) {
            this.report.effectsUnknownBecause = `no ${this.ports.optionName("shadow-database-url")} was given to replay the migrations into`;
        }
        else {
            await this.compareCatalogs(migration, state, this.sessionUrl(shadow));
        }
        this.report.committed = committedOf(leftBehind.partlyApplied, this.report.effects);
        const effects = this.report.effects;
        if (effects && effects.length > 0) {
            const present = effects.filter((effect) => effect.inDatabase);
            this.info(`Of its ${effects.length} effect(s) on the schema, the database holds ${present.length}:`);
            for (const effect of effects)
                this.info(`  ${effect.inDatabase ? "present" : "absent "}  ${describeEffect(effect)}`);
        }
        if (this.report.committed === "nothing")
            this.info("Nothing of it was committed.");
        if (this.report.committed === "unknown")
            this.info(`Which of its objects exist is unknown: ${this.report.effectsUnknownBecause}.`);
    }
    /** Replays the migrations before it (and then it) into the shadow database and compares with the live catalog. */
    async compareCatalogs(migration, state, shadowUrl) {
        const position = this.local.indexOf(migration);
        const before = this.local.slice(0, position).filter((each) => state.applied.includes(each.name)).map((each) => each.name);
        const live = await this.readLiveCatalog();
        const beforeCatalog = await this.ports.reporter.step(`Replaying the ${before.length} migration(s) before ${migration.name} into the shadow database`, async () => {
            await replayMigrations(shadowUrl, this.local, { onlyNames: before });
            return await this.readShadowCatalog(shadowUrl);
        });
        if (this.settings.downSqlPath)
            this.writeDownSql(migration.name, beforeCatalog, live);
        let afterCatalog;
        try {
            afterCatalog = await this.ports.reporter.step(`Replaying ${migration.name} on top of them`, async () => {
                await replayMigrations(shadowUrl, this.local, { onlyNames: [...before, migration.name] });
                return await this.readShadowCatalog(shadowUrl);
            });
        }
        catch (error) {
            if (!(error instanceof GateError) || error.reason !== "migration-failed")
                throw error;
            this.report.effectsUnknownBecause = `the file does not apply to the schema the migrations before it produce either (${error.message})`;
            return;
        }
        this.report.effects = effectsOfMigration(beforeCatalog, afterCatalog, live);
    }
    async readLiveCatalog() {
        const client = await connect(this.url);
        try {
            return await readCatalog(client, schemaOf(this.url));
        }
        finally {
            await client.end().catch(() => undefined);
        }
    }
    async readShadowCatalog(shadowUrl) {
        const client = await connect(this.sessionUrl(shadowUrl));
        try {
            return await readCatalog(client, schemaOf(shadowUrl));
        }
        finally {
            await client.end().catch(() => undefined);
        }
    }
    writeDownSql(name, before, live) {
        const file = this.settings.downSqlPath;
        const statements = downSqlFromCatalogs(before, live);
        const header = [
            `-- Takes the database back to the state the migrations before ${name} produce.`,
            "-- Derived from comparing the database's catalog with those migrations replayed into a shadow database.",
            "-- Written for review: prisma-gated-deploy never runs it. Data in dropped objects is lost.",
            statements.length === 0 ? "-- The database already is in that state: there is nothing to undo." : "",
        ].filter(Boolean);
        writeFileSync(file, `${[...header, ...statements].join("\n")}\n`);
        this.report.downSqlFile = path.relative(this.ports.workspace, file).split(path.sep).join("/");
        this.info(`Wrote the SQL back to the state before ${name} to ${this.report.downSqlFile} (${statements.length} statement(s), not run).`);
    }
    async record(decision) {
        if (decision.kind === "applied")
            this.refuseMissingObjects(decision);
        const flag = decision.kind === "rolled-back" ? "--rolled-back" : "--applied";
        if (decision.kind === "rolled-back" && (this.report.committed === "part" || this.report.committed === "all")) {
            const present = (this.report.effects ?? []).filter((effect) => effect.inDatabase).map(describeEffect);
            this.ports.reporter.warning(`The next deploy runs all of ${decision.migration} again, but the database already holds part of it (${present.join("; ")}). Revert that first${this.report.downSqlFile ? ` (see ${this.report.downSqlFile})` : ""}, or make those statements idempotent, or it fails again.`);
        }
        const env = { ...this.routed?.route.env };
        const run = await this.ports.reporter.step(`prisma migrate resolve ${flag} ${decision.migration}`, () => runPrisma(this.install, ["migrate", "resolve", flag, decision.migration], {
            cwd: this.settings.workingDirectory,
            env,
            signal: abortAfter(PRISMA_RESOLVE_TIMEOUT_MS, ...(this.ports.signal ? [this.ports.signal] : [])),
            onLine: (line) => this.info(redact(line)),
        }));
        if (run.aborted) {
            throw new GateError("timeout", `prisma migrate resolve did not finish within ${PRISMA_RESOLVE_TIMEOUT_MS / 1000} s (waiting for Prisma's lock 72707369 and one write to _prisma_migrations).`);
        }
        if (run.exitCode !== 0) {
            throw refused(`prisma migrate resolve ${flag} ${decision.migration} failed (exit code ${run.exitCode}):\n${redact((run.stderr || run.stdout).trim().split("\n").slice(-12).join("\n"))}`);
        }
        await this.verify(decision);
    }
    refuseMissingObjects(decision) {
        const missing = (this.report.effects ?? []).filter((effect) => !effect.inDatabase).map(describeEffect);
        const unknown = this.report.effects === undefined;
        if (!unknown && missing.length === 0)
            return;
        const why = unknown
            ? `Whether the database holds what ${decision.migration} creates is unknown: ${this.report.effectsUnknownBecause}.`
            : `The database lacks part of what ${decision.migration} does: ${missing.join("; ")}.`;
        if (decision.force) {
            this.ports.reporter.warning(`${why} Recorded as applied anyway, forced with the reason: ${decision.force}`);
            return;
        }
        throw refused(`${why} Marking it applied would make every later migration run against a schema it does not expect.`, "Complete the missing steps by hand exactly as the migration file has them, then run resolve again.", `Or, if it should run again instead, revert what it did, fix the file and mark it rolled back: ${this.ports.optionName("rolled-back")} ${decision.migration}.`, `If the difference is deliberate, give the reason: ${this.ports.optionName("force")} "<why>".`);
    }
    /** Reads the history table back: the decision must show there, not only in Prisma's exit code. */
    async verify(decision) {
        const client = await connect(this.url);
        let state;
        try {
            state = await this.readState(client);
        }
        finally {
            await client.end().catch(() => undefined);
        }
        const stillFailed = state.unfinished.some((row) => row.migration_name === decision.migration);
        const shows = decision.kind === "applied" ? state.applied.includes(decision.migration) && !stillFailed : !stillFailed;
        if (!shows) {
            throw new GateError("internal-error", `prisma migrate resolve reported success, but _prisma_migrations does not show ${decision.migration} as ${decision.kind}.`, ["Look at the table: `SELECT migration_name, started_at, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at;`"]);
        }
        this.report.recorded = true;
        this.report.pendingAfter = state.pending;
        this.info(`_prisma_migrations now shows ${decision.migration} as ${decision.kind}. The next deploy applies: ${pendingText(state.pending)}.`);
    }
}
async function runResolve(settings, ports, report) {
    return await new Resolver(settings, ports).run(report);
}

export { runResolve };
