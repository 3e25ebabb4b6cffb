// Finds the Prisma CLI the project itself installed, the way Node resolves it from the
// working directory (so a monorepo with a hoisted install works). Never `npx prisma`:
// an unpinned download may bring another major.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { GateError } from "../errors.js";

export interface PrismaInstall {
  version: string;
  major: 6 | 7;
  /** The CLI's entry script, run with the current Node. */
  entry: string;
  packageDir: string;
}

export const SUPPORTED_MAJORS = [6, 7] as const;

export function supportedMajor(version: string): 6 | 7 | undefined {
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  return (SUPPORTED_MAJORS as readonly number[]).includes(major) ? (major as 6 | 7) : undefined;
}

/**
 * Prisma 8 (its release candidates: 8.0.0-rc.*) has no `migrate` command group any more:
 * `prisma migrate deploy` exits 2 with CLI.UNKNOWN_COMMAND ("No command registered for
 * `migrate`, did you mean `migration`?"); migrations are applied by `prisma db migrate`, on a
 * different migration format. Running it would fail after the deploy started, so it is refused
 * before anything runs.
 */
function unsupportedVersion(version: string): GateError {
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  if (major >= 8) {
    return new GateError(
      "prisma-unsupported",
      `Prisma ${version} is installed. This action runs \`prisma migrate deploy\`, which Prisma ${major} no longer has (its CLI answers "No command registered for \`migrate\`", CLI.UNKNOWN_COMMAND): it supports Prisma 6 and 7.`,
      ["Pin Prisma 7 in the project: `npm install --save-dev --save-exact prisma@7`, commit package.json and the lock file."],
    );
  }
  return new GateError("prisma-unsupported", `Prisma ${version} is installed; this action supports Prisma 6 and 7.`, [
    "Upgrade the project to Prisma 6: `npm install --save-dev --save-exact prisma@6`, commit package.json and the lock file.",
  ]);
}

export function locatePrisma(workingDirectory: string): PrismaInstall {
  let manifestPath: string;
  try {
    manifestPath = createRequire(path.join(workingDirectory, "package.json")).resolve("prisma/package.json");
  } catch {
    throw new GateError(
      "prisma-not-found",
      `The Prisma CLI is not installed for ${workingDirectory}: no node_modules/prisma was found from there upwards.`,
      [
        "Install the project's dependencies before this step, e.g. `npm ci` (or `pnpm install --frozen-lockfile`, `yarn install --immutable`).",
        "Make sure `prisma` is listed in the package.json of the working-directory or of the workspace root.",
      ],
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string; bin?: string | Record<string, string> };
  const major = supportedMajor(manifest.version);
  if (!major) throw unsupportedVersion(manifest.version);
  const bin = typeof manifest.bin === "string" ? manifest.bin : (manifest.bin?.prisma ?? "build/index.js");
  const packageDir = path.dirname(manifestPath);
  return { version: manifest.version, major, entry: path.join(packageDir, bin), packageDir };
}
