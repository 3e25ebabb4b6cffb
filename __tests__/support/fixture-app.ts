// Copies of the fixture Prisma projects, placed inside the repository so that Node resolves
// the `prisma` package from the repository root, the way a monorepo with a hoisted install
// does. A Prisma 7 project gets its own node_modules/prisma (a link to the `prisma-7`
// install), as a project that pins Prisma 7 has.
import { execFile } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repositoryRoot = path.resolve(here, "../..");
const workRoot = path.join(repositoryRoot, "__tests__", ".work");
const fixtures = path.join(repositoryRoot, "__tests__", "fixtures");

export type PrismaMajor = 6 | 7;
/** Both majors, for `describe.each`. */
export const PRISMA_MAJORS: PrismaMajor[] = [6, 7];

/**
 * - `native`: the project as users have it (Prisma 6: `url = env("DATABASE_URL")` in
 *   schema.prisma; Prisma 7: the URL in prisma.config.ts), run by the native schema engine.
 * - `direct-url` (Prisma 6): `url` for a pooler and `directUrl` for migrations.
 * - `js-engine` (Prisma 6): migrations through a driver adapter in prisma.config.ts.
 */
export type FixtureKind = "native" | "direct-url" | "js-engine";

export interface FixtureOptions {
  prisma?: PrismaMajor;
  kind?: FixtureKind;
}

export interface FixtureApp {
  dir: string;
  major: PrismaMajor;
  addMigration(name: string, sql: string): string;
  appendSchema(text: string): void;
  writeFile(relative: string, content: string): void;
}

function fixtureFolder(major: PrismaMajor, kind: FixtureKind): string {
  if (major === 7) {
    if (kind !== "native") throw new Error(`Prisma 7 has no ${kind} fixture: its migrate always runs the native engine`);
    return "prisma-7";
  }
  return kind === "native" ? "prisma-6" : `prisma-6-${kind}`;
}

export function createFixtureApp(options: FixtureOptions = {}): FixtureApp {
  const major = options.prisma ?? 6;
  mkdirSync(workRoot, { recursive: true });
  const dir = mkdtempSync(path.join(workRoot, `app${major}-`));
  cpSync(path.join(fixtures, fixtureFolder(major, options.kind ?? "native")), dir, { recursive: true });
  if (major === 7) {
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(path.join(repositoryRoot, "node_modules", "prisma-7"), path.join(dir, "node_modules", "prisma"), "dir");
  }
  const migrations = path.join(dir, "prisma", "migrations");
  mkdirSync(migrations, { recursive: true });
  writeFileSync(path.join(migrations, "migration_lock.toml"), 'provider = "postgresql"\n');
  return {
    dir,
    major,
    addMigration(name, sql) {
      const folder = path.join(migrations, name);
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, "migration.sql");
      writeFileSync(file, sql);
      return file;
    },
    appendSchema(text) {
      appendFileSync(path.join(dir, "prisma", "schema.prisma"), text);
    },
    writeFile(relative, content) {
      const file = path.join(dir, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    },
  };
}

/** SQL as `prisma migrate dev` writes it for the fixture schema's first model. */
export const INIT_USER_SQL = `-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
`;

/** The stand-in for the native schema engine binary (see schema-engine/schema-engine.mjs). */
export const STAND_IN_SCHEMA_ENGINE = path.join(here, "schema-engine", "schema-engine.mjs");

/**
 * Environment that lets the real Prisma CLIs run their native configuration with no network:
 * the schema engine is the stand-in; Prisma 6 also checks at start-up that a query engine
 * library exists (migrate never loads it), so any existing file stands in for the download.
 */
export function prismaOfflineEnv(): Record<string, string> {
  return {
    PRISMA_SCHEMA_ENGINE_BINARY: STAND_IN_SCHEMA_ENGINE,
    PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
}

/** The CLI a person runs in the fixture project (`npx prisma`): its own install, resolved as Node does. */
export function prismaEntry(app: FixtureApp): string {
  const manifest = createRequire(path.join(app.dir, "package.json")).resolve("prisma/package.json");
  return path.join(path.dirname(manifest), "build", "index.js");
}

export interface PrismaCliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the project's own Prisma CLI the way a person types `npx prisma …` in the project folder. */
export function runPrismaCli(app: FixtureApp, args: string[], env: Record<string, string>): Promise<PrismaCliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [prismaEntry(app), ...args], { cwd: app.dir, env: { ...process.env, ...prismaOfflineEnv(), NO_COLOR: "1", ...env } }, (error, stdout, stderr) =>
      resolve({ exitCode: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
