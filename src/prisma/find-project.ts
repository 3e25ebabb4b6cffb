// Finds the project's schema and migrations the way its own Prisma does (rules in
// project.ts). The Prisma config file is TypeScript that may compute its paths, so it is
// loaded by Prisma's own loader (`@prisma/config`, from the project's Prisma install) in a
// child process, with the environment the action gives Prisma.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { GateError } from "../errors.js";
import { prismaChildEnvironment } from "./cli.js";
import type { PrismaInstall } from "./locate.js";
import { chooseSchema, kindOnDisk, migrationsDirFor, readSchemaFiles, type LayoutInputs, type PrismaProject } from "./project.js";

const CONFIG_LOAD_TIMEOUT_MS = 60_000;

/** The file names Prisma 6.19 and 7.10 look for in working-directory, in their order. */
const CONFIG_FILES = ["prisma7.config", "prisma.config", ".config/prisma", ".config/prisma.config"].flatMap((base) =>
  [".js", ".ts", ".mjs", ".cjs", ".mts", ".cts"].map((extension) => `${base}${extension}`),
);

/**
 * Loads the config with Prisma's loader and prints what locates the project, the URL its
 * datasource gives Prisma 7's CLI, and the names of the environment variables the config read
 * (Prisma's env() reads process.env), so the action can tell which one carries that URL.
 */
const LOADER = `
const { loadConfigFromFile } = require(process.argv[1]);
const variablesRead = new Set();
process.env = new Proxy(process.env, { get(target, name) { if (typeof name === "string") variablesRead.add(name); return Reflect.get(target, name); } });
loadConfigFromFile({ configRoot: process.cwd() }).then((loaded) => {
  const failure = loaded.error ? (loaded.error.error ? String(loaded.error.error.message ?? loaded.error.error) : loaded.error._tag) : undefined;
  const url = loaded.config?.datasource?.url;
  process.stdout.write(JSON.stringify({
    file: loaded.resolvedPath, schema: loaded.config?.schema, migrationsPath: loaded.config?.migrations?.path, failure,
    datasourceUrl: typeof url === "string" ? url : undefined, variablesRead: [...variablesRead],
  }));
});
`;

interface LoadedConfig {
  file: string | null;
  schema?: string;
  migrationsPath?: string;
  failure?: string;
  datasourceUrl?: string;
  variablesRead: string[];
}

async function loadPrismaConfig(install: PrismaInstall, workingDirectory: string, env: Record<string, string>): Promise<LayoutInputs["config"]> {
  const present = CONFIG_FILES.find((name) => kindOnDisk(path.join(workingDirectory, name)) === "file");
  if (!present) return undefined;
  let loader: string;
  try {
    loader = createRequire(path.join(install.packageDir, "package.json")).resolve("@prisma/config");
  } catch {
    // A Prisma without the config package does not read config files either.
    return undefined;
  }
  const output = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ["-e", LOADER, loader], { cwd: workingDirectory, env: prismaChildEnvironment(env), timeout: CONFIG_LOAD_TIMEOUT_MS }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
  const loaded = JSON.parse(output) as LoadedConfig;
  if (loaded.failure) throw configError(present, loaded.failure);
  if (!loaded.file) return undefined;
  return { file: loaded.file, schema: loaded.schema, migrationsPath: loaded.migrationsPath, datasource: { url: loaded.datasourceUrl, variablesRead: loaded.variablesRead } };
}

function configError(file: string, failure: string): GateError {
  const variable = /Cannot resolve environment variable: (\w+)/.exec(failure)?.[1];
  if (variable) {
    return new GateError(
      "invalid-input",
      `${file} reads the environment variable ${variable} (\`env("${variable}")\`), which this step does not set, so Prisma cannot load its configuration.`,
      [`Set it for this step, e.g. \`env: { ${variable}: \${{ secrets.${variable} }} }\`; database-url is already passed as DATABASE_URL, and direct-url as DIRECT_URL.`],
    );
  }
  return new GateError("invalid-input", `Prisma could not load ${file}: ${failure}`, [`Run \`npx prisma validate\` in the working-directory to see the problem.`]);
}

/** The nearest package.json upwards (as Prisma's `package-up` finds it) and its `prisma.schema`. */
function packageJsonSchema(workingDirectory: string): LayoutInputs["packageJson"] {
  for (let folder = workingDirectory; ; folder = path.dirname(folder)) {
    const file = path.join(folder, "package.json");
    if (kindOnDisk(file) === "file") {
      const schema = (JSON.parse(readFileSync(file, "utf8")) as { prisma?: { schema?: unknown } }).prisma?.schema;
      return { file, schema: typeof schema === "string" ? path.resolve(folder, schema) : undefined };
    }
    if (folder === path.dirname(folder)) return undefined;
  }
}

/**
 * @param env what the action gives Prisma (DATABASE_URL and the like): a config file may read it.
 */
export async function findPrismaProject(install: PrismaInstall, workingDirectory: string, env: Record<string, string>): Promise<PrismaProject> {
  const config = await loadPrismaConfig(install, workingDirectory, env);
  const inputs: LayoutInputs = { major: install.major, workingDirectory, config, packageJson: packageJsonSchema(workingDirectory), kindOf: kindOnDisk };
  const choice = chooseSchema(inputs);
  if (!choice.found) {
    throw new GateError("invalid-input", choice.problem, [
      "Set working-directory to the folder you run `npx prisma migrate deploy` in (the one holding schema.prisma, prisma/ or prisma.config.ts).",
    ]);
  }
  const schemaFiles = readSchemaFiles(choice.schema, choice.kind);
  return {
    workingDirectory,
    schema: choice.schema,
    schemaFiles,
    migrationsDir: migrationsDirFor(install.major, choice.schema, choice.kind, schemaFiles, config?.migrationsPath),
    foundBy: choice.foundBy,
    configFile: config?.file,
    configDatasource: config?.datasource,
  };
}
