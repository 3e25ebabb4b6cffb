// A streaming, deterministic ZIP writer: the same files always give the same bytes, and so the
// same SHA-256, whatever their timestamps, owners or creation order. Built for speed on small
// CI machines, where general-purpose archivers spend more time per entry than on compression:
// worker threads read and compress batches of files synchronously (no per-file streams or
// promises), the main thread writes entries in order and hashes exactly the bytes it writes.
import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { crc32, createDeflateRaw } from "node:zlib";

export interface ZipSource {
  /** Name inside the archive: relative, forward slashes, no `.` or `..` segments. */
  readonly name: string;
  /** Where to read the file; a symbolic link there is refused rather than followed. */
  readonly path: string;
}

export interface WrittenZip {
  readonly bytes: number;
  /** SHA-256 of the archive's bytes, standard base64 with padding. */
  readonly sha256Base64: string;
  readonly entries: number;
}

/** Files above this are streamed through a deflate stream, so memory stays flat. */
export const STREAMED_FILE_THRESHOLD = 8 * 1024 * 1024;
const BATCH_BYTES = 1024 * 1024;
const BATCH_FILES = 256;
/** Raw bytes handed to workers and not yet written: bounds the memory held out of order. */
const MAX_BYTES_IN_FLIGHT = 16 * 1024 * 1024;
const MAX_BATCHES_PER_WORKER = 3;
const OUTPUT_BUFFER_BYTES = 1024 * 1024;
const STREAM_CHUNK_BYTES = 1024 * 1024;
const DEFLATE_LEVEL = 6;

const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8_NAME = 0x0800;
/** 1980-01-01 00:00, the earliest DOS date: no clock or mtime leaks into the bytes. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MADE_BY_UNIX = 3 << 8;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
const UINT16_LIMIT = 0xffff;
const UINT32_LIMIT = 0xffffffff;
/** Streamed entries whose size is unknown until the end get ZIP64 sizes from this raw size on. */
const STREAMED_ZIP64_FROM = 0xf0000000;
const REGULAR_FILE = 0o100000;
const METADATA_FIELDS = 5;
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0);

// The worker is evaluated from a string, so that it survives bundling into the action's single
// dist/index.js and any test transform of this module. It takes its modules from
// process.getBuiltinModule, which works whether Node evaluates it as CommonJS or as a module
// (workers inherit flags such as --input-type=module). A file of 64 KiB
// or more whose first 16 KiB does not shrink under fast deflate (media, archives, compiled
// blobs) is stored without trying the whole file; any other file is deflated and stored
// instead when deflate does not make it smaller.
const WORKER_SOURCE = `
const { parentPort } = process.getBuiltinModule("node:worker_threads");
const fs = process.getBuiltinModule("node:fs");
const zlib = process.getBuiltinModule("node:zlib");
const OPEN_FLAGS = ${OPEN_FLAGS};
const PROBE_BYTES = 16384;
const PROBE_FROM = 65536;
function looksIncompressible(raw) {
  const probe = zlib.deflateRawSync(raw.subarray(0, PROBE_BYTES), { level: 1 });
  return probe.length >= PROBE_BYTES * 0.98;
}
let readBuffer = Buffer.allocUnsafeSlow(1 << 20);
function readWhole(path) {
  const fd = fs.openSync(path, OPEN_FLAGS);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error("it is not a regular file");
    if (stat.size > readBuffer.length) readBuffer = Buffer.allocUnsafeSlow(stat.size);
    let read = 0;
    while (read < stat.size) {
      const count = fs.readSync(fd, readBuffer, read, stat.size - read, read);
      if (count === 0) break;
      read += count;
    }
    return { raw: readBuffer.subarray(0, read), mode: stat.mode };
  } finally {
    fs.closeSync(fd);
  }
}
let staging = Buffer.allocUnsafeSlow(1 << 20);
function stage(data, at) {
  if (at + data.length > staging.length) {
    const grown = Buffer.allocUnsafeSlow(Math.max(staging.length * 2, at + data.length));
    staging.copy(grown, 0, 0, at);
    staging = grown;
  }
  staging.set(data, at);
  return at + data.length;
}
parentPort.on("message", (batch) => {
  const metadata = new Float64Array(batch.length * ${METADATA_FIELDS});
  const errors = {};
  let total = 0;
  batch.forEach((path, index) => {
    try {
      const { raw, mode } = readWhole(path);
      let data = raw;
      let method = ${METHOD_STORE};
      if (raw.length > 0 && !(raw.length >= PROBE_FROM && looksIncompressible(raw))) {
        const deflated = zlib.deflateRawSync(raw, { level: ${DEFLATE_LEVEL} });
        if (deflated.length < raw.length) {
          data = deflated;
          method = ${METHOD_DEFLATE};
        }
      }
      metadata.set([method, zlib.crc32(raw), raw.length, data.length, mode], index * ${METADATA_FIELDS});
      total = stage(data, total);
    } catch (error) {
      errors[index] = error && error.message ? error.message : String(error);
    }
  });
  const buffer = new ArrayBuffer(total);
  staging.copy(new Uint8Array(buffer), 0, 0, total);
  parentPort.postMessage({ metadata, errors, buffer }, [metadata.buffer, buffer]);
});
`;

/**
 * A batch's answer: per file, METADATA_FIELDS numbers (method, CRC-32, size, compressed size,
 * stat mode) in one typed array, and the files' data back to back in one buffer. Typed arrays
 * rather than an object per file keep the main thread's garbage, and so its heap, small.
 */
interface BatchResult {
  readonly metadata: Float64Array;
  /** Why a file could not be read, by its position in the batch. */
  readonly errors: Record<number, string>;
  readonly buffer: ArrayBuffer;
}

interface PendingBatch {
  resolve(result: BatchResult): void;
  reject(error: Error): void;
}

/** Workers answer batches in the order they got them, so each keeps a FIFO of waiters. */
class CompressionPool {
  private readonly workers: { worker: Worker; waiting: PendingBatch[] }[] = [];
  private failure: Error | undefined;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      const slot = { worker, waiting: [] as PendingBatch[] };
      worker.on("message", (result: BatchResult) => slot.waiting.shift()?.resolve(result));
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => this.fail(new Error(`a compression worker stopped (exit code ${code})`)));
      this.workers.push(slot);
    }
  }

  get hasRoom(): boolean {
    return this.workers.some((slot) => slot.waiting.length < MAX_BATCHES_PER_WORKER);
  }

  compress(paths: readonly string[]): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.workers.reduce((best, next) => (next.waiting.length < best.waiting.length ? next : best));
    return new Promise((resolve, reject) => {
      slot.waiting.push({ resolve, reject });
      slot.worker.postMessage(paths);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const slot of this.workers) {
      for (const waiter of slot.waiting.splice(0)) waiter.reject(this.failure);
    }
  }

  async close(): Promise<void> {
    this.failure ??= new Error("the compression pool is closed");
    await Promise.all(this.workers.map((slot) => slot.worker.terminate()));
  }
}

/** Writes through a buffer to a file and hashes exactly the bytes written, in one pass. */
class HashingFileSink {
  private readonly hash = createHash("sha256");
  private readonly buffer = Buffer.allocUnsafeSlow(OUTPUT_BUFFER_BYTES);
  private buffered = 0;
  bytes = 0;

  constructor(private readonly fd: number) {}

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (chunk.length > this.buffer.length - this.buffered) this.flush();
    if (chunk.length >= this.buffer.length / 2) {
      this.writeThrough(chunk);
    } else {
      this.buffer.set(chunk, this.buffered);
      this.buffered += chunk.length;
    }
  }

  /** Flushes and returns the SHA-256 of everything written. */
  finish(): string {
    this.flush();
    return this.hash.digest("base64");
  }

  private flush(): void {
    if (this.buffered === 0) return;
    this.writeThrough(this.buffer.subarray(0, this.buffered));
    this.buffered = 0;
  }

  private writeThrough(chunk: Uint8Array): void {
    this.hash.update(chunk);
    for (let written = 0; written < chunk.length; ) {
      written += writeSync(this.fd, chunk, written, chunk.length - written);
    }
  }
}

interface EntryRecord {
  readonly name: Buffer;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly size: number;
  readonly compressedSize: number;
  readonly offset: number;
  readonly mode: number;
}

function unixMode(statMode: number): number {
  return statMode & 0o111 ? 0o755 : 0o644;
}

/** Writes a local file header into `target` and returns its length. */
function writeLocalHeader(target: Buffer, name: Buffer, method: number, flags: number, crc: number, size: number, compressedSize: number, zip64Sizes: boolean): number {
  const extraLength = zip64Sizes ? 20 : 0;
  target.writeUInt32LE(0x04034b50, 0);
  target.writeUInt16LE(zip64Sizes ? VERSION_ZIP64 : VERSION_DEFAULT, 4);
  target.writeUInt16LE(flags, 6);
  target.writeUInt16LE(method, 8);
  target.writeUInt16LE(DOS_TIME, 10);
  target.writeUInt16LE(DOS_DATE, 12);
  target.writeUInt32LE(crc, 14);
  target.writeUInt32LE(zip64Sizes ? UINT32_LIMIT : compressedSize, 18);
  target.writeUInt32LE(zip64Sizes ? UINT32_LIMIT : size, 22);
  target.writeUInt16LE(name.length, 26);
  target.writeUInt16LE(extraLength, 28);
  name.copy(target, 30);
  if (zip64Sizes) {
    const extra = 30 + name.length;
    target.writeUInt16LE(0x0001, extra);
    target.writeUInt16LE(16, extra + 2);
    target.writeBigUInt64LE(BigInt(size), extra + 4);
    target.writeBigUInt64LE(BigInt(compressedSize), extra + 12);
  }
  return 30 + name.length + extraLength;
}

/**
 * The central directory, built in one growing buffer rather than an object per entry: objects
 * that live through the whole run make V8 grow its young generation, which shows in peak memory.
 */
class CentralDirectory {
  private buffer = Buffer.allocUnsafeSlow(1024 * 1024);
  size = 0;
  entries = 0;

  add(entry: EntryRecord): void {
    const zip64Fields = [entry.size, entry.compressedSize, entry.offset].filter((value) => value >= UINT32_LIMIT);
    const extraLength = zip64Fields.length > 0 ? 4 + 8 * zip64Fields.length : 0;
    const length = 46 + entry.name.length + extraLength;
    if (this.size + length > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.size + length));
      this.buffer.copy(grown, 0, 0, this.size);
      this.buffer = grown;
    }
    const record = this.buffer.subarray(this.size, this.size + length);
    const version = zip64Fields.length > 0 ? VERSION_ZIP64 : VERSION_DEFAULT;
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(MADE_BY_UNIX | version, 4);
    record.writeUInt16LE(version, 6);
    record.writeUInt16LE(entry.flags, 8);
    record.writeUInt16LE(entry.method, 10);
    record.writeUInt16LE(DOS_TIME, 12);
    record.writeUInt16LE(DOS_DATE, 14);
    record.writeUInt32LE(entry.crc, 16);
    record.writeUInt32LE(Math.min(entry.compressedSize, UINT32_LIMIT), 20);
    record.writeUInt32LE(Math.min(entry.size, UINT32_LIMIT), 24);
    record.writeUInt16LE(entry.name.length, 28);
    record.writeUInt16LE(extraLength, 30);
    // File comment length, starting disk and internal attributes: all zero.
    record.fill(0, 32, 38);
    record.writeUInt32LE(((REGULAR_FILE | entry.mode) << 16) >>> 0, 38);
    record.writeUInt32LE(Math.min(entry.offset, UINT32_LIMIT), 42);
    entry.name.copy(record, 46);
    if (extraLength > 0) {
      let at = 46 + entry.name.length;
      record.writeUInt16LE(0x0001, at);
      record.writeUInt16LE(8 * zip64Fields.length, at + 2);
      at += 4;
      for (const value of zip64Fields) {
        record.writeBigUInt64LE(BigInt(value), at);
        at += 8;
      }
    }
    this.size += length;
    this.entries++;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.size);
  }
}

function endOfArchive(entries: number, directoryOffset: number, directorySize: number): Buffer {
  const needsZip64 = entries >= UINT16_LIMIT || directoryOffset >= UINT32_LIMIT || directorySize >= UINT32_LIMIT;
  const end = Buffer.alloc((needsZip64 ? 56 + 20 : 0) + 22);
  let at = 0;
  if (needsZip64) {
    end.writeUInt32LE(0x06064b50, 0);
    end.writeBigUInt64LE(44n, 4);
    end.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
    end.writeUInt16LE(VERSION_ZIP64, 14);
    end.writeBigUInt64LE(BigInt(entries), 24);
    end.writeBigUInt64LE(BigInt(entries), 32);
    end.writeBigUInt64LE(BigInt(directorySize), 40);
    end.writeBigUInt64LE(BigInt(directoryOffset), 48);
    end.writeUInt32LE(0x07064b50, 56);
    end.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 64);
    end.writeUInt32LE(1, 72);
    at = 76;
  }
  end.writeUInt32LE(0x06054b50, at);
  end.writeUInt16LE(Math.min(entries, UINT16_LIMIT), at + 8);
  end.writeUInt16LE(Math.min(entries, UINT16_LIMIT), at + 10);
  end.writeUInt32LE(Math.min(directorySize, UINT32_LIMIT), at + 12);
  end.writeUInt32LE(Math.min(directoryOffset, UINT32_LIMIT), at + 16);
  return end;
}

function entryName(name: string): Buffer {
  const segments = name.split("/");
  if (name.length === 0 || name.includes("\\") || segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    throw new Error(`Refusing to write the ZIP entry name '${name}': names must be relative, with forward slashes and no empty, '.' or '..' parts.`);
  }
  return Buffer.from(name, "utf8");
}

type Unit =
  | { readonly kind: "batch"; readonly sources: readonly ZipSource[]; readonly rawBytes: number; readonly result: Promise<BatchResult> }
  | { readonly kind: "streamed"; readonly source: ZipSource };

/**
 * Writes the sources, sorted by the bytes of their names, to `outputFile` as a ZIP with fixed
 * timestamps and modes (0644, or 0755 for executables). On failure the partial file is removed.
 */
export async function writeZip(sources: readonly ZipSource[], outputFile: string): Promise<WrittenZip> {
  const named = sources.map((source) => ({ source, name: entryName(source.name) }));
  named.sort((a, b) => Buffer.compare(a.name, b.name));
  for (let i = 1; i < named.length; i++) {
    if (named[i - 1].name.equals(named[i].name)) throw new Error(`Two files share the ZIP entry name '${named[i].source.name}'.`);
  }
  const nameOf = new Map(named.map(({ source, name }) => [source, name]));
  const ordered = named.map(({ source }) => source);

  const fd = openSync(outputFile, "w");
  const sink = new HashingFileSink(fd);
  const pool = new CompressionPool(Math.max(1, Math.min(4, availableParallelism())));
  const directory = new CentralDirectory();
  const header = Buffer.allocUnsafeSlow(30 + UINT16_LIMIT + 20);
  const units: (Unit | undefined)[] = [];
  let planned = 0;
  let bytesInFlight = 0;

  const planAhead = (): void => {
    while (planned < ordered.length && bytesInFlight < MAX_BYTES_IN_FLIGHT && pool.hasRoom) {
      const batch: ZipSource[] = [];
      let rawBytes = 0;
      while (planned < ordered.length && batch.length < BATCH_FILES && rawBytes < BATCH_BYTES) {
        const size = sizeOrZero(ordered[planned].path);
        if (size > STREAMED_FILE_THRESHOLD) {
          if (batch.length === 0) {
            units.push({ kind: "streamed", source: ordered[planned] });
            planned++;
          }
          break;
        }
        batch.push(ordered[planned]);
        rawBytes += size;
        planned++;
      }
      if (batch.length > 0) {
        const result = pool.compress(batch.map((source) => source.path));
        // Awaited in order later; a failure that arrives before then is not unhandled.
        result.catch(() => undefined);
        units.push({ kind: "batch", sources: batch, rawBytes, result });
        bytesInFlight += rawBytes;
      }
    }
  };

  let written: WrittenZip | undefined;
  try {
    for (let next = 0; planAhead(), next < units.length; next++) {
      const unit = units[next];
      units[next] = undefined;
      if (unit?.kind === "streamed") {
        directory.add(await writeStreamed(unit.source, nameOf.get(unit.source)!, sink, header, planAhead));
      } else if (unit) {
        const result = await unit.result;
        bytesInFlight -= unit.rawBytes;
        planAhead();
        let at = 0;
        const data = Buffer.from(result.buffer);
        unit.sources.forEach((source, i) => {
          if (i in result.errors) throw new Error(`Could not read ${source.name}: ${result.errors[i]}`);
          const [method, crc, size, compressedSize, mode] = result.metadata.subarray(i * METADATA_FIELDS, (i + 1) * METADATA_FIELDS);
          const name = nameOf.get(source)!;
          const offset = sink.bytes;
          const flags = FLAG_UTF8_NAME;
          sink.write(header.subarray(0, writeLocalHeader(header, name, method, flags, crc, size, compressedSize, false)));
          sink.write(data.subarray(at, at + compressedSize));
          at += compressedSize;
          directory.add({ name, method, flags, crc, size, compressedSize, offset, mode: unixMode(mode) });
        });
      }
    }
    const directoryOffset = sink.bytes;
    sink.write(directory.bytes());
    sink.write(endOfArchive(directory.entries, directoryOffset, directory.size));
    written = { bytes: sink.bytes, sha256Base64: sink.finish(), entries: directory.entries };
    return written;
  } finally {
    closeSync(fd);
    if (!written) rmSync(outputFile, { force: true });
    await pool.close();
  }
}

function sizeOrZero(path: string): number {
  try {
    return lstatSync(path).size;
  } catch {
    // The worker that reads it reports why it cannot.
    return 0;
  }
}

/** Deflates a large file chunk by chunk; sizes and CRC follow the data in a data descriptor. */
async function writeStreamed(source: ZipSource, name: Buffer, sink: HashingFileSink, header: Buffer, keepWorkersBusy: () => void): Promise<EntryRecord> {
  let fd: number;
  try {
    fd = openSync(source.path, OPEN_FLAGS);
  } catch (error) {
    throw new Error(`Could not read ${source.name}: ${(error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`Could not read ${source.name}: it is not a regular file`);
    const zip64 = stat.size >= STREAMED_ZIP64_FROM;
    const flags = FLAG_UTF8_NAME | FLAG_DATA_DESCRIPTOR;
    const offset = sink.bytes;
    sink.write(header.subarray(0, writeLocalHeader(header, name, METHOD_DEFLATE, flags, 0, 0, 0, zip64)));

    const deflate = createDeflateRaw({ level: DEFLATE_LEVEL });
    let compressedSize = 0;
    deflate.on("data", (chunk: Buffer) => {
      compressedSize += chunk.length;
      sink.write(chunk);
    });
    const ended = once(deflate, "end");
    let crc = 0;
    let size = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(STREAM_CHUNK_BYTES);
      const count = readSync(fd, chunk, 0, chunk.length, size);
      if (count === 0) break;
      const data = chunk.subarray(0, count);
      crc = crc32(data, crc);
      size += count;
      if (!deflate.write(data)) await once(deflate, "drain");
      keepWorkersBusy();
    }
    deflate.end();
    await ended;

    const descriptor = Buffer.alloc(zip64 ? 24 : 16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    if (zip64) {
      descriptor.writeBigUInt64LE(BigInt(compressedSize), 8);
      descriptor.writeBigUInt64LE(BigInt(size), 16);
    } else {
      if (compressedSize >= UINT32_LIMIT || size >= UINT32_LIMIT) {
        throw new Error(`Could not package ${source.name}: it grew past 4 GiB while being read.`);
      }
      descriptor.writeUInt32LE(compressedSize, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    sink.write(descriptor);
    return { name, method: METHOD_DEFLATE, flags, crc, size, compressedSize, offset, mode: unixMode(stat.mode) };
  } finally {
    closeSync(fd);
  }
}
