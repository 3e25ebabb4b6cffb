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
  if (!major) {
    throw new GateError(
      "prisma-unsupported",
      `Prisma ${manifest.version} is installed; this action supports Prisma 6 and 7 (Prisma 8 has no \`migrate\` commands).`,
      ["Pin a supported version in package.json, e.g. `npm install --save-dev prisma@6`."],
    );
  }
  const bin = typeof manifest.bin === "string" ? manifest.bin : (manifest.bin?.prisma ?? "build/index.js");
  const packageDir = path.dirname(manifestPath);
  return { version: manifest.version, major, entry: path.join(packageDir, bin), packageDir };
}
