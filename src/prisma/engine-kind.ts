// Which schema engine runs the project's migrations, read from its configuration: it decides
// whether a failed migration file can have left anything committed.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { SchemaEngineKind } from "./failed-migration.js";

const CONFIG_FILES = ["prisma.config.ts", "prisma.config.mts", "prisma.config.cts", "prisma.config.js", "prisma.config.mjs", "prisma.config.cjs", path.join(".config", "prisma.ts")];

/**
 * Prisma 7 always migrates through its native engine (it ignores `engine` and `adapter` for
 * migrate); Prisma 6 uses a driver adapter when prisma.config says `engine: "js"`.
 */
export function schemaEngineOf(major: 6 | 7, workingDirectory: string): SchemaEngineKind {
  if (major === 7) return "native";
  for (const name of CONFIG_FILES) {
    const file = path.join(workingDirectory, name);
    if (existsSync(file) && /\bengine\s*:\s*["']js["']/.test(readFileSync(file, "utf8"))) return "driver-adapter";
  }
  return "native";
}
