import { createHash } from 'node:crypto';
import { readdirSync, existsSync, statSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { G as GateError } from './errors-DBjELbro.js';
import { i as inlineCode } from './recovery-C6jKIwzG.js';
import { s as shellQuote } from './shell-RHphubvT.js';
import { b as anchorTlsFiles } from './tls-d6v8jijx.js';

// Folder entries read as bytes. A name that is not valid UTF-8 cannot be passed on as text:
// Node turns its bad bytes into U+FFFD, which names a file that does not exist (ENOENT on a
// folder the action listed itself). Such a name is refused up front, shown byte for byte,
// with the command that renames it.
/** The length of the well-formed UTF-8 sequence at `index`, or 0 when the byte there starts none. */
function sequenceLength(bytes, index) {
    const lead = bytes[index];
    const [length, min, max] = lead < 0x80 ? [1, 0, 0] : lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf] : lead >= 0xe0 && lead <= 0xef ? [3, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf] : lead >= 0xf0 && lead <= 0xf4 ? [4, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf] : [0, 0, 0];
    if (length <= 1)
        return length;
    if (index + length > bytes.length || bytes[index + 1] < min || bytes[index + 1] > max)
        return 0;
    for (let k = 2; k < length; k++)
        if (bytes[index + k] < 0x80 || bytes[index + k] > 0xbf)
            return 0;
    return length;
}
/** Whether the bytes are well-formed UTF-8. Pure. */
function isUtf8(bytes) {
    for (let index = 0; index < bytes.length;) {
        const length = sequenceLength(bytes, index);
        if (length === 0)
            return false;
        index += length;
    }
    return true;
}
/**
 * The name as bash's ANSI-C quoting writes it (`$'caf\xe9'`): pasted into bash or zsh it is
 * the very bytes, and printed it is one line of plain characters. Pure.
 */
function ansiCQuote(bytes) {
    let text = "";
    for (let index = 0; index < bytes.length;) {
        const length = sequenceLength(bytes, index);
        const byte = bytes[index];
        if (length === 0 || byte < 0x20 || byte === 0x7f) {
            text += `\\x${byte.toString(16).padStart(2, "0")}`;
            index += 1;
            continue;
        }
        const character = Buffer.from(bytes.subarray(index, index + length)).toString("utf8");
        text += character === "\\" || character === "'" ? `\\${character}` : character;
        index += length;
    }
    return `$'${text}'`;
}
/** The name with each byte that is not UTF-8 replaced by `_`: a name to rename it to. Pure. */
function utf8Replacement(bytes) {
    let text = "";
    for (let index = 0; index < bytes.length;) {
        const length = sequenceLength(bytes, index);
        text += length === 0 ? "_" : Buffer.from(bytes.subarray(index, index + length)).toString("utf8");
        index += Math.max(length, 1);
    }
    return text;
}
/** A folder as a person finds it: relative to the current directory (the repository, on a runner) when inside it. */
function shownFolder(folder) {
    const relative = path.relative(process.cwd(), folder);
    return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? folder : relative;
}
/**
 * The refusal of a name that is not UTF-8, in `where` (a folder as a person finds it). `what`
 * says what holds it ("The migrations folder"); `alsoNextSteps` follow the rename.
 */
function notUtf8NameError(what, where, name, alsoNextSteps = []) {
    return new GateError("invalid-input", `${what} ${where} holds an entry whose name is not valid UTF-8: ${ansiCQuote(name)} (the bytes that are not UTF-8 shown as \\xNN). Prisma, Git hosting and this action name files by UTF-8 text, so nothing was run.`, [`Rename it to a UTF-8 name, in bash from ${where}: ${inlineCode(`mv -- ${ansiCQuote(name)} ${shellQuote(utf8Replacement(name))}`)}, and commit the rename.`, ...alsoNextSteps]);
}
/** The names in `folder`, or notUtf8NameError for the first one that is not UTF-8. */
function readUtf8Names(folder, what, alsoNextSteps = []) {
    const entries = readdirSync(folder, { encoding: "buffer" });
    const invalid = entries.find((entry) => !isUtf8(entry));
    if (invalid)
        throw notUtf8NameError(what, shownFolder(folder), invalid, alsoNextSteps);
    return entries.map((entry) => entry.toString("utf8"));
}

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
function relative(workingDirectory, file) {
    return path.relative(workingDirectory, file).split(path.sep).join("/") || ".";
}
/** Where Prisma takes the schema from. Pure: the file system is asked through `kindOf`. */
function chooseSchema(inputs) {
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
    if (schema)
        return { found: true, schema, kind: "file", foundBy: "Prisma's default location" };
    const places = inputs.major === 6 ? "`schema` in prisma.config.ts, `prisma.schema` in package.json" : "`schema` in prisma.config.ts";
    return { found: false, problem: `No Prisma schema in ${inputs.workingDirectory}: Prisma looked at ${places}, \`schema.prisma\` and \`prisma/schema.prisma\`.` };
}
const DATASOURCE_BLOCK = /^\s*datasource\s+\w+\s*\{/m;
/** The migrations folder Prisma uses for this schema. Pure. */
function migrationsDirFor(major, schema, kind, schemaFiles, configuredPath) {
    if (configuredPath)
        return configuredPath;
    const root = kind === "file" ? path.dirname(schema) : schema;
    if (major === 7)
        return path.join(root, "migrations");
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
function engineWorkingDirectory(major, project) {
    if (major === 7)
        return project.configFile ? path.dirname(project.configFile) : project.workingDirectory;
    const datasourceFile = project.schemaFiles.find((file) => DATASOURCE_BLOCK.test(file.text));
    return path.dirname(datasourceFile?.path ?? project.schema);
}
/** The URL for the action's own sessions: the files it names open from any folder as from the engine's. */
function sessionUrl(url, major, project) {
    return anchorTlsFiles(url, engineWorkingDirectory(major, project));
}
function kindOnDisk(file) {
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() ? "file" : stat?.isDirectory() ? "directory" : undefined;
}
/** Every `.prisma` file of a schema folder, recursively, as Prisma's schema-files loader reads them. */
function readSchemaFiles(schema, kind) {
    if (kind === "file")
        return [{ path: schema, text: readFileSync(schema, "utf8") }];
    return readdirSync(schema, { recursive: true, encoding: "utf8" })
        .map((entry) => path.join(schema, entry))
        .filter((file) => file.endsWith(".prisma") && kindOnDisk(file) === "file")
        .sort()
        .map((file) => ({ path: file, text: readFileSync(file, "utf8") }));
}
/** Migration folders holding a migration.sql, in the order Prisma applies them (by name). */
function readLocalMigrations(directory) {
    if (!existsSync(directory))
        return [];
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
function checksumsOf(sql) {
    const asIs = createHash("sha256");
    const lf = createHash("sha256");
    const crlf = createHash("sha256");
    for (let start = 0; start < sql.length;) {
        let end = Math.min(start + CHECKSUM_SLICE, sql.length);
        if (end < sql.length && sql[end - 1] === "\r")
            end++;
        const slice = sql.slice(start, end);
        const withLf = slice.replace(/\r\n/g, "\n");
        asIs.update(slice);
        lf.update(withLf);
        crlf.update(withLf.replace(/\n/g, "\r\n"));
        start = end;
    }
    return [...new Set([asIs, lf, crlf].map((hash) => hash.digest("hex")))];
}
function datasourceVariables(schemaFiles) {
    const found = {};
    for (const { text } of schemaFiles) {
        for (const match of text.matchAll(/\b(url|directUrl)\s*=\s*env\(\s*"([^"]+)"\s*\)/g))
            found[match[1]] ??= match[2];
    }
    return found;
}
/**
 * Every environment variable through which the schema reads a connection URL, and
 * DATABASE_URL, what Prisma 7's prisma.config.ts conventionally reads: what must all name a
 * scratch database when Prisma replays migrations into one.
 */
function urlEnvironmentVariables(schemaFiles) {
    const { url, directUrl } = datasourceVariables(schemaFiles);
    return [...new Set(["DATABASE_URL", url, directUrl].filter((name) => name !== undefined))];
}
/** The files Prisma used, relative to working-directory: for the summary and for commands a person runs there. */
function projectFiles(project) {
    return {
        schema: relative(project.workingDirectory, project.schema),
        migrationsDir: relative(project.workingDirectory, project.migrationsDir),
        foundBy: project.foundBy,
        configFile: project.configFile ? relative(project.workingDirectory, project.configFile) : undefined,
    };
}

export { readUtf8Names as a, chooseSchema as b, checksumsOf as c, datasourceVariables as d, readSchemaFiles as e, isUtf8 as i, kindOnDisk as k, migrationsDirFor as m, notUtf8NameError as n, projectFiles as p, readLocalMigrations as r, sessionUrl as s, urlEnvironmentVariables as u };
