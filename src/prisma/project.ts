// What the repository holds: the migrations folder and the environment variables the
// schema reads its URLs from.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface LocalMigration {
  name: string;
  /** Absolute path of migration.sql. */
  file: string;
  sql: string;
}

export function migrationsDirectory(workingDirectory: string): string {
  return path.join(workingDirectory, "prisma", "migrations");
}

/** Migration folders holding a migration.sql, in the order Prisma applies them (by name). */
export function readLocalMigrations(directory: string): LocalMigration[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => statSync(path.join(directory, name)).isDirectory())
    .map((name) => ({ name, file: path.join(directory, name, "migration.sql") }))
    .filter((entry) => existsSync(entry.file))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => ({ ...entry, sql: readFileSync(entry.file, "utf8") }));
}

/** Prisma's checksums are the hex SHA-256 of the file; it accepts the file with either line ending. */
export function checksumsOf(sql: string): string[] {
  const lf = sql.replace(/\r\n/g, "\n");
  const crlf = lf.replace(/\n/g, "\r\n");
  return [...new Set([sql, lf, crlf])].map((text) => createHash("sha256").update(text).digest("hex"));
}

function schemaTexts(workingDirectory: string): string[] {
  const single = path.join(workingDirectory, "prisma", "schema.prisma");
  if (existsSync(single)) return [readFileSync(single, "utf8")];
  const folder = path.join(workingDirectory, "prisma", "schema");
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(".prisma"))
    .map((name) => readFileSync(path.join(folder, name), "utf8"));
}

/**
 * The environment variables through which the schema reads its connection URLs
 * (`url = env("X")`, `directUrl = env("Y")`). Migrations use directUrl when it is set, so
 * the action hands database-url to both. DATABASE_URL is always included: it is what
 * Prisma 7's prisma.config.ts conventionally reads.
 */
export function urlEnvironmentVariables(workingDirectory: string): string[] {
  const names = new Set(["DATABASE_URL"]);
  for (const text of schemaTexts(workingDirectory)) {
    for (const match of text.matchAll(/\b(?:url|directUrl)\s*=\s*env\(\s*"([^"]+)"\s*\)/g)) names.add(match[1]);
  }
  return [...names];
}
