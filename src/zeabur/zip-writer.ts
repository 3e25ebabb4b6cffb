// A streaming, deterministic ZIP writer: the same files always give the same bytes, and so the
// same SHA-256, whatever their timestamps, owners or creation order. Built for small CI machines
// and flat memory: the main thread reads files into a fixed ring of buffers and writes entries in
// order, hashing exactly the bytes it writes, while zlib compresses on libuv's thread pool. That
// uses every core without worker threads: each extra JavaScript isolate costs memory of its own
// and keeps tens of megabytes of spent compression buffers until its next collection.
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { constants as zlibConstants, crc32, deflateRaw } from "node:zlib";
import { compareByteOrder } from "./archive-plan.js";

export interface WrittenZip {
  readonly bytes: number;
  /** SHA-256 of the archive's bytes, standard base64 with padding. */
  readonly sha256Base64: string;
  readonly entries: number;
}

/**
 * Files are read this much at a time. A file that fits in one read is one entry compressed
 * whole (or stored when deflate does not shrink it); a larger file is deflated in independent
 * pieces of this size, in parallel, whose concatenation is one valid deflate stream.
 */
export const PIECE_BYTES = 256 * 1024;
/** Pieces read and handed to zlib ahead of the writer: keeps the thread pool busy and bounds memory. */
export const PIECES_IN_FLIGHT = 16;
const OUTPUT_BUFFER_BYTES = 1024 * 1024;
const DEFLATE_LEVEL = 6;
const PROBE_BYTES = 16 * 1024;
const PROBE_FROM = 64 * 1024;
/** A probe that keeps this share of its size or more marks the data as not worth deflating. */
const PROBE_RATIO = 0.98;
/** zlib's window sizes for raw deflate, and the lookahead it keeps out of reach of matches. */
const MIN_WINDOW_BITS = 9;
const MAX_WINDOW_BITS = 15;
const WINDOW_LOOKAHEAD = 262;
/** A final, empty deflate block with fixed codes: closes a stream of sync-flushed pieces. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);

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
/** Pieced entries, whose size is known only at the end, get ZIP64 sizes from this listed size on. */
const PIECED_ZIP64_FROM = 0xf0000000;
const REGULAR_FILE = 0o100000;
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0);

/** Writes through a buffer to a file and hashes exactly the bytes written, in one pass. */
class HashingFileSink {
  private readonly hash = createHash("sha256");
  private readonly buffer = Buffer.allocUnsafeSlow(OUTPUT_BUFFER_BYTES);
  private buffered = 0;
  bytes = 0;

  constructor(private readonly fd: number) {}

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    const large = chunk.length >= this.buffer.length / 2;
    // Buffered bytes go out first, before a large chunk is written straight through.
    if (large || chunk.length > this.buffer.length - this.buffered) this.flush();
    if (large) {
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

function assertEntryName(name: string): void {
  const segments = name.split("/");
  if (name.length === 0 || name.includes("\\") || segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    throw new Error(`Refusing to write the ZIP entry name '${name}': names must be relative, with forward slashes and no empty, '.' or '..' parts.`);
  }
}

const deflateRawAsync = promisify(deflateRaw);

/**
 * The smallest window that still reaches back over the whole input, so no match is out of
 * reach, without allocating and clearing a 32 KiB window for every small file.
 */
function windowBitsFor(length: number): number {
  return Math.max(MIN_WINDOW_BITS, Math.min(MAX_WINDOW_BITS, Math.ceil(Math.log2(length + WINDOW_LOOKAHEAD))));
}

/**
 * Deflates `data`, ending with `finishFlush`. Data of PROBE_FROM bytes or more whose first
 * PROBE_BYTES do not shrink under fast deflate (media, archives, compiled blobs) is framed in
 * stored blocks rather than searched for matches it does not have.
 */
async function deflated(data: Buffer, finishFlush: number): Promise<Buffer> {
  const incompressible = data.length >= PROBE_FROM && (await deflateRawAsync(data.subarray(0, PROBE_BYTES), { level: 1 })).length >= PROBE_BYTES * PROBE_RATIO;
  return deflateRawAsync(data, { level: incompressible ? 0 : DEFLATE_LEVEL, finishFlush, windowBits: windowBitsFor(data.length) });
}

/** Starts deflating now; awaited in order later, and a failure before then is not unhandled. */
function deflateAhead(data: Buffer, finishFlush: number): Promise<Buffer> {
  const result = deflated(data, finishFlush);
  result.catch(() => undefined);
  return result;
}

/** Input buffers, allocated on first need and reused: the reads never allocate after warm-up. */
class BufferRing {
  private readonly free: Buffer[] = [];
  private allocated = 0;

  take(): Buffer | undefined {
    const reused = this.free.pop();
    if (reused) return reused;
    if (this.allocated === PIECES_IN_FLIGHT) return undefined;
    this.allocated++;
    return Buffer.allocUnsafeSlow(PIECE_BYTES);
  }

  give(buffer: Buffer): void {
    this.free.push(buffer);
  }
}

/** A file larger than one read, between its first and last piece. */
interface PiecedFile {
  readonly name: Buffer;
  readonly mode: number;
  readonly zip64: boolean;
  crc: number;
  size: number;
  offset: number;
  compressedSize: number;
}

type Unit =
  | { readonly kind: "whole"; readonly name: Buffer; readonly mode: number; readonly buffer: Buffer; readonly raw: Buffer; readonly crc: number; readonly deflated: Promise<Buffer> | undefined }
  | { readonly kind: "start"; readonly file: PiecedFile }
  | { readonly kind: "piece"; readonly file: PiecedFile; readonly buffer: Buffer; readonly deflated: Promise<Buffer> }
  | { readonly kind: "end"; readonly file: PiecedFile };

function readFully(fd: number, buffer: Buffer, position: number): number {
  let read = 0;
  while (read < buffer.length) {
    const count = readSync(fd, buffer, read, buffer.length - read, position + read);
    if (count === 0) break;
    read += count;
  }
  return read;
}

/**
 * Reads the files in archive order, ahead of the writer, as far as the ring has buffers:
 * whole files and the pieces of large ones, each handed to zlib as soon as it is read.
 */
class ReadAhead {
  private next = 0;
  private open: { fd: number; file: PiecedFile } | undefined;

  constructor(
    private readonly root: string,
    private readonly names: readonly string[],
    private readonly ring: BufferRing,
    private readonly queue: Unit[],
  ) {}

  fill(): void {
    for (let buffer = this.ring.take(); buffer; buffer = this.ring.take()) {
      if (this.open) {
        this.readPiece(this.open.fd, this.open.file, buffer);
      } else if (this.next < this.names.length) {
        this.readFile(this.names[this.next++], buffer);
      } else {
        this.ring.give(buffer);
        return;
      }
    }
  }

  /** Closes a file left open by a failure. */
  close(): void {
    if (this.open) closeSync(this.open.fd);
    this.open = undefined;
  }

  private readFile(name: string, buffer: Buffer): void {
    let fd: number;
    try {
      fd = openSync(path.join(this.root, name), OPEN_FLAGS);
    } catch (error) {
      throw new Error(`Could not read ${name}: ${(error as Error).message}`);
    }
    let keepOpen = false;
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new Error(`Could not read ${name}: it is not a regular file`);
      const read = readFully(fd, buffer, 0);
      if (read < buffer.length) {
        const raw = buffer.subarray(0, read);
        this.queue.push({ kind: "whole", name: Buffer.from(name, "utf8"), mode: unixMode(stat.mode), buffer, raw, crc: crc32(raw), deflated: read > 0 ? deflateAhead(raw, zlibConstants.Z_FINISH) : undefined });
        return;
      }
      const file: PiecedFile = { name: Buffer.from(name, "utf8"), mode: unixMode(stat.mode), zip64: stat.size >= PIECED_ZIP64_FROM, crc: 0, size: 0, offset: 0, compressedSize: 0 };
      this.queue.push({ kind: "start", file });
      this.open = { fd, file };
      keepOpen = true;
      this.queuePiece(file, buffer, read);
    } finally {
      if (!keepOpen) closeSync(fd);
    }
  }

  private readPiece(fd: number, file: PiecedFile, buffer: Buffer): void {
    const read = readFully(fd, buffer, file.size);
    if (read > 0) {
      this.queuePiece(file, buffer, read);
    } else {
      this.ring.give(buffer);
    }
    if (read < buffer.length) {
      this.close();
      this.queue.push({ kind: "end", file });
    }
  }

  private queuePiece(file: PiecedFile, buffer: Buffer, read: number): void {
    const data = buffer.subarray(0, read);
    file.crc = crc32(data, file.crc);
    file.size += read;
    // Each piece ends on a byte boundary without a final block, so pieces concatenate.
    this.queue.push({ kind: "piece", file, buffer, deflated: deflateAhead(data, zlibConstants.Z_SYNC_FLUSH) });
  }
}

function dataDescriptor(file: PiecedFile): Buffer {
  const descriptor = Buffer.alloc(file.zip64 ? 24 : 16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(file.crc, 4);
  if (file.zip64) {
    descriptor.writeBigUInt64LE(BigInt(file.compressedSize), 8);
    descriptor.writeBigUInt64LE(BigInt(file.size), 16);
  } else {
    if (file.compressedSize >= UINT32_LIMIT || file.size >= UINT32_LIMIT) {
      throw new Error(`Could not package ${file.name.toString("utf8")}: it grew past 4 GiB while being read.`);
    }
    descriptor.writeUInt32LE(file.compressedSize, 8);
    descriptor.writeUInt32LE(file.size, 12);
  }
  return descriptor;
}

/**
 * Writes the files named (relative to `root`, forward slashes) to `outputFile` as a ZIP, sorted
 * by the bytes of their names, with fixed timestamps and modes (0644, or 0755 for executables).
 * Symbolic links are refused rather than followed. On failure the partial file is removed.
 */
export async function writeZip(root: string, names: readonly string[], outputFile: string): Promise<WrittenZip> {
  const ordered = [...names].sort(compareByteOrder);
  for (let i = 0; i < ordered.length; i++) {
    assertEntryName(ordered[i]);
    if (i > 0 && ordered[i - 1] === ordered[i]) throw new Error(`Two files share the ZIP entry name '${ordered[i]}'.`);
  }

  const fd = openSync(outputFile, "w");
  const sink = new HashingFileSink(fd);
  const directory = new CentralDirectory();
  const header = Buffer.allocUnsafeSlow(30 + UINT16_LIMIT + 20);
  const ring = new BufferRing();
  const queue: Unit[] = [];
  const reader = new ReadAhead(path.resolve(root), ordered, ring, queue);
  let written: WrittenZip | undefined;
  try {
    for (reader.fill(); queue.length > 0; reader.fill()) {
      const unit = queue.shift()!;
      if (unit.kind === "whole") {
        const compressed = unit.deflated && (await unit.deflated);
        const method = compressed && compressed.length < unit.raw.length ? METHOD_DEFLATE : METHOD_STORE;
        const data = method === METHOD_DEFLATE ? compressed! : unit.raw;
        const offset = sink.bytes;
        sink.write(header.subarray(0, writeLocalHeader(header, unit.name, method, FLAG_UTF8_NAME, unit.crc, unit.raw.length, data.length, false)));
        sink.write(data);
        ring.give(unit.buffer);
        directory.add({ name: unit.name, method, flags: FLAG_UTF8_NAME, crc: unit.crc, size: unit.raw.length, compressedSize: data.length, offset, mode: unit.mode });
      } else if (unit.kind === "start") {
        unit.file.offset = sink.bytes;
        sink.write(header.subarray(0, writeLocalHeader(header, unit.file.name, METHOD_DEFLATE, FLAG_UTF8_NAME | FLAG_DATA_DESCRIPTOR, 0, 0, 0, unit.file.zip64)));
      } else if (unit.kind === "piece") {
        const compressed = await unit.deflated;
        sink.write(compressed);
        unit.file.compressedSize += compressed.length;
        ring.give(unit.buffer);
      } else {
        const { file } = unit;
        sink.write(FINAL_EMPTY_BLOCK);
        file.compressedSize += FINAL_EMPTY_BLOCK.length;
        sink.write(dataDescriptor(file));
        directory.add({ ...file, method: METHOD_DEFLATE, flags: FLAG_UTF8_NAME | FLAG_DATA_DESCRIPTOR });
      }
    }
    const directoryOffset = sink.bytes;
    sink.write(directory.bytes());
    sink.write(endOfArchive(directory.entries, directoryOffset, directory.size));
    written = { bytes: sink.bytes, sha256Base64: sink.finish(), entries: directory.entries };
    return written;
  } finally {
    reader.close();
    closeSync(fd);
    if (!written) rmSync(outputFile, { force: true });
  }
}
