import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { a as abortAfter } from './deadline-juN0U-gm.js';
import { G as GateError } from './errors-DBjELbro.js';
import { d as describeTarget, c as connect, s as schemaOf } from './connection-Ch6lea8K.js';
import { p as proveEquivalent } from './equivalence-proof-DzDPWjTS.js';
import { l as locatePrisma, f as findPrismaProject, b as runPrisma, c as readHistoryRows, i as compareHistory } from './find-project-BJqPBpSF.js';
import { r as readLocalMigrations, u as urlEnvironmentVariables, s as sessionUrl } from './project-CY9Kt091.js';
import { a as redact } from './redact-CL-xqSaj.js';
import 'node:timers/promises';
import './cancellation-VqQUiZI-.js';
import './duration-nHHrcb7T.js';
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
import 'node:crypto';
import './replay-DI6sEdHS.js';
import './shell-RHphubvT.js';
import './catalog-diff-jmY_hefH.js';
import './recovery-C6jKIwzG.js';
import 'node:module';

function newSquashReport(dryRun) {
    return { replaced: [], databases: [], dryRun };
}

// Replaces a long migration history by one baseline, following the squash procedure: the
// baseline is generated from the schema (`migrate diff --from-empty`), proven to build the same
// schema as the old history in two scratch databases, and only then written; the old folders
// move out and every database given records the baseline as applied.
/** `migrate diff` from empty and `migrate resolve` each take seconds; five minutes is a stuck process. */
const PRISMA_TIMEOUT_MS = 300_000;
function refused(message, ...nextSteps) {
    return new GateError("squash-refused", message, nextSteps);
}
function timestamp(now) {
    return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}
class Squasher {
    settings;
    ports;
    report;
    migrationsDir = "";
    local = [];
    install;
    project;
    constructor(settings, ports) {
        this.settings = settings;
        this.ports = ports;
        this.report = newSquashReport(settings.dryRun);
    }
    relative(file) {
        return path.relative(this.ports.workspace, file).split(path.sep).join("/");
    }
    async run(runReport) {
        runReport.squash = this.report;
        this.install = locatePrisma(this.settings.workingDirectory);
        // The schema and migrations folder Prisma itself uses there; its URLs point at the shadow database.
        this.project = await findPrismaProject(this.install, this.settings.workingDirectory, { DATABASE_URL: this.settings.shadowDatabaseUrl });
        this.migrationsDir = this.project.migrationsDir;
        this.local = readLocalMigrations(this.migrationsDir);
        this.report.replaced = this.local.map((migration) => migration.name);
        if (this.local.length < 2) {
            throw refused(`${this.relative(this.migrationsDir)} holds ${this.local.length} migration(s): there is nothing to squash.`);
        }
        const baseline = { name: `${timestamp(new Date())}_baseline`, file: "", sql: await this.generateBaseline() };
        baseline.file = path.join(this.migrationsDir, baseline.name, "migration.sql");
        this.report.baseline = baseline.name;
        await this.prove(baseline);
        await this.checkDatabases();
        if (this.settings.dryRun) {
            this.ports.reporter.info(`Dry run: ${baseline.name} would replace ${this.local.length} migrations and be recorded applied in ${this.settings.databaseUrls.length} database(s). Nothing was changed.`);
            return this.report;
        }
        this.writeBaseline(baseline);
        this.moveOldFolders(baseline.name);
        for (const url of this.settings.databaseUrls)
            await this.recordApplied(url, baseline.name);
        return this.report;
    }
    /** The SQL from an empty database to the schema, plus the appended file. */
    async generateBaseline() {
        const schema = path.relative(this.settings.workingDirectory, this.project.schema) || this.project.schema;
        const target = this.install.major === 7 ? ["--to-schema", schema] : ["--to-schema-datamodel", schema];
        const run = await this.prisma(["migrate", "diff", "--from-empty", ...target, "--script"], this.settings.shadowDatabaseUrl);
        if (run.exitCode !== 0) {
            throw refused(`prisma migrate diff --from-empty failed (exit code ${run.exitCode}):\n${redact((run.stderr || run.stdout).trim().split("\n").slice(-12).join("\n"))}`, "Run `npx prisma validate` and fix the schema first.");
        }
        let sql = run.stdout.replace(/\s+$/, "\n");
        if (this.settings.appendPath) {
            this.report.appended = this.relative(this.settings.appendPath);
            sql += `\n-- Appended from ${this.report.appended}\n${readFileSync(this.settings.appendPath, "utf8").replace(/\s+$/, "")}\n`;
        }
        return sql;
    }
    async prisma(args, url) {
        const env = { DATABASE_URL: url };
        for (const name of urlEnvironmentVariables(this.project.schemaFiles))
            env[name] = url;
        const signal = abortAfter(PRISMA_TIMEOUT_MS, ...(this.ports.signal ? [this.ports.signal] : []));
        const run = await runPrisma(this.install, args, { cwd: this.settings.workingDirectory, env, signal });
        if (run.aborted)
            throw new GateError("timeout", `prisma ${args.slice(0, 2).join(" ")} did not finish within ${PRISMA_TIMEOUT_MS / 60_000} min.`);
        return run;
    }
    /** Builds both sides from empty in two scratch databases beside the shadow database, and compares them. */
    async prove(baseline) {
        const proof = await proveEquivalent(sessionUrl(this.settings.shadowDatabaseUrl, this.install.major, this.project), this.local, [baseline], this.ports.reporter);
        const differences = proof.differences;
        this.report.proof = { equivalent: differences.length === 0, ...proof };
        if (differences.length > 0) {
            throw refused(`The baseline is not equivalent to the ${this.local.length} migrations it would replace (${differences.length} difference(s)); nothing was changed:\n${differences.map((difference) => `- ${difference.description}`).join("\n")}`, "Make prisma/schema.prisma describe what the migrations build (`npx prisma db pull` against a database built from them shows how), or append what the schema cannot express with --append <file.sql> (functions, triggers, sequence values, seed data), then run squash again.");
        }
        this.ports.reporter.info(`Proof passed: the baseline builds the same schema as the ${this.local.length} migrations.`);
    }
    /** Every database must be at the latest migration: all of them are checked before any is touched. */
    async checkDatabases() {
        const problems = [];
        for (const url of this.settings.databaseUrls) {
            const target = describeTarget(url);
            const client = await connect(sessionUrl(url, this.install.major, this.project));
            try {
                const rows = await readHistoryRows(client, schemaOf(url));
                const state = compareHistory(this.local, rows ?? []);
                const why = rows === null
                    ? "it has no _prisma_migrations table (never migrated by Prisma)"
                    : state.unfinished.length > 0
                        ? `migration ${state.unfinished[0].migration_name} failed there (resolve it first)`
                        : state.pending.length > 0
                            ? `${state.pending.length} migration(s) are pending there: ${state.pending.join(", ")}`
                            : undefined;
                this.report.databases.push(why ? { target, outcome: "refused", why } : { target, outcome: "would record" });
                if (why)
                    problems.push(`${target}: ${why}`);
            }
            finally {
                await client.end().catch(() => undefined);
            }
        }
        if (problems.length > 0) {
            throw refused(`Every database must be at the latest migration before squashing, so that the baseline can be recorded applied; nothing was changed:\n${problems.map((problem) => `- ${problem}`).join("\n")}`, "Deploy the pending migrations there (`prisma-gated-deploy migrate`), resolve failed ones (`prisma-gated-deploy resolve`), then run squash again.");
        }
    }
    writeBaseline(baseline) {
        mkdirSync(path.dirname(baseline.file), { recursive: true });
        writeFileSync(baseline.file, baseline.sql);
        this.report.baselineFile = this.relative(baseline.file);
        this.ports.reporter.info(`Wrote ${this.report.baselineFile}.`);
    }
    /** Out of the migrations folder, kept beside it for reference: with `git mv` inside a git work tree. */
    moveOldFolders(baseline) {
        const destination = path.join(path.dirname(this.migrationsDir), "squashed", baseline);
        mkdirSync(destination, { recursive: true });
        const git = this.insideGitWorkTree();
        for (const migration of this.local) {
            const from = path.dirname(migration.file);
            const to = path.join(destination, migration.name);
            if (git && this.tracked(from))
                execFileSync("git", ["mv", from, to], { cwd: this.settings.workingDirectory, stdio: "pipe" });
            else
                renameSync(from, to);
        }
        this.report.movedTo = this.relative(destination);
        this.report.movedWith = git ? "git mv" : "rename";
        this.ports.reporter.info(`Moved the ${this.local.length} old migration folders to ${this.report.movedTo} (${this.report.movedWith}).`);
    }
    insideGitWorkTree() {
        try {
            return execFileSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: this.settings.workingDirectory, stdio: "pipe", encoding: "utf8" }).trim() === "true";
        }
        catch {
            return false;
        }
    }
    tracked(folder) {
        return execFileSync("git", ["ls-files", "--", folder], { cwd: this.settings.workingDirectory, stdio: "pipe", encoding: "utf8" }).trim().length > 0;
    }
    async recordApplied(url, baseline) {
        const entry = this.report.databases.find((database) => database.target === describeTarget(url));
        const run = await this.ports.reporter.step(`prisma migrate resolve --applied ${baseline} on ${entry.target}`, () => this.prisma(["migrate", "resolve", "--applied", baseline], url));
        if (run.exitCode !== 0) {
            entry.outcome = "not reached";
            throw refused(`prisma migrate resolve --applied ${baseline} failed on ${entry.target} (exit code ${run.exitCode}):\n${redact((run.stderr || run.stdout).trim().split("\n").slice(-8).join("\n"))}`, `The files are already squashed. Record the baseline there by hand: \`npx prisma migrate resolve --applied "${baseline}"\` with DATABASE_URL set to that database.`);
        }
        const client = await connect(sessionUrl(url, this.install.major, this.project));
        try {
            const state = compareHistory(readLocalMigrations(this.migrationsDir), (await readHistoryRows(client, schemaOf(url))) ?? []);
            if (!state.applied.includes(baseline) || state.pending.length > 0) {
                throw new GateError("internal-error", `prisma migrate resolve reported success, but _prisma_migrations on ${entry.target} does not show ${baseline} as applied.`);
            }
        }
        finally {
            await client.end().catch(() => undefined);
        }
        entry.outcome = "recorded";
        this.ports.reporter.info(`${entry.target}: ${baseline} recorded as applied; the next deploy applies nothing.`);
    }
}
async function runSquash(settings, ports, report) {
    return await new Squasher(settings, ports).run(report);
}

export { runSquash };
