// Copies of the fixture Prisma project, placed inside the repository so that Node resolves
// the `prisma` package from the repository root, the way a monorepo with a hoisted install does.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync, appendFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repositoryRoot = path.resolve(here, "../..");
const workRoot = path.join(repositoryRoot, "__tests__", ".work");
const fixture = path.join(repositoryRoot, "__tests__", "fixtures", "prisma-app");

export interface FixtureApp {
  dir: string;
  addMigration(name: string, sql: string): string;
  appendSchema(text: string): void;
  writeFile(relative: string, content: string): void;
}

export function createFixtureApp(): FixtureApp {
  mkdirSync(workRoot, { recursive: true });
  const dir = mkdtempSync(path.join(workRoot, "app-"));
  cpSync(fixture, dir, { recursive: true });
  const migrations = path.join(dir, "prisma", "migrations");
  mkdirSync(migrations, { recursive: true });
  writeFileSync(path.join(migrations, "migration_lock.toml"), 'provider = "postgresql"\n');
  return {
    dir,
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

/** Environment that lets the real Prisma 6 CLI run with its JS schema engine and no network. */
export function prismaOfflineEnv(): Record<string, string> {
  const anyExistingFile = process.execPath;
  return {
    PRISMA_QUERY_ENGINE_LIBRARY: anyExistingFile,
    PRISMA_SCHEMA_ENGINE_BINARY: anyExistingFile,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
}
