// Upload cost: the action's pre-signed PUT against `curl --upload-file` of the same file to the
// same local fake Zeabur, alternating, median of 5; the whole uploadArchive (create, PUT,
// prepare) for context, and its peak memory in a child process for 20 MB, 200 MB and 1 GB.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { start, type FakeZeabur, type Service } from "../stand-ins/fake-zeabur.js";
import { bundleModule, repositoryRoot } from "./bundle.js";
import { median } from "./stats.js";

const LARGE_BYTES = 200 * 1024 * 1024;
const SMALL_BYTES = 20 * 1024 * 1024;
const HUGE_BYTES = 5 * LARGE_BYTES;
const PUT_RUNS = 5;
const WHOLE_RUNS = 3;

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
  /** Peak RSS with the modules loaded, before the upload: what Node and the client cost by themselves. */
  loadedMb: number;
  peakMb: number;
}

/**
 * Runs `body` (an ES module's statements, after `loadedMb` and `started` are set) in a child
 * process with the action's modules bundled, and reads back its wall time and peak RSS. A child
 * process, so the fake server (in this process) keeps answering: hence spawn, not spawnSync.
 */
async function inChild(scratch: string, imports: Record<string, string>, body: string): Promise<ChildRun> {
  const script = path.join(scratch, "upload-child.mjs");
  const lines = Object.entries(imports).map(
    ([names, entry]) => `const { ${names} } = await import(${JSON.stringify(pathToFileURL(bundleModule(entry, scratch)).href)});`,
  );
  writeFileSync(
    script,
    `${lines.join("\n")}
const loadedMb = process.resourceUsage().maxRSS / 1024;
const started = performance.now();
${body}
const seconds = (performance.now() - started) / 1000;
process.stderr.write(JSON.stringify({ seconds, loadedMb, peakMb: process.resourceUsage().maxRSS / 1024 }));
`,
  );
  const result = await run(process.execPath, [script]);
  if (result.code !== 0) throw new Error(`the upload child failed: ${result.stderr}`);
  return JSON.parse(result.stderr.slice(result.stderr.lastIndexOf("{")));
}

/** The whole of uploadArchive (create, PUT, prepare), as the action runs it. */
function uploadInChild(fake: FakeZeabur, service: Service, archive: TestFile, scratch: string): Promise<ChildRun> {
  const zeabur = { apiKey: fake.apiKey, serviceId: service.serviceId, environmentId: service.environmentId, apiUrl: fake.url };
  return inChild(
    scratch,
    { uploadArchive: "zeabur/upload-client.ts", Deadline: "deadline.ts" },
    `await uploadArchive(${JSON.stringify(zeabur)}, ${JSON.stringify(archive)}, new Deadline(600000, "the upload"), { log: () => {} });`,
  );
}

interface Presigned {
  url: string;
  headers: Record<string, string>;
}

/** A fresh pre-signed URL of the fake for this file, as Zeabur's create answers it. */
async function presign(fake: FakeZeabur, archive: TestFile): Promise<Presigned> {
  const created = await fetch(`${fake.url}/v2/upload`, {
    method: "POST",
    headers: { authorization: `Bearer ${fake.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ content_hash: archive.sha256Base64, content_hash_algorithm: "sha256", content_length: archive.bytes }),
  });
  const answer = (await created.json()) as { presign_url: string; presign_header: Record<string, string> };
  return { url: answer.presign_url, headers: answer.presign_header };
}

/** The action's PUT alone (sendFile, as uploadArchive calls it), to a fresh pre-signed URL. */
async function sendInChild(fake: FakeZeabur, archive: TestFile, scratch: string): Promise<number> {
  const { url, headers } = await presign(fake, archive);
  const request = { url, method: "PUT", headers, file: archive.file, bytes: archive.bytes, timeoutMs: 600_000 };
  const result = await inChild(
    scratch,
    { sendFile: "zeabur/http.ts", Deadline: "deadline.ts" },
    `const answer = await sendFile({ ...${JSON.stringify(request)}, deadline: new Deadline(600000, "the upload") });
if (answer.status !== 200) throw new Error("the fake answered " + answer.status + ": " + answer.body);`,
  );
  return result.seconds;
}

/** curl's own transfer time for the same PUT, with the same headers, to a fresh pre-signed URL. */
async function uploadWithCurl(fake: FakeZeabur, archive: TestFile): Promise<number> {
  const { url, headers } = await presign(fake, archive);
  const headerArguments = Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
  const result = await run("curl", ["-sS", "-f", "-o", "/dev/null", "-w", "%{time_total}", ...headerArguments, "--upload-file", archive.file, url]);
  if (result.code !== 0) throw new Error(`curl failed: ${result.stderr}`);
  return Number(result.stdout.trim());
}

const mbPerSecond = (bytes: number, seconds: number): string => `${(bytes / 1024 / 1024 / seconds).toFixed(0)} MB/s`;
const secondsText = (value: number): string => `${value.toFixed(2)} s`;

export default async function runBenchmark(): Promise<string> {
  const scratch = mkdtempSync(path.join(tmpdir(), "pgd-bench-upload-"));
  const fake = await start({ keepBodies: false, planLimitBytes: 2 * HUGE_BYTES });
  try {
    const service = fake.addService();
    const large = await writeRandomFile(path.join(scratch, "large.zip"), LARGE_BYTES);

    const ours: number[] = [];
    const curl: number[] = [];
    for (let i = 0; i < PUT_RUNS; i++) {
      ours.push(await sendInChild(fake, large, scratch));
      curl.push(await uploadWithCurl(fake, large));
    }
    const whole: ChildRun[] = [];
    for (let i = 0; i < WHOLE_RUNS; i++) whole.push(await uploadInChild(fake, service, large, scratch));
    const small = await writeRandomFile(path.join(scratch, "small.zip"), SMALL_BYTES);
    const smallRun = await uploadInChild(fake, service, small, scratch);
    rmSync(small.file);
    const huge = await writeRandomFile(path.join(scratch, "huge.zip"), HUGE_BYTES);
    const hugeRun = await uploadInChild(fake, service, huge, scratch);
    const verified = [...fake.uploads.values()].filter((upload) => upload.uploaded).length;

    const ourMedian = median(ours);
    const curlMedian = median(curl);
    const ratio = curlMedian / ourMedian;
    const wholeMedian = median(whole.map((result) => result.seconds));
    const largest = whole.reduce((highest, result) => (result.peakMb > highest.peakMb ? result : highest));
    const mbText = (value: number): string => `${value.toFixed(0)} MB`;
    const memoryRow = (label: string, bytes: number, result: ChildRun): string =>
      `| ${label} | ${bytes / 1024 / 1024} MB | ${mbText(result.loadedMb)} | ${mbText(result.peakMb)} | +${mbText(result.peakMb - result.loadedMb)} |`;
    return [
      "## Uploading the archive",
      "",
      `One ${LARGE_BYTES / 1024 / 1024} MB file of random bytes, PUT over loopback to a fresh pre-signed URL of the local fake Zeabur, which checks the URL's signature and hashes every byte against the declared SHA-256 without keeping the body. The action's PUT (\`sendFile\`, bundled as the action is, in a child process, wall time measured inside it) against \`curl --upload-file\` with the same headers (curl's \`time_total\`). Alternating, median of ${PUT_RUNS}; ${verified} uploads verified by the fake in all.`,
      "",
      "| Method | Wall (median) | Runs | Throughput | vs curl |",
      "|---|---|---|---|---|",
      `| the action's PUT | ${secondsText(ourMedian)} | ${ours.map(secondsText).join(", ")} | ${mbPerSecond(LARGE_BYTES, ourMedian)} | ${ratio.toFixed(2)}× (target ≥ 0.80×: ${ratio >= 0.8 ? "met" : "missed"}) |`,
      `| \`curl --upload-file\` | ${secondsText(curlMedian)} | ${curl.map(secondsText).join(", ")} | ${mbPerSecond(LARGE_BYTES, curlMedian)} | 1.00× |`,
      "",
      `The whole \`uploadArchive\` (create, PUT, prepare) of the same file: ${secondsText(wholeMedian)}, median of ${WHOLE_RUNS}.`,
      "",
      "| Peak memory (RSS of a process running `uploadArchive`) | File | Before the upload (Node, modules) | Peak | Added by the upload |",
      "|---|---|---|---|---|",
      memoryRow("small file", SMALL_BYTES, smallRun),
      memoryRow(`the benchmark's file (highest of ${WHOLE_RUNS} runs)`, LARGE_BYTES, largest),
      memoryRow("five times larger", HUGE_BYTES, hugeRun),
      "",
    ].join("\n");
  } finally {
    await fake.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
