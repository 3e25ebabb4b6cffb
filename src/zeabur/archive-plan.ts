// Which files of a folder go into the archive uploaded to Zeabur. The rules are those of
// Zeabur's own CLI, so that a project deploys the same way from the action as from a laptop,
// plus the action's own: the `exclude` input, and env files kept out unless asked for.
import { IndexedIgnore } from "./indexed-ignore.js";

export type ExclusionReason = "ignore-file" | "exclude-input" | "env-file" | "symlink" | "git-dir";
export type IgnoreFileName = ".zeaburignore" | ".gitignore";
export type EntryKind = "file" | "directory" | "symlink" | "other";

export interface DirectoryEntry {
  readonly name: string;
  readonly kind: EntryKind;
}

export interface ExcludedPath {
  /** Relative to the root, forward slashes; a folder left out as a whole ends with `/`. */
  readonly path: string;
  readonly reason: ExclusionReason;
  /** The ignore or exclude line that matched, for reasons "ignore-file" and "exclude-input". */
  readonly pattern?: string;
}

export interface ArchivePlanInput {
  /** Text of the root's `.zeaburignore`; undefined when there is none. */
  readonly zeaburignore?: string;
  /** Text of the root's `.gitignore`; undefined when there is none. */
  readonly gitignore?: string;
  /** Extra gitignore-style lines from the `exclude` input, applied after the ignore file. */
  readonly exclude: readonly string[];
  /** Lists one folder, given relative to the root with forward slashes ("" for the root). */
  readonly listDirectory: (relativePath: string) => readonly DirectoryEntry[];
}

export interface ArchivePlan {
  readonly ignoreFile: IgnoreFileName | null;
  /** Files to package: relative, forward slashes, in byte order of their UTF-8 names. */
  readonly files: readonly string[];
  /** Everything left out, in byte order. */
  readonly excluded: readonly ExcludedPath[];
  /** Env files that only the env-file rule kept out (the ignore rules would have shipped them). */
  readonly envFilesExcluded: readonly string[];
  readonly symlinksSkipped: readonly string[];
  /** Sockets, FIFOs and devices: not content, and reading a FIFO would block forever. */
  readonly specialFilesSkipped: readonly string[];
  /** Files whose names a ZIP cannot carry faithfully, with why; packaging stops on them. */
  readonly unpackableNames: readonly UnpackableName[];
}

export interface UnpackableName {
  readonly path: string;
  readonly why: string;
}

/**
 * Why a file's relative path cannot be stored as a ZIP entry that unpacks to the same file,
 * or undefined when it can. Spaces, newlines and any Unicode are fine: names are stored as
 * UTF-8 (flag bit 11).
 */
export function unpackableNameProblem(relativePath: string): string | undefined {
  if (relativePath.includes("\\")) {
    return "it contains a backslash, which ZIP readers take as a folder separator: it would unpack as a different path";
  }
  if (relativePath.includes("\uFFFD")) {
    return "its name is not valid UTF-8 (it was read with a replacement character), so it cannot be stored under its real name";
  }
  if (relativePath.includes("\0")) return "it contains a NUL character";
  if (Buffer.byteLength(relativePath) > 0xffff) return "its path is longer than the 65,535 bytes a ZIP entry name can hold";
  return undefined;
}

const IGNORE_FILE_MARK = "ignore-file";
const EXCLUDE_INPUT_MARK = "exclude-input";

/** `.env` and `.env.<anything>`: the usual homes of local secrets. */
export function isEnvFileName(name: string): boolean {
  return name === ".env" || name.startsWith(".env.");
}

/**
 * Code point order, which is the byte order of the UTF-8 names inside the ZIP. Plain string
 * comparison is UTF-16 order, which puts characters beyond U+FFFF (surrogate pairs) before
 * U+E000–U+FFFF.
 */
export function compareByteOrder(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

function ignoreLines(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split(/\r?\n/);
}

function buildRules(ignoreFileText: string | undefined, exclude: readonly string[]): IndexedIgnore {
  const fromFile = ignoreFileText === undefined ? [] : ignoreLines(ignoreFileText);
  // Case-sensitive, as git is on the Linux machines where Zeabur builds.
  return new IndexedIgnore(
    [
      { mark: IGNORE_FILE_MARK, patterns: fromFile },
      { mark: EXCLUDE_INPUT_MARK, patterns: exclude },
    ],
    { ignorecase: false },
  );
}

/**
 * Walks the folder through `listDirectory` and decides every entry. Like Zeabur's CLI, only
 * the root's ignore file counts (`.zeaburignore` if present, else `.gitignore`); nested
 * `.gitignore` files are packaged but not applied. A folder that the rules leave out is not
 * entered, as in git, where nothing below an ignored folder can be re-included; symbolic
 * links are never followed.
 */
export function planArchive(input: ArchivePlanInput): ArchivePlan {
  const ignoreFile: IgnoreFileName | null =
    input.zeaburignore !== undefined ? ".zeaburignore" : input.gitignore !== undefined ? ".gitignore" : null;
  const rules = buildRules(input.zeaburignore ?? input.gitignore, input.exclude);

  const files: string[] = [];
  const excluded: ExcludedPath[] = [];
  const envFilesExcluded: string[] = [];
  const symlinksSkipped: string[] = [];
  const specialFilesSkipped: string[] = [];
  const unpackableNames: UnpackableName[] = [];

  const pending = [""];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    for (const entry of input.listDirectory(folder)) {
      const relative = folder === "" ? entry.name : `${folder}/${entry.name}`;
      const isDirectory = entry.kind === "directory";
      const shownPath = isDirectory ? `${relative}/` : relative;
      if (entry.name === ".git") {
        excluded.push({ path: shownPath, reason: "git-dir" });
        continue;
      }
      const verdict = rules.test(shownPath);
      if (verdict.ignored) {
        const reason = verdict.rule?.mark === EXCLUDE_INPUT_MARK ? "exclude-input" : "ignore-file";
        excluded.push({ path: shownPath, reason, pattern: verdict.rule?.pattern });
        continue;
      }
      switch (entry.kind) {
        case "directory":
          pending.push(relative);
          break;
        case "symlink":
          excluded.push({ path: relative, reason: "symlink" });
          symlinksSkipped.push(relative);
          break;
        case "other":
          specialFilesSkipped.push(relative);
          break;
        case "file":
          if (isEnvFileName(entry.name) && !verdict.unignored) {
            excluded.push({ path: relative, reason: "env-file" });
            envFilesExcluded.push(relative);
          } else {
            const why = unpackableNameProblem(relative);
            if (why) unpackableNames.push({ path: relative, why });
            else files.push(relative);
          }
          break;
      }
    }
  }

  files.sort(compareByteOrder);
  excluded.sort((a, b) => compareByteOrder(a.path, b.path));
  envFilesExcluded.sort(compareByteOrder);
  symlinksSkipped.sort(compareByteOrder);
  specialFilesSkipped.sort(compareByteOrder);
  unpackableNames.sort((a, b) => compareByteOrder(a.path, b.path));
  return { ignoreFile, files, excluded, envFilesExcluded, symlinksSkipped, specialFilesSkipped, unpackableNames };
}
