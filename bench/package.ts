// Packaging cost: packageFolder against Info-ZIP (`zip -r -q -6` then `sha256sum`) on the same
// tree in the same run, alternating, median of 3; archiver 8 once for reference; peak memory of
// packageFolder in a child process for the tree and for the same tree with every file ten
// times larger.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pathToFileURL } from "node:url";
import { planArchive } from "../src/zeabur/archive-plan.js";
import { packageFolder } from "../src/zeabur/archive.js";
import { PIECE_BYTES, PIECES_IN_FLIGHT } from "../src/zeabur/zip-writer.js";
import { bundleModule } from "./bundle.js";
import { median } from "./stats.js";

const FILE_COUNT = 20_000;
const TARGET_BYTES = 200 * 1024 * 1024;
const TEXT_SHARE = 0.7;
const FILES_PER_FOLDER = 25;
const RUNS = 3;
const MEMORY_TARGET_MB = 150;

/** Deterministic, so that every run of the benchmark packages the same tree. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Source-like text: code lines with varied identifiers and numbers, compressing like real code. */
function textPool(random: () => number, bytes: number): Buffer {
  const words = ["user", "order", "item", "price", "total", "config", "request", "response", "handler", "value", "index", "result", "error", "client", "session", "schema", "table", "query", "cache", "token"];
  const pick = (): string => words[Math.floor(random() * words.length)];
  const ident = (): string => pick() + pick().replace(/^./, (c) => c.toUpperCase()) + (random() < 0.3 ? String(Math.floor(random() * 100)) : "");
  const templates = [
    () => `export function ${ident()}(${ident()}: ${pick() === "user" ? "string" : "number"}, ${ident()}) {`,
    () => `  const ${ident()} = await ${ident()}.${pick()}(${ident()}, ${Math.floor(random() * 10_000)});`,
    () => `  if (${ident()} === undefined || ${ident()}.length > ${Math.floor(random() * 500)}) return ${ident()};`,
    () => `  // ${pick()} the ${pick()} before the ${pick()} is ${pick()}ed, see #${Math.floor(random() * 9000)}`,
    () => `import { ${ident()}, ${ident()} } from "./${pick()}/${pick()}.js";`,
    () => `  ${ident()}.push({ id: ${Math.floor(random() * 1e6)}, name: "${ident()}", ${pick()}: ${random().toFixed(4)} });`,
    () => "}",
  ];
  const lines: string[] = [];
  let length = 0;
  while (length < bytes) {
    const line = templates[Math.floor(random() * templates.length)]();
    lines.push(line);
    length += line.length + 1;
  }
  return Buffer.from(lines.join("\n")).subarray(0, bytes);
}

function randomPool(random: () => number, bytes: number): Buffer {
  const pool = Buffer.allocUnsafe(Math.ceil(bytes / 4) * 4);
  for (let i = 0; i < pool.length; i += 4) pool.writeUInt32LE(Math.floor(random() * 4294967296), i);
  return pool;
}

/** Mixed sizes: mostly small files, a tail of larger ones, scaled to the target total. */
function fileSizes(random: () => number): number[] {
  const raw = Array.from({ length: FILE_COUNT }, () => {
    const roll = random();
    if (roll < 0.6) return 200 + random() * 6_000;
    if (roll < 0.9) return 6_000 + random() * 30_000;
    if (roll < 0.995) return 30_000 + random() * 200_000;
    return 500_000 + random() * 3_000_000;
  });
  const scale = TARGET_BYTES / raw.reduce((sum, size) => sum + size, 0);
  return raw.map((size) => Math.max(1, Math.round(size * scale)));
}

interface Tree {
  readonly root: string;
  readonly bytes: number;
}

export function buildTree(parent: string, growth: number): Tree {
  const random = prng(20_000);
  const sizes = fileSizes(random);
  const largest = Math.max(...sizes) * growth;
  const text = textPool(random, largest);
  const noise = randomPool(random, largest + 4);
  const root = mkdtempSync(path.join(parent, `tree-x${growth}-`));
  let bytes = 0;
  sizes.forEach((baseSize, i) => {
    const size = baseSize * growth;
    const folder = path.join(root, `pkg${Math.floor(i / 1000)}`, `mod${Math.floor(i / FILES_PER_FOLDER) % 40}`);
    if (i % FILES_PER_FOLDER === 0) mkdirSync(folder, { recursive: true });
    const isText = random() < TEXT_SHARE;
    const pool = isText ? text : noise;
    const start = Math.floor(random() * (pool.length - size));
    writeFileSync(path.join(folder, `file${i}${isText ? ".ts" : ".bin"}`), pool.subarray(start, start + size));
    bytes += size;
  });
  return { root, bytes };
}

async function timed(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}


function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

function runZip(tree: Tree, outputFile: string): void {
  rmSync(outputFile, { force: true });
  const result = spawnSync("sh", ["-c", `zip -r -q -6 "${outputFile}" . && sha256sum "${outputFile}"`], { cwd: tree.root, stdio: "ignore" });
  if (result.status !== 0) throw new Error(`zip failed with status ${result.status}`);
}

/** The part of archiver 8's API used here; the package ships no type declarations. */
interface ZipArchiveLike {
  pipe<T extends NodeJS.WritableStream>(destination: T): T;
  file(filePath: string, data: { name: string }): void;
  finalize(): Promise<void>;
}

async function loadZipArchive(): Promise<new (options: { zlib: { level: number } }) => ZipArchiveLike> {
  const specifier = "archiver";
  const archiver = (await import(specifier)) as { ZipArchive: new (options: { zlib: { level: number } }) => ZipArchiveLike };
  return archiver.ZipArchive;
}

async function runArchiver(tree: Tree, outputFile: string): Promise<void> {
  const plan = planArchive({
    exclude: [],
    listDirectory: (relative) =>
      readdirSync(path.join(tree.root, relative), { withFileTypes: true }).map((entry) => ({
        name: entry.name,
        kind: entry.isDirectory() ? "directory" : "file",
      })),
  });
  const hash = createHash("sha256");
  const ZipArchive = await loadZipArchive();
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const output = createWriteStream(outputFile);
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  archive.pipe(hashing).pipe(output);
  for (const file of plan.files) archive.file(path.join(tree.root, file), { name: file });
  const closed = once(output, "close");
  await archive.finalize();
  await closed;
  hash.digest("base64");
}

/** Peak RSS (MB) and wall time (s) of packageFolder alone, in a fresh Node process. */
function packageInChild(tree: Tree, outputFile: string, bundle: string): { peakMb: number; seconds: number } {
  const script = `const { packageFolder } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
const start = performance.now();
await packageFolder({ root: ${JSON.stringify(tree.root)}, exclude: [], outputFile: ${JSON.stringify(outputFile)} });
const seconds = (performance.now() - start) / 1000;
// VmHWM is this program's own peak; getrusage's maxRSS also counts the forking parent's memory on Linux.
const { existsSync, readFileSync } = await import("node:fs");
const hwm = existsSync("/proc/self/status") && /VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
process.stderr.write(JSON.stringify({ peakMb: (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024, seconds }));
`;
  rmSync(outputFile, { force: true });
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`the packaging child failed: ${result.stderr}`);
  return JSON.parse(result.stderr.slice(result.stderr.lastIndexOf("{")));
}

function zipPeakMb(tree: Tree, outputFile: string): number | undefined {
  if (!hasCommand("/usr/bin/time")) return undefined;
  rmSync(outputFile, { force: true });
  const result = spawnSync("/usr/bin/time", ["-f", "%M", "zip", "-r", "-q", "-6", outputFile, "."], { cwd: tree.root, encoding: "utf8" });
  const kilobytes = Number(result.stderr.trim().split("\n").pop());
  return Number.isFinite(kilobytes) ? kilobytes / 1024 : undefined;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (value: number): string => `${value.toFixed(2)} s`;

export default async function run(): Promise<string> {
  const scratch = mkdtempSync(path.join(tmpdir(), "pgd-bench-package-"));
  try {
    const base = buildTree(scratch, 1);
    const ourOutput = path.join(scratch, "ours.zip");
    const zipOutput = path.join(scratch, "zip.zip");
    const zipPresent = hasCommand("zip") && hasCommand("sha256sum");

    const ours: number[] = [];
    const zip: number[] = [];
    let archiveBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      rmSync(ourOutput, { force: true });
      ours.push(await timed(async () => (archiveBytes = (await packageFolder({ root: base.root, exclude: [], outputFile: ourOutput })).bytes)));
      if (zipPresent) zip.push(await timed(() => runZip(base, zipOutput)));
    }
    const zipBytes = zipPresent ? statSync(zipOutput).size : 0;
    const archiverSeconds = await timed(() => runArchiver(base, path.join(scratch, "archiver.zip")));
    const zipPeak = zipPresent ? zipPeakMb(base, zipOutput) : undefined;
    const bundle = bundleModule("zeabur/archive.ts", scratch);
    const oneFile = { root: mkdtempSync(path.join(scratch, "one-file-")), bytes: 3 };
    writeFileSync(path.join(oneFile.root, "a.txt"), "one");
    const floorMemory = packageInChild(oneFile, ourOutput, bundle);
    const baseMemory = packageInChild(base, ourOutput, bundle);
    rmSync(base.root, { recursive: true, force: true });

    const grown = buildTree(scratch, 10);
    const grownMemory = packageInChild(grown, ourOutput, bundle);
    rmSync(grown.root, { recursive: true, force: true });

    const ourMedian = median(ours);
    const zipMedian = zipPresent ? median(zip) : undefined;
    const ratio = (value: number): string => (zipMedian ? `${(value / zipMedian).toFixed(2)}×` : "n/a");
    const lines = [
      "## Packaging the deploy folder",
      "",
      `Tree: ${FILE_COUNT.toLocaleString("en")} files, ${mb(base.bytes)} (${TEXT_SHARE * 100} % source-like text, the rest random bytes, mixed sizes), deflate level 6 plus SHA-256 of the archive. Wall times are medians of ${RUNS} alternating runs in one script.`,
      "",
      "| Method | Wall | Archive | vs `zip` |",
      "|---|---|---|---|",
      `| \`packageFolder\` (this action) | ${seconds(ourMedian)} (${ours.map(seconds).join(", ")}) | ${mb(archiveBytes)} | ${ratio(ourMedian)} |`,
      zipPresent
        ? `| \`zip -r -q -6\` then \`sha256sum\` | ${seconds(zipMedian!)} (${zip.map(seconds).join(", ")}) | ${mb(zipBytes)} | 1.00× |`
        : "| `zip -r -q -6` then `sha256sum` | skipped: `zip` is not installed | | |",
      `| archiver 8, \`archive.file()\` per file, hash on the output (one run) | ${seconds(archiverSeconds)} | | ${ratio(archiverSeconds)} |`,
      "",
      "| Peak memory (RSS of a Node process running only `packageFolder`) | Tree | Wall | Peak |",
      "|---|---|---|---|",
      `| one small file (the floor: Node and the action's modules) | 3 bytes | ${seconds(floorMemory.seconds)} | ${floorMemory.peakMb.toFixed(0)} MB |`,
      `| base tree | ${mb(base.bytes)} | ${seconds(baseMemory.seconds)} | ${baseMemory.peakMb.toFixed(0)} MB |`,
      `| every file ten times larger (same ${FILE_COUNT.toLocaleString("en")} files) | ${mb(grown.bytes)} | ${seconds(grownMemory.seconds)} | ${grownMemory.peakMb.toFixed(0)} MB |`,
      ...(zipPeak === undefined ? [] : [`| \`zip -r -q -6\`, base tree, for reference | ${mb(base.bytes)} | | ${zipPeak.toFixed(0)} MB |`]),
      "",
      `Targets: no slower than \`zip\` (${zipMedian ? `${ratio(ourMedian)}: ${ourMedian <= zipMedian ? "met" : "missed"}` : "not measured"}); peak memory under ${MEMORY_TARGET_MB} MB and flat when the tree grows tenfold (${baseMemory.peakMb.toFixed(0)} MB, then ${grownMemory.peakMb.toFixed(0)} MB for ten times the bytes: ${Math.max(baseMemory.peakMb, grownMemory.peakMb) < MEMORY_TARGET_MB ? "under the limit" : "over the limit"}, ${(grownMemory.peakMb - baseMemory.peakMb).toFixed(0)} MB more). Memory is bounded by design: a ring of ${PIECES_IN_FLIGHT} read buffers of ${PIECE_BYTES / 1024} KiB, and zlib's spent output buffers until V8 collects them.`,
      "",
    ];
    return lines.join("\n");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
