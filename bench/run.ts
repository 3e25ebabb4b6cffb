// `npm run bench [name…]`: runs the benchmarks and writes their sections to BENCHMARKS.md.
// Each benchmark compares against a baseline measured in the same script, so the ratios
// hold even though absolute times drift from run to run.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";

const BENCHMARKS = ["lock", "migrate-overhead", "package", "upload", "traffic", "backup", "large-inputs", "squash-proof", "startup"] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];

const START = "<!-- bench:";
const FILE = "BENCHMARKS.md";

function sectionMarker(name: string): [string, string] {
  return [`${START}${name} -->`, `<!-- /bench:${name} -->`];
}

function replaceSection(document: string, name: string, body: string): string {
  const [open, close] = sectionMarker(name);
  const block = `${open}\n${body.trim()}\n${close}`;
  const from = document.indexOf(open);
  const to = document.indexOf(close);
  if (from >= 0 && to > from) return document.slice(0, from) + block + document.slice(to + close.length);
  return `${document.trimEnd()}\n\n${block}\n`;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`Unknown benchmark(s): ${unknown.join(", ")}. Known: ${BENCHMARKS.join(", ")}.`);
  const selected = (requested.length > 0 ? requested : BENCHMARKS) as BenchmarkName[];
  let document = existsSync(FILE)
    ? readFileSync(FILE, "utf8")
    : "# Benchmarks\n\nWritten by `npm run bench` (or `npm run bench -- <name>`). Each section compares the action with a baseline measured in the same script, alternately, and reports medians.\n";
  for (const name of selected) {
    process.stdout.write(`Running ${name}…\n`);
    const module = (await import(`./${name}.ts`)) as { default: () => Promise<string> };
    const body = await module.default();
    const machine = `_Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}._`;
    document = replaceSection(document, name, `${body.trim()}\n\n${machine}`);
    writeFileSync(FILE, document);
    process.stdout.write(`${body}\n`);
  }
}

await main();
