// Bundles one of the action's modules to plain JavaScript (esbuild, which tsx brings along), so
// that a benchmark's child process measures what the action costs and not tsx's loader thread.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Writes `<scratch>/<name>.bundle.mjs` from `src/<entry>` and returns its path. */
export function bundleModule(entry: string, scratch: string): string {
  const bundle = path.join(scratch, `${path.basename(entry, ".ts")}.bundle.mjs`);
  buildSync({
    entryPoints: [path.join(repositoryRoot, "src", entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: bundle,
    logLevel: "error",
    banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
  });
  return bundle;
}
