// Inputs at the edge of what a user may hand the action: a 100,000-line ignore file, a 50 MB
// migration.sql, a deploy folder of 200,000 files. Each is measured in a fresh Node process
// running only the action's code for it (bundled as the action ships it): wall time and peak
// memory (VmHWM), next to the same code on an ordinary input as the floor.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bundleModule } from "./bundle.js";

const IGNORE_LINES = 100_000;
const MIGRATION_BYTES = 50 * 1024 * 1024;
const DEPLOY_FILES = 200_000;
const FILES_PER_FOLDER = 200;

interface Measured {
  readonly seconds: number;
  readonly peakMb: number;
  readonly detail: string;
}

/** Runs `body` (an async module body that sets `detail`) in a child process and reads its peak memory. */
function measureInChild(imports: Record<string, string>, body: string): Measured {
  const script = `${Object.entries(imports)
    .map(([name, bundle]) => `const ${name} = await import(${JSON.stringify(pathToFileURL(bundle).href)});`)
    .join("\n")}
const start = performance.now();
let detail = "";
${body}
const seconds = (performance.now() - start) / 1000;
const { existsSync, readFileSync } = await import("node:fs");
const hwm = existsSync("/proc/self/status") && /VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
process.stderr.write(JSON.stringify({ peakMb: (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024, seconds, detail }));
`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`the measuring child failed: ${result.stderr}`);
  return JSON.parse(result.stderr.slice(result.stderr.lastIndexOf("{")));
}

function smallProject(root: string): void {
  mkdirSync(path.join(root, "src"), { recursive: true });
  writeFileSync(path.join(root, "package.json"), '{ "name": "app" }\n');
  writeFileSync(path.join(root, "src", "main.js"), "console.log('app');\n");
}

function ignoreFile(lines: number): string {
  const patterns: string[] = [];
  for (let i = 0; i < lines; i++) {
    const kind = i % 4;
    patterns.push(kind === 0 ? `build-${i}/` : kind === 1 ? `**/cache-${i}/*.tmp` : kind === 2 ? `# comment ${i}` : `!keep-${i}.txt`);
  }
  return `${patterns.join("\n")}\n`;
}

/** Prisma-like DDL repeated to the size, with a data-heavy INSERT per block, as a dump-style migration has. */
function largeMigration(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const block = `-- CreateTable\nCREATE TABLE "T${i}" (\n    "id" SERIAL NOT NULL,\n    "name" TEXT NOT NULL,\n    CONSTRAINT "T${i}_pkey" PRIMARY KEY ("id")\n);\n\nINSERT INTO "T${i}" ("name") VALUES ${Array.from({ length: 40 }, (_, row) => `('row ${row} of table ${i}; it''s text')`).join(", ")};\n\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join("");
}

function manyFiles(root: string, count: number): void {
  smallProject(root);
  for (let folder = 0; folder * FILES_PER_FOLDER < count; folder++) {
    const dir = path.join(root, "assets", `f${folder}`);
    mkdirSync(dir, { recursive: true });
    for (let file = 0; file < FILES_PER_FOLDER && folder * FILES_PER_FOLDER + file < count; file++) {
      writeFileSync(path.join(dir, `${file}.txt`), `${folder}/${file}\n`);
    }
  }
}

const seconds = (value: number): string => `${value.toFixed(2)} s`;
const megabytes = (value: number): string => `${value.toFixed(0)} MB`;

export default async function run(): Promise<string> {
  const scratch = mkdtempSync(path.join(tmpdir(), "pgd-bench-large-"));
  try {
    const archive = bundleModule("zeabur/archive.ts", scratch);
    const project = bundleModule("prisma/project.ts", scratch);
    const lint = bundleModule("check/sql-lint.ts", scratch);
    const statements = bundleModule("prisma/failed-statement.ts", scratch);
    const packageBody = (root: string, output: string) =>
      `const packaged = await archive.packageFolder({ root: ${JSON.stringify(root)}, exclude: [], outputFile: ${JSON.stringify(output)} });\ndetail = packaged.files + " files, " + packaged.bytes + " bytes";`;

    const floorRoot = path.join(scratch, "floor");
    smallProject(floorRoot);
    const floor = measureInChild({ archive }, packageBody(floorRoot, path.join(scratch, "floor.zip")));

    const ignoredRoot = path.join(scratch, "ignored");
    smallProject(ignoredRoot);
    writeFileSync(path.join(ignoredRoot, ".zeaburignore"), ignoreFile(IGNORE_LINES));
    const ignored = measureInChild({ archive }, packageBody(ignoredRoot, path.join(scratch, "ignored.zip")));

    const migrationsRoot = path.join(scratch, "migrations");
    mkdirSync(path.join(migrationsRoot, "20260101000000_big"), { recursive: true });
    const sqlFile = path.join(migrationsRoot, "20260101000000_big", "migration.sql");
    writeFileSync(sqlFile, largeMigration(MIGRATION_BYTES));
    // What migrate and deploy do with it (read, checksum, locate a failing statement), apart from what check adds (lint).
    const gateBody = `const [local] = project.readLocalMigrations(${JSON.stringify(migrationsRoot)});
const located = statements.statementAtPosition(local.sql, local.sql.length - 10);
detail = (local.sql.length / 1048576).toFixed(0) + " MB read and checksummed, failing statement located at line " + located?.line;`;
    const gate = measureInChild({ project, statements }, gateBody);
    const lintBody = `const [local] = project.readLocalMigrations(${JSON.stringify(migrationsRoot)});
const findings = lint.lintMigrations([{ path: "prisma/migrations/20260101000000_big/migration.sql", sql: local.sql }]);
detail = findings.length + " findings";`;
    const linted = measureInChild({ project, lint }, lintBody);

    const manyRoot = path.join(scratch, "many");
    manyFiles(manyRoot, DEPLOY_FILES);
    const many = measureInChild({ archive }, packageBody(manyRoot, path.join(scratch, "many.zip")));

    return [
      "## Large inputs",
      "",
      "Each row is one fresh Node process running only the action's code for that input (bundled as the action ships it). Peak is the process's VmHWM.",
      "",
      "| Input | What ran | Result | Wall | Peak |",
      "| --- | --- | --- | --- | --- |",
      `| Floor: a two-file project | packageFolder | ${floor.detail} | ${seconds(floor.seconds)} | ${megabytes(floor.peakMb)} |`,
      `| .zeaburignore of ${IGNORE_LINES.toLocaleString("en")} lines | packageFolder | ${ignored.detail} | ${seconds(ignored.seconds)} | ${megabytes(ignored.peakMb)} |`,
      `| migration.sql of ${MIGRATION_BYTES / 1024 / 1024} MB (migrate, deploy) | readLocalMigrations (checksums), statementAtPosition | ${gate.detail} | ${seconds(gate.seconds)} | ${megabytes(gate.peakMb)} |`,
      `| the same migration.sql (check) | readLocalMigrations, lintMigrations | ${linted.detail} | ${seconds(linted.seconds)} | ${megabytes(linted.peakMb)} |`,
      `| deploy folder of ${DEPLOY_FILES.toLocaleString("en")} files | packageFolder | ${many.detail} | ${seconds(many.seconds)} | ${megabytes(many.peakMb)} |`,
    ].join("\n");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
