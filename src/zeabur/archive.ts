// Packages the deploy folder into the ZIP that Zeabur's Upload API receives, and says what
// went in, what stayed out and why.
import { mkdirSync, readdirSync, readFileSync, type Dirent } from "node:fs";
import path from "node:path";
import type { Reporter } from "../core/ports.js";
import { AS_INPUT, type OptionSpelling } from "./protocol.js";
import { describeThrown, GateError } from "../errors.js";
import { planArchive, type UnpackableName, type ArchivePlan, type DirectoryEntry, type EntryKind, type ExcludedPath, type ExclusionReason, type IgnoreFileName } from "./archive-plan.js";
import { writeZip } from "./zip-writer.js";
import { readUtf8Names } from "../file-names.js";

export interface PackagedArchive {
  file: string;
  bytes: number;
  sha256Base64: string;
  files: number;
  ignoreFile: IgnoreFileName | null;
  /** The first entries left out, in byte order; `excludedCount` counts them all. */
  excluded: { path: string; reason: ExclusionReason }[];
  excludedCount: number;
  envFilesExcluded: string[];
  symlinksSkipped: string[];
}

export interface PackageOptions {
  readonly root: string;
  readonly exclude: readonly string[];
  readonly outputFile: string;
  /** Told about files left out for being special, and the archive written; silent when absent. */
  readonly reporter?: Pick<Reporter, "info" | "warning">;
  /** How messages name options; the action's spelling when absent. */
  readonly optionName?: OptionSpelling;
}

/** Enough to see what the rules did; the count says how many more there were. */
export const LISTED_EXCLUSIONS = 200;

function kindOf(entry: Dirent): EntryKind {
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "directory";
  if (entry.isSymbolicLink()) return "symlink";
  return "other";
}

function listDirectory(root: string, relative: string, name: OptionSpelling): DirectoryEntry[] {
  const folder = path.join(root, relative);
  try {
    // A name that is not UTF-8 cannot be read back by name, nor stored in the ZIP as Zeabur reads it.
    readUtf8Names(folder, `The ${name("deploy-path")} folder`, [
      `Or leave it out of the upload with an ${name("exclude")} pattern, if the application does not need it.`,
    ]);
    return readdirSync(folder, { withFileTypes: true }).map((entry) => ({ name: entry.name, kind: kindOf(entry) }));
  } catch (error) {
    if (error instanceof GateError) throw error;
    throw new GateError("upload-failed", `Could not list the folder '${relative || "."}' in ${root}: ${describeThrown(error)}`, [
      `Make sure this user can read every folder under ${name("deploy-path")}, or leave the folder out with an ${name("exclude")} pattern.`,
    ]);
  }
}

function readIgnoreFile(root: string, name: IgnoreFileName): string | undefined {
  try {
    return readFileSync(path.join(root, name), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return undefined;
    throw new GateError("upload-failed", `Could not read ${name} in ${root}: ${describeThrown(error)}`, [
      `Make sure ${name} is readable by the runner's user; it decides which files are uploaded.`,
    ]);
  }
}

function count(excluded: readonly ExcludedPath[], reason: ExclusionReason): number {
  return excluded.filter((entry) => entry.reason === reason).length;
}

function patternsFor(excluded: readonly ExcludedPath[], reason: ExclusionReason): string[] {
  const patterns = new Set(excluded.filter((entry) => entry.reason === reason && entry.pattern !== undefined).map((entry) => entry.pattern!));
  return [...patterns].slice(0, 5);
}

function quoted(patterns: readonly string[]): string {
  return patterns.map((pattern) => `'${pattern}'`).join(", ");
}

function nothingToUpload(root: string, plan: ArchivePlan, name: OptionSpelling): GateError {
  if (plan.excluded.length === 0) {
    return new GateError("upload-failed", `Nothing to upload: the deploy folder ${root} contains no files.`, [
      `Check ${name("deploy-path")}: it must name the folder with the project's source, relative to the repository root.`,
      "If the files come from an earlier step (a build, a download), run that step before this one, in the same job.",
    ]);
  }
  const causes: string[] = [];
  const nextSteps: string[] = [];
  const byIgnoreFile = count(plan.excluded, "ignore-file");
  if (byIgnoreFile > 0) {
    const patterns = patternsFor(plan.excluded, "ignore-file");
    causes.push(`${byIgnoreFile} by ${plan.ignoreFile} (patterns ${quoted(patterns)})`);
    nextSteps.push(
      `Narrow ${quoted(patterns)} in ${path.join(root, plan.ignoreFile ?? "")}` +
        (plan.ignoreFile === ".gitignore" ? ", or add a .zeaburignore at the root: when present it replaces .gitignore for packaging." : "."),
    );
  }
  const byExcludeInput = count(plan.excluded, "exclude-input");
  if (byExcludeInput > 0) {
    const patterns = patternsFor(plan.excluded, "exclude-input");
    causes.push(`${byExcludeInput} by ${name("exclude")} (patterns ${quoted(patterns)})`);
    nextSteps.push(`Narrow ${quoted(patterns)} in ${name("exclude")}.`);
  }
  if (plan.envFilesExcluded.length > 0) {
    causes.push(`${plan.envFilesExcluded.length} env file(s) kept out to protect secrets`);
    nextSteps.push(`To upload an env file anyway, add a negation such as \`!.env.production\` to ${name("exclude")}; secrets are safer as Zeabur variables.`);
  }
  if (plan.symlinksSkipped.length > 0) {
    causes.push(`${plan.symlinksSkipped.length} symbolic link(s), which are never followed`);
    nextSteps.push("Replace the symbolic links with the files they point to (copy them into the folder in an earlier step).");
  }
  const gitEntries = count(plan.excluded, "git-dir");
  if (gitEntries > 0) causes.push(`${gitEntries} .git entr${gitEntries === 1 ? "y" : "ies"}, never uploaded`);
  return new GateError("upload-failed", `Nothing to upload: every entry in the deploy folder ${root} was left out: ${causes.join("; ")}.`, [
    ...nextSteps,
    `Check ${name("deploy-path")}: it must name the folder with the project's source.`,
  ]);
}

/** Named before anything is written or touched, each with why, and how to leave it out. */
function unpackableNames(root: string, names: readonly UnpackableName[]): GateError {
  const shown = names.slice(0, 10).map((name) => `${JSON.stringify(name.path)}: ${name.why}`);
  const more = names.length > shown.length ? `; and ${names.length - shown.length} more` : "";
  return new GateError("upload-failed", `Cannot package ${names.length} file(s) in ${root} under their real names: ${shown.join("; ")}${more}.`, [
    "Rename the file(s) in the repository, or leave them out of the upload with the `exclude` input (one gitignore-style pattern per line).",
  ]);
}

/**
 * Decides the files (Zeabur CLI rules plus `exclude`, env files and symbolic links left out),
 * then writes them to `outputFile` as a deterministic ZIP. Throws GateError('upload-failed')
 * when nothing would be uploaded or a file cannot be read.
 */
export async function packageFolder(options: PackageOptions): Promise<PackagedArchive> {
  const name = options.optionName ?? AS_INPUT;
  const root = path.resolve(options.root);
  const outputFile = path.resolve(options.outputFile);
  const plan = planArchive({
    zeaburignore: readIgnoreFile(root, ".zeaburignore"),
    gitignore: readIgnoreFile(root, ".gitignore"),
    exclude: options.exclude,
    listDirectory: (relative) => listDirectory(root, relative, name),
  });
  if (plan.unpackableNames.length > 0) throw unpackableNames(root, plan.unpackableNames);
  for (const special of plan.specialFilesSkipped) {
    options.reporter?.warning(`Not uploading ${special}: it is not a regular file (socket, FIFO or device).`);
  }
  // A previous run's archive left inside the folder must not be packaged into the new one.
  const outputName = path.relative(root, outputFile).split(path.sep).join("/");
  const files = plan.files.filter((file) => file !== outputName);
  if (files.length === 0) throw nothingToUpload(root, plan, name);

  mkdirSync(path.dirname(outputFile), { recursive: true });
  let written;
  try {
    written = await writeZip(root, files, outputFile);
  } catch (error) {
    if (error instanceof GateError) throw error;
    throw new GateError("upload-failed", `Could not package ${root} into ${outputFile}: ${describeThrown(error)}`, [
      "If a file changed or vanished while packaging, make sure no earlier step is still writing to the folder.",
      `Make sure this user can read every file under ${name("deploy-path")} and write the archive's folder, or leave unreadable files out with an ${name("exclude")} pattern.`,
    ]);
  }
  options.reporter?.info(`Packaged ${written.entries} files from ${root} into ${outputFile} (${written.bytes} bytes, SHA-256 ${written.sha256Base64}).`);
  return {
    file: outputFile,
    bytes: written.bytes,
    sha256Base64: written.sha256Base64,
    files: written.entries,
    ignoreFile: plan.ignoreFile,
    excluded: plan.excluded.slice(0, LISTED_EXCLUSIONS).map(({ path: excludedPath, reason }) => ({ path: excludedPath, reason })),
    excludedCount: plan.excluded.length,
    envFilesExcluded: [...plan.envFilesExcluded],
    symlinksSkipped: [...plan.symlinksSkipped],
  };
}
