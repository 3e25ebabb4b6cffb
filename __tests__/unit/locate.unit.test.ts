// Finding the Prisma CLI the repository installed, and refusing the versions the action cannot drive.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GateError } from "../../src/errors.js";
import { locatePrisma } from "../../src/prisma/locate.js";
import { gateErrorOf } from "../support/gate-error.js";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function failureOf(workingDirectory: string): GateError {
  return gateErrorOf(() => locatePrisma(workingDirectory), "expected locatePrisma to refuse");
}

/** A folder outside the repository holding only node_modules/prisma/package.json. */
function folderWithPrismaManifest(version: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `prisma-${version}-`));
  mkdirSync(path.join(dir, "node_modules", "prisma"), { recursive: true });
  writeFileSync(path.join(dir, "node_modules", "prisma", "package.json"), JSON.stringify({ name: "prisma", version, bin: { prisma: "build/index.js" } }));
  return dir;
}

test("resolves the repository's hoisted prisma 6.19.3 from a nested project folder", () => {
  const nested = path.join(repositoryRoot, "__tests__", "fixtures", "prisma-6");
  const install = locatePrisma(nested);
  expect(install).toMatchObject({ version: "6.19.3", major: 6, packageDir: path.join(repositoryRoot, "node_modules", "prisma") });
  expect(install.entry).toBe(path.join(repositoryRoot, "node_modules", "prisma", "build", "index.js"));
  expect(existsSync(install.entry)).toBe(true);
});

test("no prisma anywhere upwards: prisma-not-found, with the install command", () => {
  const outside = mkdtempSync(path.join(tmpdir(), "no-prisma-"));
  const error = failureOf(outside);
  expect(error.reason).toBe("prisma-not-found");
  expect(error.message).toContain(outside);
  expect(error.nextSteps.join("\n")).toContain("npm ci");
});

test.each([
  ["8.0.0-rc.19", "prisma@7", /Prisma 8 no longer has/],
  ["5.22.0", "prisma@6", /supports Prisma 6 and 7/],
])("prisma %s is refused as prisma-unsupported, naming the version and the version to pin", (version, pin, why) => {
  const error = failureOf(folderWithPrismaManifest(version));
  expect(error.reason).toBe("prisma-unsupported");
  expect(error.message).toContain(`Prisma ${version} is installed`);
  expect(error.message).toMatch(why);
  expect(error.nextSteps.join("\n")).toContain(`npm install --save-dev --save-exact ${pin}`);
});

test("a supported 7.x manifest is accepted and its bin entry used", () => {
  const dir = folderWithPrismaManifest("7.4.1");
  expect(locatePrisma(dir)).toMatchObject({ version: "7.4.1", major: 7, entry: path.join(dir, "node_modules", "prisma", "build", "index.js") });
});
