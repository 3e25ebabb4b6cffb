// `prisma migrate deploy` applies every pending migration; it has no flag to stop at one. To
// apply only the first ones, Prisma runs against a copy of the migrations folder that holds
// only them (and migration_lock.toml), named by a Prisma config file (`--config`) written
// beside the copy. Run on Prisma 6.19 and 7; earlier 6.x are refused (the config file was
// early access before 6.13, in another shape, and the versions between are untried). That
// file starts from the project's own config when it has one, so the datasource, the engine
// and the adapter stay the project's, and overrides only where the schema and the migrations
// are. Prisma writes the same rows it would write from the project's folder: the same names
// and the checksums of the same files.
//
// Where this differs from the project's own run: with a config file Prisma 6 does not load
// .env itself (it says "Prisma config detected, skipping environment variable loading"); the
// gate passes the datasource's variables to Prisma from database-url either way.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PrismaProject } from "./project.js";

/** Whether this Prisma applies a copy of the migrations folder named by a generated --config file. */
export function appliesMigrationsPrefix(version: string): boolean {
  const [major, minor] = version.split(".").map(Number);
  return major > 6 || (major === 6 && minor >= 19);
}

const LOCK_FILE = "migration_lock.toml";

export interface MigrationsPrefix {
  /** What to add to `prisma migrate …` so that Prisma sees only the copied migrations. */
  readonly prismaArgs: readonly string[];
  remove(): void;
}

/** The config file's text: the project's config, if any, with the schema and migrations paths replaced. */
export function prefixConfigSource(project: Pick<PrismaProject, "schema" | "configFile">, migrationsCopy: string): string {
  const schema = JSON.stringify(project.schema);
  const migrations = JSON.stringify(migrationsCopy);
  if (!project.configFile) return `export default { schema: ${schema}, migrations: { path: ${migrations} } };\n`;
  // Paths in the project's config are relative to its own folder, not this one: both are given absolute.
  return [
    `import projectConfig from ${JSON.stringify(project.configFile)};`,
    `export default { ...projectConfig, schema: ${schema}, migrations: { ...projectConfig.migrations, path: ${migrations} } };`,
    "",
  ].join("\n");
}

/** Copies the named migrations (in a scratch folder inside `scratchRoot`) for one Prisma run. */
export function writeMigrationsPrefix(project: PrismaProject, names: readonly string[], scratchRoot: string): MigrationsPrefix {
  const folder = mkdtempSync(path.join(scratchRoot, "prisma-gated-deploy-migrations-"));
  try {
    const copy = path.join(folder, "migrations");
    mkdirSync(copy);
    const lockFile = path.join(project.migrationsDir, LOCK_FILE);
    if (existsSync(lockFile)) cpSync(lockFile, path.join(copy, LOCK_FILE));
    for (const name of names) cpSync(path.join(project.migrationsDir, name), path.join(copy, name), { recursive: true });
    const config = path.join(folder, "prisma.config.mjs");
    writeFileSync(config, prefixConfigSource(project, copy));
    return { prismaArgs: ["--config", config], remove: () => rmSync(folder, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
