// The Prisma project in working-directory: which schema and which migrations folder Prisma
// itself uses there, by Prisma's own rules, and what they hold.
//
// The rules, read from the CLIs' code (prisma 6.19.3 build/index.js, prisma 7.10.1
// build/cli.js, `getSchemaWithPath` and the migrations-path helper):
// - Schema, first that applies: `--schema` (the action passes none); `schema` in the Prisma
//   config file; Prisma 6 only: `prisma.schema` in the nearest package.json (relative to
//   that file); then `./schema.prisma`, then `./prisma/schema.prisma`. A configured path may
//   name a file or a folder (a multi-file schema: every `.prisma` file in it, recursively);
//   the default locations are files only.
// - Migrations: `migrations.path` of the config file; otherwise a `migrations` folder beside
//   the schema: Prisma 6 puts it in the folder of the file holding the `datasource` block
//   (for a single file, its folder), Prisma 7 in the schema's root (a single file's folder,
//   or the schema folder itself).
// - Paths in the config file are relative to the config file.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { readUtf8Names } from "../file-names.js";
import path from "node:path";
import { anchorTlsFiles } from "../postgres/tls.js";
import type { ProjectFiles } from "../report/run-report.js";

export interface LocalMigration {
  name: string;
  /** Absolute path of migration.sql. */
  file: string;
  sql: string;
}

/** A migration's name and SQL: all the pure readers of a migration need. */
export type MigrationSql = Pick<LocalMigration, "name" | "sql">;

export interface SchemaFile {
  path: string;
  text: string;
}

export interface PrismaProject {
  workingDirectory: string;
  /** The schema file, or the folder of a multi-file schema (absolute). */
  schema: string;
  schemaFiles: SchemaFile[];
  migrationsDir: string;
  /** What decided the schema's location, for the summary. */
  foundBy: string;
  /** The Prisma config file Prisma loads, when there is one (absolute). */
  configFile?: string;
  /** What the config file gives Prisma 7's CLI to connect with, as loaded with the action's environment. */
  configDatasource?: ConfigDatasource;
}

export interface ConfigDatasource {
  /** datasource.url: a secret (it may carry a password). */
  readonly url?: string;
  /** The names of the environment variables the config read while it loaded. */
  readonly variablesRead: readonly string[];
}

export type EntryKind = "file" | "directory" | undefined;

/** What the schema lookup needs to know, gathered by the caller. Paths absolute. */
export interface LayoutInputs {
  major: 6 | 7;
  workingDirectory: string;
  config?: { file: string; schema?: string; migrationsPath?: string; datasource?: ConfigDatasource };
  /** The nearest package.json's `prisma.schema`, resolved against that file's folder. */
  packageJson?: { file: string; schema?: string };
  kindOf(file: string): EntryKind;
}

export type SchemaChoice =
  | { found: true; schema: string; kind: "file" | "directory"; foundBy: string }
  | { found: false; problem: string };

function relative(workingDirectory: string, file: string): string {
  return path.relative(workingDirectory, file).split(path.sep).join("/") || ".";
}

/** Where Prisma takes the schema from. Pure: the file system is asked through `kindOf`. */
export function chooseSchema(inputs: LayoutInputs): SchemaChoice {
  const configured = [
    inputs.config?.schema ? { schema: inputs.config.schema, foundBy: `\`schema\` in ${path.basename(inputs.config.file)}`, from: inputs.config.file } : undefined,
    inputs.major === 6 && inputs.packageJson?.schema
      ? { schema: inputs.packageJson.schema, foundBy: "`prisma.schema` in package.json", from: inputs.packageJson.file }
      : undefined,
  ].find((candidate) => candidate !== undefined);
  if (configured) {
    const kind = inputs.kindOf(configured.schema);
    if (!kind) {
      return { found: false, problem: `${configured.foundBy} (${relative(inputs.workingDirectory, configured.from)}) names \`${relative(inputs.workingDirectory, configured.schema)}\`, which does not exist.` };
    }
    return { found: true, schema: configured.schema, kind, foundBy: configured.foundBy };
  }
  const defaults = [path.join(inputs.workingDirectory, "schema.prisma"), path.join(inputs.workingDirectory, "prisma", "schema.prisma")];
  const schema = defaults.find((candidate) => inputs.kindOf(candidate) === "file");
  if (schema) return { found: true, schema, kind: "file", foundBy: "Prisma's default location" };
  const places = inputs.major === 6 ? "`schema` in prisma.config.ts, `prisma.schema` in package.json" : "`schema` in prisma.config.ts";
  return { found: false, problem: `No Prisma schema in ${inputs.workingDirectory}: Prisma looked at ${places}, \`schema.prisma\` and \`prisma/schema.prisma\`.` };
}

const DATASOURCE_BLOCK = /^\s*datasource\s+\w+\s*\{/m;

/** The migrations folder Prisma uses for this schema. Pure. */
export function migrationsDirFor(major: 6 | 7, schema: string, kind: "file" | "directory", schemaFiles: readonly SchemaFile[], configuredPath?: string): string {
  if (configuredPath) return configuredPath;
  const root = kind === "file" ? path.dirname(schema) : schema;
  if (major === 7) return path.join(root, "migrations");
  const datasourceFile = schemaFiles.find((file) => DATASOURCE_BLOCK.test(file.text));
  return path.join(datasourceFile ? path.dirname(datasourceFile.path) : root, "migrations");
}

/**
 * The folder Prisma's CLI starts its schema engine in, from which the engine opens the files a
 * URL names (`sslcert`, `sslidentity`): Prisma 6, the folder of the schema file holding the
 * datasource (`primaryDatasourceDirectory`); Prisma 7, the folder of prisma.config.ts (the
 * `baseDir` its commands get). Read from prisma 6.19.3 build/index.js and 7.10.1 build/cli.js,
 * `SchemaEngineCLI.internalInit` (the `cwd` of the spawn). Pure.
 */
export function engineWorkingDirectory(major: 6 | 7, project: Pick<PrismaProject, "workingDirectory" | "schema" | "schemaFiles" | "configFile">): string {
  if (major === 7) return project.configFile ? path.dirname(project.configFile) : project.workingDirectory;
  const datasourceFile = project.schemaFiles.find((file) => DATASOURCE_BLOCK.test(file.text));
  return path.dirname(datasourceFile?.path ?? project.schema);
}

/** The URL for the action's own sessions: the files it names open from any folder as from the engine's. */
export function sessionUrl(url: string, major: 6 | 7, project: Pick<PrismaProject, "workingDirectory" | "schema" | "schemaFiles" | "configFile">): string {
  return anchorTlsFiles(url, engineWorkingDirectory(major, project));
}

export function kindOnDisk(file: string): EntryKind {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat?.isFile() ? "file" : stat?.isDirectory() ? "directory" : undefined;
}

/** Every `.prisma` file of a schema folder, recursively, as Prisma's schema-files loader reads them. */
export function readSchemaFiles(schema: string, kind: "file" | "directory"): SchemaFile[] {
  if (kind === "file") return [{ path: schema, text: readFileSync(schema, "utf8") }];
  return readdirSync(schema, { recursive: true, encoding: "utf8" })
    .map((entry) => path.join(schema, entry))
    .filter((file) => file.endsWith(".prisma") && kindOnDisk(file) === "file")
    .sort()
    .map((file) => ({ path: file, text: readFileSync(file, "utf8") }));
}

/** Migration folders holding a migration.sql, in the order Prisma applies them (by name). */
export function readLocalMigrations(directory: string): LocalMigration[] {
  if (!existsSync(directory)) return [];
  return readUtf8Names(directory, "The migrations folder")
    .filter((name) => statSync(path.join(directory, name)).isDirectory())
    .map((name) => ({ name, file: path.join(directory, name, "migration.sql") }))
    .filter((entry) => existsSync(entry.file))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => ({ ...entry, sql: readFileSync(entry.file, "utf8") }));
}

/** Characters hashed at a time: a 50 MB migration is never copied whole (three times) to be hashed. */
const CHECKSUM_SLICE = 1 << 20;

/**
 * Prisma's checksums are the hex SHA-256 of the file; it accepts the file with either line
 * ending. The file as it is, with CRLF read as LF, and with every LF written as CRLF, hashed
 * slice by slice. A slice never ends between a CR and its LF, so each is converted whole.
 */
export function checksumsOf(sql: string): string[] {
  const asIs = createHash("sha256");
  const lf = createHash("sha256");
  const crlf = createHash("sha256");
  for (let start = 0; start < sql.length; ) {
    let end = Math.min(start + CHECKSUM_SLICE, sql.length);
    if (end < sql.length && sql[end - 1] === "\r") end++;
    const slice = sql.slice(start, end);
    const withLf = slice.replace(/\r\n/g, "\n");
    asIs.update(slice);
    lf.update(withLf);
    crlf.update(withLf.replace(/\n/g, "\r\n"));
    start = end;
  }
  return [...new Set([asIs, lf, crlf].map((hash) => hash.digest("hex")))];
}

/** The environment variables a schema's datasource reads (Prisma 6): `url = env("X")`, `directUrl = env("Y")`. */
export interface DatasourceVariables {
  readonly url?: string;
  readonly directUrl?: string;
}

export function datasourceVariables(schemaFiles: readonly SchemaFile[]): DatasourceVariables {
  const found: { url?: string; directUrl?: string } = {};
  for (const { text } of schemaFiles) {
    for (const match of text.matchAll(/\b(url|directUrl)\s*=\s*env\(\s*"([^"]+)"\s*\)/g)) found[match[1] as "url" | "directUrl"] ??= match[2];
  }
  return found;
}

/**
 * Every environment variable through which the schema reads a connection URL, and
 * DATABASE_URL, what Prisma 7's prisma.config.ts conventionally reads: what must all name a
 * scratch database when Prisma replays migrations into one.
 */
export function urlEnvironmentVariables(schemaFiles: readonly SchemaFile[]): string[] {
  const { url, directUrl } = datasourceVariables(schemaFiles);
  return [...new Set(["DATABASE_URL", url, directUrl].filter((name): name is string => name !== undefined))];
}

/** The files Prisma used, relative to working-directory: for the summary and for commands a person runs there. */
export function projectFiles(project: PrismaProject): ProjectFiles {
  return {
    schema: relative(project.workingDirectory, project.schema),
    migrationsDir: relative(project.workingDirectory, project.migrationsDir),
    foundBy: project.foundBy,
    configFile: project.configFile ? relative(project.workingDirectory, project.configFile) : undefined,
  };
}
