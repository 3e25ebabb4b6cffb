// The reporting port at a terminal: readable lines on stderr (stdout is kept for the result,
// so that `--json` output stays one document), colour only on a TTY without NO_COLOR, and a
// progress line that rewrites itself for a wait longer than a second.
import type { Reporter, SourceLocation } from "../core/ports.js";
import { redact, registerSecret } from "../redact.js";

export interface TerminalStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

const plain: Palette = { bold: (t) => t, dim: (t) => t, red: (t) => t, yellow: (t) => t, green: (t) => t, cyan: (t) => t };

function ansi(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const coloured: Palette = { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), yellow: ansi(33, 39), green: ansi(32, 39), cyan: ansi(36, 39) };

/** Colour only for a person at a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function paletteFor(stream: TerminalStream, env: Readonly<Record<string, string | undefined>>): Palette {
  return stream.isTTY && !env.NO_COLOR ? coloured : plain;
}

/** A wait shorter than this shows no progress: it would only flicker. */
const PROGRESS_AFTER_MS = 1_000;
/** Without a TTY a progress line cannot be rewritten: repeat it at most this often. */
const PROGRESS_LOG_EVERY_MS = 10_000;

function where(at: SourceLocation | undefined): string {
  return at ? `${at.file}${at.line ? `:${at.line}` : ""}: ` : "";
}

export function terminalReporter(stream: TerminalStream, palette: Palette, options: { verbose?: boolean; now?: () => number } = {}): Reporter {
  const now = options.now ?? Date.now;
  let indent = "";
  let progressShown = false;
  let waitStartedAt: number | undefined;
  let lastProgressLogAt = Number.NEGATIVE_INFINITY;

  const clearProgress = () => {
    if (progressShown) stream.write("\r\u001b[2K");
    progressShown = false;
  };
  const line = (text: string) => {
    clearProgress();
    // Anything said ends the wait: the next one starts its own second of silence.
    waitStartedAt = undefined;
    lastProgressLogAt = Number.NEGATIVE_INFINITY;
    for (const each of redact(text).split("\n")) stream.write(`${indent}${each}\n`);
  };

  return {
    info: (message) => line(message),
    warning: (message, at) => line(palette.yellow(`${where(at)}warning: ${message}`)),
    error: (message, at) => line(palette.red(`${where(at)}error: ${message}`)),
    notice: (message, at) => line(palette.cyan(`${where(at)}${message}`)),
    debug: (message) => {
      if (options.verbose) line(palette.dim(message));
    },
    progress(message) {
      const at = now();
      waitStartedAt ??= at;
      if (at - waitStartedAt < PROGRESS_AFTER_MS) return;
      if (stream.isTTY) {
        stream.write(`\r\u001b[2K${indent}${palette.dim(redact(message))}`);
        progressShown = true;
      } else if (at - lastProgressLogAt >= PROGRESS_LOG_EVERY_MS) {
        lastProgressLogAt = at;
        stream.write(`${indent}${redact(message)}\n`);
      }
    },
    async step(title, body) {
      line(palette.bold(`▸ ${title}`));
      const outer = indent;
      indent = `${outer}  `;
      try {
        return await body();
      } finally {
        clearProgress();
        indent = outer;
      }
    },
    registerSecret: (secret) => void registerSecret(secret),
  };
}
