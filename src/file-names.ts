// Folder entries read as bytes. A name that is not valid UTF-8 cannot be passed on as text:
// Node turns its bad bytes into U+FFFD, which names a file that does not exist (ENOENT on a
// folder the action listed itself). Such a name is refused up front, shown byte for byte,
// with the command that renames it.
import { readdirSync } from "node:fs";
import path from "node:path";
import { GateError } from "./errors.js";
import { inlineCode } from "./report/markdown.js";
import { shellQuote } from "./report/shell.js";

/** The length of the well-formed UTF-8 sequence at `index`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index];
  const [length, min, max] =
    lead < 0x80 ? [1, 0, 0] : lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf] : lead >= 0xe0 && lead <= 0xef ? [3, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf] : lead >= 0xf0 && lead <= 0xf4 ? [4, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf] : [0, 0, 0];
  if (length <= 1) return length;
  if (index + length > bytes.length || bytes[index + 1] < min || bytes[index + 1] > max) return 0;
  for (let k = 2; k < length; k++) if (bytes[index + k] < 0x80 || bytes[index + k] > 0xbf) return 0;
  return length;
}

/** Whether the bytes are well-formed UTF-8. Pure. */
export function isUtf8(bytes: Uint8Array): boolean {
  for (let index = 0; index < bytes.length; ) {
    const length = sequenceLength(bytes, index);
    if (length === 0) return false;
    index += length;
  }
  return true;
}

/**
 * The name as bash's ANSI-C quoting writes it (`$'caf\xe9'`): pasted into bash or zsh it is
 * the very bytes, and printed it is one line of plain characters. Pure.
 */
export function ansiCQuote(bytes: Uint8Array): string {
  let text = "";
  for (let index = 0; index < bytes.length; ) {
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
export function utf8Replacement(bytes: Uint8Array): string {
  let text = "";
  for (let index = 0; index < bytes.length; ) {
    const length = sequenceLength(bytes, index);
    text += length === 0 ? "_" : Buffer.from(bytes.subarray(index, index + length)).toString("utf8");
    index += Math.max(length, 1);
  }
  return text;
}

/** A folder as a person finds it: relative to the current directory (the repository, on a runner) when inside it. */
function shownFolder(folder: string): string {
  const relative = path.relative(process.cwd(), folder);
  return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? folder : relative;
}

/**
 * The refusal of a name that is not UTF-8, in `where` (a folder as a person finds it). `what`
 * says what holds it ("The migrations folder"); `alsoNextSteps` follow the rename.
 */
export function notUtf8NameError(what: string, where: string, name: Uint8Array, alsoNextSteps: readonly string[] = []): GateError {
  return new GateError(
    "invalid-input",
    `${what} ${where} holds an entry whose name is not valid UTF-8: ${ansiCQuote(name)} (the bytes that are not UTF-8 shown as \\xNN). Prisma, Git hosting and this action name files by UTF-8 text, so nothing was run.`,
    [`Rename it to a UTF-8 name, in bash from ${where}: ${inlineCode(`mv -- ${ansiCQuote(name)} ${shellQuote(utf8Replacement(name))}`)}, and commit the rename.`, ...alsoNextSteps],
  );
}

/** The names in `folder`, or notUtf8NameError for the first one that is not UTF-8. */
export function readUtf8Names(folder: string, what: string, alsoNextSteps: readonly string[] = []): string[] {
  const entries = readdirSync(folder, { encoding: "buffer" });
  const invalid = entries.find((entry) => !isUtf8(entry));
  if (invalid) throw notUtf8NameError(what, shownFolder(folder), invalid, alsoNextSteps);
  return entries.map((entry) => entry.toString("utf8"));
}
