// How the project's migrations reach PostgreSQL, read from its configuration: it decides
// whether a failed migration file can have left anything committed.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { MigrationDelivery } from "./failed-migration-effects.js";

const CONFIG_FILES = ["prisma.config.ts", "prisma.config.mts", "prisma.config.cts", "prisma.config.js", "prisma.config.mjs", "prisma.config.cjs", path.join(".config", "prisma.ts")];

/**
 * Prisma 7 always migrates through its native engine, one simple query per file (it ignores
 * `engine` and `adapter` for migrate); Prisma 6 goes statement by statement through a driver
 * adapter when prisma.config says `engine: "js"`.
 */
export function migrationDeliveryOf(major: 6 | 7, workingDirectory: string): MigrationDelivery {
  if (major === 7) return "one-simple-query";
  for (const name of CONFIG_FILES) {
    const file = path.join(workingDirectory, name);
    if (existsSync(file) && /\bengine\s*:\s*["']js["']/.test(readFileSync(file, "utf8"))) return "statement-by-statement";
  }
  return "one-simple-query";
}
