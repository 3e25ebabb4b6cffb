// Upload cost: uploadArchive (create, pre-signed PUT, prepare) against `curl --upload-file` of
// the same file to a pre-signed URL of the same local fake Zeabur, alternating, median of 3;
// peak memory of uploadArchive in a child process for a 20 MB and a 200 MB file.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { start, type FakeZeabur, type Service } from "../__tests__/support/fake-zeabur.js";
import { median } from "./stats.js";

const LARGE_BYTES = 200 * 1024 * 1024;
const SMALL_BYTES = 20 * 1024 * 1024;
const RUNS = 3;
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface TestFile {
  file: string;
  bytes: number;
  sha256Base64: string;
}

async function writeRandomFile(file: string, bytes: number): Promise<TestFile> {
  const output = createWriteStream(file);
  const hash = createHash("sha256");
  const chunkBytes = 8 * 1024 * 1024;
  for (let written = 0; written < bytes; written += chunkBytes) {
    const chunk = randomBytes(Math.min(chunkBytes, bytes - written));
    hash.update(chunk);
    if (!output.write(chunk)) await once(output, "drain");
  }
  output.end();
  await once(output, "close");
  return { file, bytes, sha256Base64: hash.digest("base64") };
}

async function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: repositoryRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUNNER_DEBUG: "" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "close")) as [number];
  return { code, stdout, stderr };
}

interface ChildRun {
  seconds: number;
  /** Peak RSS with the modules loaded, before the upload: what Node and tsx cost by themselves. */
  loadedMb: number;
  peakMb: number;
}

/**
 * Wall time of uploadArchive alone and the peak RSS of its process. A child process, so the
 * fake server (in this process) must keep answering while it runs: hence spawn, not spawnSync.
 */
async function uploadInChild(fake: FakeZeabur, service: Service, archive: TestFile, scratch: string): Promise<ChildRun> {
  const script = path.join(scratch, "upload-child.mjs");
  const module = (relative: string): string => JSON.stringify(pathToFileURL(path.join(repositoryRoot, relative)).href);
  const zeabur = { apiKey: fake.apiKey, serviceId: service.serviceId, environmentId: service.environmentId, apiUrl: fake.url };
  writeFileSync(
    script,
    `const { uploadArchive } = await import(${module("src/zeabur/upload-client.ts")});
const { Deadline } = await import(${module("src/deadline.ts")});
const loadedMb = process.resourceUsage().maxRSS / 1024;
const started = performance.now();
await uploadArchive(${JSON.stringify(zeabur)}, ${JSON.stringify(archive)}, new Deadline(600000, "the upload"), { log: () => {} });
const seconds = (performance.now() - started) / 1000;
process.stderr.write(JSON.stringify({ seconds, loadedMb, peakMb: process.resourceUsage().maxRSS / 1024 }));
`,
  );
  const result = await run(process.execPath, ["--import", "tsx", script]);
  if (result.code !== 0) throw new Error(`the upload child failed: ${result.stderr}`);
  return JSON.parse(result.stderr.slice(result.stderr.lastIndexOf("{")));
}

/** curl's own transfer time for a PUT of the file to a fresh pre-signed URL of the same fake. */
async function uploadWithCurl(fake: FakeZeabur, archive: TestFile): Promise<number> {
  const created = await fetch(`${fake.url}/v2/upload`, {
    method: "POST",
    headers: { authorization: `Bearer ${fake.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ content_hash: archive.sha256Base64, content_hash_algorithm: "sha256", content_length: archive.bytes }),
  });
  const { presign_url: url } = (await created.json()) as { presign_url: string };
  const result = await run("curl", ["-sS", "-f", "-o", "/dev/null", "-w", "%{time_total}", "-H", "Content-Type: application/zip", "--upload-file", archive.file, url]);
  if (result.code !== 0) throw new Error(`curl failed: ${result.stderr}`);
  return Number(result.stdout.trim());
}


const mbPerSecond = (bytes: number, seconds: number): string => `${(bytes / 1024 / 1024 / seconds).toFixed(0)} MB/s`;
const secondsText = (value: number): string => `${value.toFixed(2)} s`;

export default async function runBenchmark(): Promise<string> {
  const scratch = mkdtempSync(path.join(tmpdir(), "pgd-bench-upload-"));
  const fake = await start({ keepBodies: false, planLimitBytes: 1024 * 1024 * 1024 });
  try {
    const service = fake.addService();
    const large = await writeRandomFile(path.join(scratch, "large.zip"), LARGE_BYTES);
    const small = await writeRandomFile(path.join(scratch, "small.zip"), SMALL_BYTES);

    const ours: ChildRun[] = [];
    const curl: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await uploadInChild(fake, service, large, scratch));
      curl.push(await uploadWithCurl(fake, large));
    }
    const smallRun = await uploadInChild(fake, service, small, scratch);
    const verified = [...fake.uploads.values()].filter((upload) => upload.uploaded).length;

    const ourMedian = median(ours.map((result) => result.seconds));
    const curlMedian = median(curl);
    const ratio = curlMedian / ourMedian;
    const largest = ours.reduce((highest, result) => (result.peakMb > highest.peakMb ? result : highest));
    const growth = (result: ChildRun): string => `+${(result.peakMb - result.loadedMb).toFixed(0)} MB`;
    return [
      "## Uploading the archive",
      "",
      `One ${LARGE_BYTES / 1024 / 1024} MB file of random bytes, sent to the local fake Zeabur over loopback; the fake checks the pre-signed URL's signature and hashes every byte against X-Amz-Checksum-Sha256 without keeping the body. \`uploadArchive\` runs in a child process (create, PUT, prepare; wall time measured inside it); \`curl --upload-file\` PUTs the same file to a fresh pre-signed URL of the same fake (curl's \`time_total\`). Alternating, median of ${RUNS}; ${verified} uploads verified by the fake.`,
      "",
      "| Method | Wall (median) | Runs | Throughput | vs curl |",
      "|---|---|---|---|---|",
      `| \`uploadArchive\` (this action) | ${secondsText(ourMedian)} | ${ours.map((result) => secondsText(result.seconds)).join(", ")} | ${mbPerSecond(LARGE_BYTES, ourMedian)} | ${ratio.toFixed(2)}× (target ≥ 0.80×) |`,
      `| \`curl --upload-file\` | ${secondsText(curlMedian)} | ${curl.map(secondsText).join(", ")} | ${mbPerSecond(LARGE_BYTES, curlMedian)} | 1.00× |`,
      "",
      "| Peak memory (RSS of the process running `uploadArchive`) | File | Before the upload (Node, tsx, modules) | Peak | Added by the upload |",
      "|---|---|---|---|---|",
      `| small file | ${SMALL_BYTES / 1024 / 1024} MB | ${smallRun.loadedMb.toFixed(0)} MB | ${smallRun.peakMb.toFixed(0)} MB | ${growth(smallRun)} |`,
      `| large file (highest of ${RUNS} runs) | ${LARGE_BYTES / 1024 / 1024} MB | ${largest.loadedMb.toFixed(0)} MB | ${largest.peakMb.toFixed(0)} MB | ${growth(largest)} |`,
      "",
    ].join("\n");
  } finally {
    await fake.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
