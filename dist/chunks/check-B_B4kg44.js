import path from 'node:path';
import { r as readSnapshotAtRef, a as readSnapshotFromDisk, c as changedMigrationFiles, b as compareHistories, u as unchangedMigrations } from './history-DZ2SUXdF.js';
import { l as lintMigrations, c as classifyMigrations } from './migration-phases-RNZdOZo8.js';
import { m as majorOfServerVersionNum } from './postgres-version-C25lLO17.js';
import { f as formatDuration } from './duration-nHHrcb7T.js';
import { g as gateLockWaitBound, c as contractPlanReport } from './contract-plan-KvixPXRH.js';
import { p as proveEquivalent } from './equivalence-proof-DzDPWjTS.js';
import { G as GateError } from './errors-DBjELbro.js';
import { r as replayMigrations, a as readCatalog } from './replay-DI6sEdHS.js';
import { r as reconcileRecipe, d as diffCatalogs } from './catalog-diff-jmY_hefH.js';
import { c as connect, s as schemaOf } from './connection-Ch6lea8K.js';
import { l as locatePrisma, f as findPrismaProject, r as readMigrationState, a as logExcerpt, b as runPrisma } from './find-project-BJqPBpSF.js';
import { c as classifyDeployOutput } from './deploy-output-ioNC6Z1F.js';
import { u as urlEnvironmentVariables, r as readLocalMigrations, p as projectFiles, s as sessionUrl } from './project-CY9Kt091.js';
import { a as redact } from './redact-CL-xqSaj.js';
import { a as renderCheckReport } from './check-report-BCefr75C.js';
import { h as hasDrift, t as tallyCheck } from './check-tally-B_NItRVe.js';
import { r as recordChecks } from './checks-BvZVy9fh.js';
import 'node:child_process';
import 'node:fs/promises';
import './touched-objects-9ES968m9.js';
import './lexer-vuO9IFuk.js';
import 'node:crypto';
import './shell-RHphubvT.js';
import './recovery-C6jKIwzG.js';
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
import 'node:fs';
import 'node:tls';
import 'node:module';
import './contract-section-DvwFJ0v2.js';
import './lock-holder-BcXU-8Bl.js';
import './archive-section-BEFADNVV.js';

function squashCandidate(base, head) {
    const replaced = [...base.migrations.keys()].filter((name) => !head.migrations.has(name));
    const added = [...head.migrations.keys()].filter((name) => !base.migrations.has(name));
    return replaced.length > 0 && added.length === 1 ? { baseline: added[0], replaced: replaced.sort() } : undefined;
}

/** Migrations folder → schema: the SQL that a missing migration would contain. Exit code 2 means drift. */
function schemaDriftArgs(major, diff) {
    const target = major === 7 ? ["--to-schema", diff.schema] : ["--to-schema-datamodel", diff.schema];
    const shadow = major === 6 && diff.shadowDatabaseUrl ? ["--shadow-database-url", diff.shadowDatabaseUrl] : [];
    return ["migrate", "diff", "--from-migrations", diff.migrationsDir, ...target, ...shadow, "--script", "--exit-code"];
}
/** The command a person runs to write the missing migration, for the report. */
function createMigrationCommand(major, diff) {
    const folder = `${diff.migrationsDir}/$(date +%Y%m%d%H%M%S)_describe_the_change`;
    const shadow = major === 6 ? ' --shadow-database-url "$SHADOW_DATABASE_URL"' : "";
    const target = major === 7 ? `--to-schema ${diff.schema}` : `--to-schema-datamodel ${diff.schema}`;
    return `dir=${folder} && mkdir -p "$dir" && npx prisma migrate diff --from-migrations ${diff.migrationsDir} ${target}${shadow} --script > "$dir/migration.sql"`;
}
/** Prisma 6 with a driver adapter in prisma.config.ts refuses the flag and takes the shadow database from the adapter. */
function refusedShadowFlag(output) {
    return /--shadow-database-url flag to the prisma migrate diff command is not supported/.test(output);
}

// The pull-request check: schema against migrations (drift), history against the base
// branch, unsafe SQL in new or changed migrations, and, with database-url, the deploy plan
// and drift of the live database. Reported in the summary, annotations and one PR comment.
const DIFF_TIMEOUT_MS = 5 * 60_000;
function toPosix(file) {
    return file.split(path.sep).join("/");
}
class PullRequestCheck {
    settings;
    ports;
    runReport;
    install;
    project;
    local = [];
    migrationsDir = "";
    /** The PostgreSQL major the lint rules judge for: the database's own, else postgres-version, else the oldest supported. */
    postgresVersion;
    constructor(settings, ports, runReport) {
        this.settings = settings;
        this.ports = ports;
        this.runReport = runReport;
    }
    /** What migrate diff is given: every URL the schema reads points at the shadow, never the real database. */
    diffEnvironment() {
        const env = { SHADOW_DATABASE_URL: this.settings.shadowDatabaseUrl, DATABASE_URL: this.settings.shadowDatabaseUrl };
        for (const name of urlEnvironmentVariables(this.project?.schemaFiles ?? []))
            env[name] = this.settings.shadowDatabaseUrl;
        return env;
    }
    async run() {
        // A comment that cannot be written is said at the start, not after the replay.
        const comment = await this.ports.review?.verify?.();
        if (comment)
            recordChecks([comment], this.runReport, this.ports.reporter);
        this.install = locatePrisma(this.settings.workingDirectory);
        this.project = await findPrismaProject(this.install, this.settings.workingDirectory, this.diffEnvironment());
        this.migrationsDir = this.project.migrationsDir;
        this.local = readLocalMigrations(this.migrationsDir);
        const report = {
            prismaVersion: this.install.version,
            project: projectFiles(this.project),
            drift: await this.schemaDrift(),
            lint: [],
            history: [],
            rulesUrl: this.ports.review?.rulesUrl,
        };
        this.runReport.check = report;
        try {
            const url = this.settings.databaseUrl;
            this.postgresVersion = url ? await this.serverMajor(url) : this.settings.postgresVersion;
            const base = await this.historyAndLint(report);
            if (this.settings.databaseUrl)
                report.live = await this.liveDatabase(this.sessionUrl(this.settings.databaseUrl));
            if (!base)
                this.lintWithoutBase(report);
        }
        finally {
            this.annotate(report);
        }
        await this.comment(report);
        this.decide(report);
        return report;
    }
    /** The schema and migrations folder as `migrate diff` reads them, relative to the working directory. */
    schemaDriftDiff() {
        const { schema, migrationsDir } = projectFiles(this.project);
        return { migrationsDir, schema, shadowDatabaseUrl: this.settings.shadowDatabaseUrl };
    }
    /** Paths and the generating command for the live-drift recipe, as this project has them. */
    recipeLocations() {
        const diff = this.schemaDriftDiff();
        return { schema: diff.schema, migrationsDir: diff.migrationsDir, generateCommand: createMigrationCommand(this.install.major, diff) };
    }
    /** `migrate diff` from the migrations folder to the schema, replayed in the shadow database. */
    async schemaDrift() {
        const diff = this.schemaDriftDiff();
        const env = this.diffEnvironment();
        const signal = AbortSignal.timeout(DIFF_TIMEOUT_MS);
        const diffOnce = (args) => runPrisma(this.install, args, { cwd: this.settings.workingDirectory, env, signal });
        let run = await diffOnce(schemaDriftArgs(this.install.major, diff));
        if (run.exitCode === 1 && refusedShadowFlag(run.stdout + run.stderr)) {
            run = await diffOnce(schemaDriftArgs(this.install.major, { ...diff, shadowDatabaseUrl: undefined }));
        }
        if (run.aborted)
            throw new GateError("timeout", `prisma migrate diff did not finish within ${DIFF_TIMEOUT_MS / 60_000} min.`);
        if (run.exitCode === 0)
            return { found: false };
        if (run.exitCode === 2)
            return { found: true, sql: redact(run.stdout.trim()), createCommand: createMigrationCommand(this.install.major, diff) };
        // Exit 1 is an error, never "no drift".
        const verdict = classifyDeployOutput(run.exitCode, run.stdout, run.stderr);
        const reason = verdict.kind === "fatal" && (verdict.failure.reason === "db-auth" || verdict.failure.reason === "db-unreachable") ? verdict.failure.reason : "migration-failed";
        throw new GateError(reason, `prisma migrate diff failed (exit code ${run.exitCode}), so drift between the schema and the migrations is unknown:\n${redact(lastLines(run.stderr || run.stdout))}`, [
            "If a migration fails to replay (P3006), it does not apply cleanly to an empty database: fix it locally with `npx prisma migrate dev`.",
            "Check that shadow-database-url points at a reachable, disposable PostgreSQL database.",
        ]);
    }
    baseRefCandidates() {
        // A branch name given as base-ref resolves through its remote-tracking ref too, which is what
        // a shallow clone gets from `git fetch origin <branch>:refs/remotes/origin/<branch>`.
        if (this.settings.baseRef)
            return /^(origin\/|refs\/)/.test(this.settings.baseRef) ? [this.settings.baseRef] : [this.settings.baseRef, `origin/${this.settings.baseRef}`];
        return this.ports.review?.baseRefs ?? [];
    }
    async readBase() {
        const candidates = this.baseRefCandidates();
        if (candidates.length === 0) {
            this.ports.reporter.notice(`No base branch to compare with (not a pull request and no ${this.ports.optionName("base-ref")}): history checks are skipped.`);
            return undefined;
        }
        let lastError;
        for (const ref of candidates) {
            try {
                return await readSnapshotAtRef(this.ports.workspace, this.migrationsDir, ref);
            }
            catch (error) {
                lastError = error;
            }
        }
        throw lastError;
    }
    relativePath(file) {
        return toPosix(path.relative(this.ports.workspace, file));
    }
    /** History and lint against the base branch; returns the base, undefined when there is none. */
    async historyAndLint(report) {
        const head = await readSnapshotFromDisk(this.migrationsDir);
        const base = await this.readBase();
        const relativeMigrations = this.relativePath(this.migrationsDir);
        report.migrationsDir = relativeMigrations;
        if (!base)
            return undefined;
        let files = changedMigrationFiles(base, head, relativeMigrations);
        report.history = compareHistories(base, head, relativeMigrations);
        const squash = squashCandidate(base, head);
        if (squash) {
            report.squash = await this.proveSquash(squash, base, head);
            if (report.squash.equivalent) {
                // The removed folders are the squash's, and its baseline never runs where they ran.
                report.history = report.history.filter((finding) => !(finding.kind === "deleted" && squash.replaced.some((name) => finding.file.split("/").includes(name))));
                files = files.filter((file) => !file.path.split("/").includes(squash.baseline));
            }
        }
        report.lintScope = { kind: "pull-request", files: files.map((file) => file.path) };
        const deployed = unchangedMigrations(base, head);
        report.lint = lintMigrations(files, this.lintOptions(deployed));
        report.contract = this.previewContract(files, deployed);
        return base;
    }
    /**
     * Outside a pull request every migration would count as new. With the database, lint what a
     * deploy would run (the plan), reading the applied migrations as deployed; without it, say
     * that lint was skipped.
     */
    lintWithoutBase(report) {
        if (!report.live) {
            const reason = `there is no base branch to compare with (not a pull request, no ${this.ports.optionName("base-ref")}) and no ${this.ports.optionName("database-url")} to read the deploy plan from`;
            report.lintScope = { kind: "skipped", reason };
            this.ports.reporter.warning(`Migration SQL was not linted: ${reason}.`);
            return;
        }
        const byName = new Map(this.local.map((migration) => [migration.name, migration]));
        const asFile = (migration) => ({ path: this.relativePath(migration.file), sql: migration.sql });
        const planned = report.live.plan.flatMap((name) => byName.get(name) ?? []).map(asFile);
        const deployed = report.live.applied.flatMap((name) => byName.get(name) ?? []).map(asFile);
        report.lintScope = { kind: "plan", files: planned.map((file) => file.path) };
        report.lint = lintMigrations(planned, this.lintOptions(deployed));
        report.contract = this.previewContract(planned, deployed);
    }
    /** The deploy's own lock-wait bound (ddl-lock-wait) covers the lock-timeout finding of a migration it can cancel. */
    lintOptions(deployed) {
        const limit = this.settings.ddlLockWaitMs;
        const options = { deployed, postgresVersion: this.postgresVersion };
        if (limit === 0)
            return options;
        return { ...options, boundedLockWait: gateLockWaitBound(this.ports.optionName("ddl-lock-wait"), formatDuration(limit)) };
    }
    /** The live database's PostgreSQL major; a database that cannot be reached fails the check here, as the live section would. */
    async serverMajor(url) {
        const client = await connect(url);
        try {
            const result = await client.query("SELECT current_setting('server_version_num') AS version");
            return majorOfServerVersionNum(Number(result.rows[0].version));
        }
        finally {
            await client.end().catch(() => undefined);
        }
    }
    /** The linted migrations' phases, and what the deploy's contract-migrations will make of them. */
    previewContract(linted, deployed) {
        const asMigration = (file) => ({ name: path.basename(path.dirname(file.path)), sql: file.sql });
        return contractPlanReport(classifyMigrations(linted.map(asMigration), deployed.map(asMigration)), this.settings.contractMigrations, this.ports.optionName);
    }
    /** Builds the base branch's history and this branch's from empty, and compares them. */
    async proveSquash(squash, base, head) {
        const asMigrations = (snapshot) => [...snapshot.migrations.keys()].sort().map((name) => ({ name, file: path.join(this.migrationsDir, name, "migration.sql"), sql: snapshot.migrations.get(name) ?? "" }));
        const proof = await proveEquivalent(this.sessionUrl(this.settings.shadowDatabaseUrl), asMigrations(base), asMigrations(head), this.ports.reporter);
        return { ...squash, equivalent: proof.differences.length === 0, differences: proof.differences.map((difference) => difference.description) };
    }
    /** A URL of this project for the action's own sessions (see sessionUrl in project.ts). */
    sessionUrl(url) {
        return sessionUrl(url, this.install.major, this.project);
    }
    async liveDatabase(url) {
        const client = await connect(url);
        let state;
        let applied;
        try {
            await client.query("SET default_transaction_read_only = on");
            ({ state } = await readMigrationState(client, schemaOf(url), this.local));
            applied = state.applied.filter((name) => this.local.some((migration) => migration.name === name));
            const shadow = this.sessionUrl(this.settings.shadowDatabaseUrl);
            const compared = await this.liveSchemaDrift(client, schemaOf(url), shadow, applied);
            const differences = compared.filter((difference) => difference.explanation === undefined);
            return {
                applied,
                explained: compared.filter((difference) => difference.explanation !== undefined),
                plan: state.pending,
                failed: state.unfinished.map((row) => ({ name: row.migration_name, logs: logExcerpt(row.logs) })),
                missingLocally: state.missingLocally,
                edited: state.edited,
                differences,
                recipe: differences.length > 0 ? reconcileRecipe(differences, this.recipeLocations()) : [],
            };
        }
        finally {
            await client.end().catch(() => undefined);
        }
    }
    async liveSchemaDrift(live, schema, shadowUrl, applied) {
        await replayMigrations(shadowUrl, this.local, { onlyNames: applied });
        const shadow = await connect(shadowUrl);
        try {
            const expected = await readCatalog(shadow, schemaOf(shadowUrl));
            const actual = await readCatalog(live, schema);
            return diffCatalogs(expected, actual);
        }
        finally {
            await shadow.end().catch(() => undefined);
        }
    }
    annotate(report) {
        for (const finding of report.lint.filter((each) => !each.suppressed)) {
            const at = { title: `${finding.ruleId}: ${finding.message}`.slice(0, 200), file: finding.file, line: finding.line };
            const text = `${finding.why} Safe sequence: ${finding.safeSequence}`;
            if (finding.severity === "error")
                this.ports.reporter.error(text, at);
            else
                this.ports.reporter.warning(text, at);
        }
        for (const finding of report.history.filter((each) => each.acknowledged === undefined)) {
            const at = { title: `Migration history: ${finding.kind}`, file: `${report.migrationsDir}/${finding.file}`, line: finding.line ?? 1 };
            if (finding.severity === "error")
                this.ports.reporter.error(`${finding.message} ${finding.fix}`, at);
            else
                this.ports.reporter.warning(`${finding.message} ${finding.fix}`, at);
        }
    }
    async comment(report) {
        if (!this.ports.review?.publish)
            return;
        const relative = toPosix(path.relative(this.ports.workspace, this.settings.workingDirectory));
        await this.ports.review.publish(redact(renderCheckReport(report, { forComment: true })), relative && relative !== "." ? relative : undefined);
    }
    decide(report) {
        if (this.settings.failOn === "never")
            return;
        if (hasDrift(report)) {
            throw new GateError("drift", report.drift.found
                ? "The schema has changes that no migration holds: deploying would leave the database behind the code."
                : "The live database differs from what its migrations produce (a change applied by hand).", report.drift.found && report.drift.createCommand
                ? [`Create the missing migration: \`${report.drift.createCommand}\``, "Review the SQL in the summary, commit the new folder, and push."]
                : ["Capture the hand-applied change in a migration: the steps are in the summary under \"Against the live database\"."]);
        }
        const refusal = report.contract?.refusal;
        if (refusal)
            throw new GateError("contract-blocked", `The deploy would refuse these migrations: ${refusal.message}`, refusal.nextSteps);
        const { errors, warnings } = tallyCheck(report);
        if (errors > 0 || (this.settings.failOn === "warning" && warnings > 0)) {
            throw new GateError("unsafe-migration", `The check found ${errors} error(s) and ${warnings} warning(s) in the migrations (${this.ports.optionName("fail-on")} ${this.settings.failOn}).`, [
                "Follow the safe sequence shown for each finding (expand → backfill → contract), or suppress a deliberate one with `-- gate:ignore <rule> <reason>` on the line before the statement.",
                ...(report.history.some((finding) => finding.kind === "out-of-order" && finding.severity === "error" && finding.acknowledged === undefined)
                    ? ["For an out-of-order migration: rename its folder to sort after the newest migration on the base branch (while no database has applied it), or accept the order with `-- gate:ignore out-of-order <reason>` in its migration.sql."]
                    : []),
            ]);
        }
    }
}
function lastLines(text, count) {
    return text.split("\n").filter((line) => line.trim()).slice(-12).join("\n");
}
async function runCheck(settings, ports, report) {
    return await new PullRequestCheck(settings, ports, report).run();
}

export { PullRequestCheck, runCheck };
