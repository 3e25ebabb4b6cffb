import { existsSync, statSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { r as readSnapshotAtRef, a as readSnapshotFromDisk, u as unchangedMigrations, c as changedMigrationFiles } from './history-DZ2SUXdF.js';
import { l as lintMigrations } from './migration-phases-RNZdOZo8.js';
import { G as GateError } from './errors-DBjELbro.js';
import { r as readLocalMigrations } from './project-CY9Kt091.js';
import { t as tallyCheck } from './check-tally-B_NItRVe.js';
import 'node:child_process';
import 'node:fs/promises';
import './touched-objects-9ES968m9.js';
import './lexer-vuO9IFuk.js';
import './postgres-version-C25lLO17.js';
import 'node:crypto';
import './recovery-C6jKIwzG.js';
import './shell-RHphubvT.js';
import './tls-d6v8jijx.js';
import 'node:tls';

// `lint`: the pull-request check's SQL rules on the files a person names, before a commit.
// A folder of Prisma migrations is read in the order Prisma applies it; with a base ref, only
// the migrations that are new or changed since it are linted, as the check does.
function toPosix(file) {
    return file.split(path.sep).join("/");
}
function isMigrationsFolder(folder) {
    return readLocalMigrations(folder).length > 0;
}
function sqlFilesUnder(folder) {
    return readdirSync(folder, { withFileTypes: true })
        .flatMap((entry) => {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory())
            return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : sqlFilesUnder(full);
        return entry.isFile() && entry.name.endsWith(".sql") ? [full] : [];
    })
        .sort();
}
async function filesOfMigrationsFolder(folder, settings, ports) {
    const relativeFolder = toPosix(path.relative(ports.workspace, folder)) || ".";
    if (!settings.baseRef) {
        const asFile = (migration) => ({ path: toPosix(path.relative(ports.workspace, migration.file)), sql: migration.sql });
        return { linted: readLocalMigrations(folder).map(asFile), deployed: [] };
    }
    const base = await readSnapshotAtRef(ports.workspace, folder, settings.baseRef);
    const head = await readSnapshotFromDisk(folder);
    return { linted: changedMigrationFiles(base, head, relativeFolder), deployed: unchangedMigrations(base, head) };
}
async function runLint(settings, ports) {
    if (settings.paths.length === 0) {
        throw new GateError("invalid-input", "Name the SQL files or migration folders to lint.", [
            "prisma-gated-deploy lint prisma/migrations",
            "prisma-gated-deploy lint prisma/migrations/20260101000000_add_email/migration.sql",
        ]);
    }
    const files = [];
    const deployed = [];
    for (const given of settings.paths) {
        const full = path.resolve(ports.workspace, given);
        if (!existsSync(full)) {
            throw new GateError("invalid-input", `'${given}' does not exist (resolved to ${full}).`, ["Give a .sql file or a folder of migrations, relative to the current folder."]);
        }
        if (statSync(full).isFile()) {
            files.push({ path: toPosix(path.relative(ports.workspace, full)), sql: readFileSync(full, "utf8") });
        }
        else if (isMigrationsFolder(full)) {
            const folderFiles = await filesOfMigrationsFolder(full, settings, ports);
            files.push(...folderFiles.linted);
            deployed.push(...folderFiles.deployed);
        }
        else {
            for (const file of sqlFilesUnder(full))
                files.push({ path: toPosix(path.relative(ports.workspace, file)), sql: readFileSync(file, "utf8") });
        }
    }
    const findings = lintMigrations(files, { deployed, postgresVersion: settings.postgresVersion });
    const tally = tallyCheck({ lint: findings, history: [] });
    const failed = settings.failOn === "never" ? false : tally.errors > 0 || (settings.failOn === "warning" && tally.warnings > 0);
    return { files: files.map((file) => file.path), findings, tally, failed };
}

export { runLint };
