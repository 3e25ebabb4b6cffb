import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import { unzipSync } from "fflate";
import { GateError } from "../../src/errors.js";
import { packageFolder } from "../../src/zeabur/archive.js";
import { PIECE_BYTES } from "../../src/zeabur/zip-writer.js";
import { readCentralDirectory } from "../support/zip-inspect.js";

const scratch = mkdtempSync(path.join(tmpdir(), "pgd-archive-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folder(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(scratch, "src-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

function outputFile(): string {
  return path.join(mkdtempSync(path.join(scratch, "out-")), "archive.zip");
}

function unzipped(file: string): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(readFileSync(file))).map(([name, data]) => [name, Buffer.from(data).toString("utf8")]));
}

function toolAvailable(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

const sourceText = "export const answer = 42;\n".repeat(200);

describe("packageFolder", () => {
  it("refuses a name that is not UTF-8 as invalid-input, shown byte for byte, before writing anything", async () => {
    const root = folder({ "package.json": '{"name":"shop"}' });
    mkdirSync(path.join(root, "assets"));
    writeFileSync(Buffer.concat([Buffer.from(path.join(root, "assets", "logo-caf")), Buffer.from([0xe9]), Buffer.from(".png")]), "png");
    const file = outputFile();
    const failure = await packageFolder({ root, exclude: [], outputFile: file }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).reason).toBe("invalid-input");
    expect((failure as GateError).message).toContain("holds an entry whose name is not valid UTF-8: $'logo-caf\\xe9.png'");
    expect((failure as GateError).nextSteps.join("\n")).toContain("mv -- $'logo-caf\\xe9.png' logo-caf_.png");
    expect((failure as GateError).nextSteps.join("\n")).toContain("exclude");
    expect(() => statSync(file)).toThrow();
  });

  it("writes exactly the planned files with their contents and declares the archive's real size and SHA-256", async () => {
    const root = folder({
      "package.json": '{"name":"shop"}',
      "src/index.ts": sourceText,
      "src/deep/nested/util.ts": "export {};\n",
      "empty.txt": "",
      "caf\u00E9.md": "unicode name",
      ".gitignore": "dist/\n*.log\n",
      "dist/bundle.js": "ignored",
      "debug.log": "ignored",
      ".git/HEAD": "ref: refs/heads/main",
      ".env": "SECRET=1",
      "packages/api/.env.local": "SECRET=2",
      "notes/todo.md": "excluded by input",
    });
    const file = outputFile();
    const archive = await packageFolder({ root, exclude: ["notes/"], outputFile: file });

    expect(unzipped(file)).toEqual({
      ".gitignore": "dist/\n*.log\n",
      "caf\u00E9.md": "unicode name",
      "empty.txt": "",
      "package.json": '{"name":"shop"}',
      "src/deep/nested/util.ts": "export {};\n",
      "src/index.ts": sourceText,
    });
    const bytes = readFileSync(file);
    expect(archive.bytes).toBe(bytes.length);
    expect(archive.sha256Base64).toBe(createHash("sha256").update(bytes).digest("base64"));
    expect(archive.sha256Base64).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(archive.file).toBe(file);
    expect(archive.files).toBe(6);
    expect(archive.ignoreFile).toBe(".gitignore");
    expect(archive.envFilesExcluded).toEqual([".env", "packages/api/.env.local"]);
    expect(archive.excluded).toEqual([
      { path: ".env", reason: "env-file" },
      { path: ".git/", reason: "git-dir" },
      { path: "debug.log", reason: "ignore-file" },
      { path: "dist/", reason: "ignore-file" },
      { path: "notes/", reason: "exclude-input" },
      { path: "packages/api/.env.local", reason: "env-file" },
    ]);
    expect(archive.excludedCount).toBe(6);
  });

  it("prefers .zeaburignore over .gitignore", async () => {
    const root = folder({ ".zeaburignore": "*.tmp\n", ".gitignore": "*.ts\n", "a.ts": "a", "b.tmp": "b" });
    const archive = await packageFolder({ root, exclude: [], outputFile: outputFile() });
    expect(unzipped(archive.file)).toEqual({ ".gitignore": "*.ts\n", ".zeaburignore": "*.tmp\n", "a.ts": "a" });
    expect(archive.ignoreFile).toBe(".zeaburignore");
  });

  it("ships an env file named by a negation in exclude", async () => {
    const root = folder({ ".env": "S=1", ".env.production": "PUBLIC=1", "a.ts": "a" });
    const archive = await packageFolder({ root, exclude: ["!.env.production"], outputFile: outputFile() });
    expect(Object.keys(unzipped(archive.file))).toEqual([".env.production", "a.ts"]);
    expect(archive.envFilesExcluded).toEqual([".env"]);
  });

  it("skips symbolic links, including ones that lead out of the folder, without following them", async () => {
    const outside = folder({ "secret.txt": "outside secret", "dir/inner.txt": "outside inner" });
    const root = folder({ "a.ts": "a" });
    symlinkSync(path.join(outside, "secret.txt"), path.join(root, "linked-file"));
    symlinkSync(path.join(outside, "dir"), path.join(root, "linked-dir"));
    symlinkSync("a.ts", path.join(root, "inside-link"));
    const archive = await packageFolder({ root, exclude: [], outputFile: outputFile() });

    expect(unzipped(archive.file)).toEqual({ "a.ts": "a" });
    expect(readFileSync(archive.file).includes("outside")).toBe(false);
    expect(archive.symlinksSkipped).toEqual(["inside-link", "linked-dir", "linked-file"]);
    expect(archive.excluded.filter((entry) => entry.reason === "symlink")).toHaveLength(3);
  });

  it("refuses an empty folder, naming it", async () => {
    const root = folder({});
    const file = outputFile();
    const failure = await packageFolder({ root, exclude: [], outputFile: file }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).reason).toBe("upload-failed");
    expect((failure as GateError).message).toContain(root);
    expect((failure as GateError).message).toMatch(/contains no files/);
    expect((failure as GateError).nextSteps.join(" ")).toMatch(/deploy-path/);
    expect(() => statSync(file)).toThrow();
  });

  it("refuses a folder whose every file is left out, naming the ignore file and the patterns", async () => {
    const root = folder({ ".gitignore": "*\n", "a.ts": "a", ".env": "S=1" });
    const failure = (await packageFolder({ root, exclude: ["*.md"], outputFile: outputFile() }).catch((error: unknown) => error)) as GateError;
    expect(failure).toBeInstanceOf(GateError);
    expect(failure.reason).toBe("upload-failed");
    expect(failure.message).toContain(root);
    expect(failure.message).toContain("by .gitignore (patterns '*')");
    expect(failure.nextSteps.join(" ")).toContain(".zeaburignore");
  });

  it("gives the same bytes for the same files, whatever their creation order and timestamps", async () => {
    const files: Record<string, string | Buffer> = {
      "z.ts": sourceText,
      "a/b.bin": randomBytes(100_000),
      "a/c.ts": "c",
      "m.txt": "m".repeat(10_000),
      "large.dat": Buffer.concat([Buffer.from(sourceText.repeat(400)), randomBytes(PIECE_BYTES)]),
    };
    const first = folder(files);
    const second = folder(Object.fromEntries(Object.entries(files).reverse()));
    utimesSync(path.join(second, "z.ts"), new Date("2001-02-03T04:05:06Z"), new Date("2001-02-03T04:05:06Z"));
    chmodSync(path.join(second, "m.txt"), 0o600);
    const one = await packageFolder({ root: first, exclude: [], outputFile: outputFile() });
    const two = await packageFolder({ root: second, exclude: [], outputFile: outputFile() });
    expect(two.sha256Base64).toBe(one.sha256Base64);
    expect(readFileSync(two.file).equals(readFileSync(one.file))).toBe(true);
  });

  it("records fixed timestamps, Unix modes that keep only the executable bit, and store for data that does not compress", async () => {
    const root = folder({ "run.sh": "#!/bin/sh\necho hi\n", "text.ts": sourceText, "noise.bin": randomBytes(200_000) });
    chmodSync(path.join(root, "run.sh"), 0o750);
    chmodSync(path.join(root, "text.ts"), 0o600);
    const archive = await packageFolder({ root, exclude: [], outputFile: outputFile() });
    const entries = Object.fromEntries(readCentralDirectory(archive.file).map((entry) => [entry.name, entry]));

    expect(Object.keys(entries)).toEqual(["noise.bin", "run.sh", "text.ts"]);
    for (const entry of Object.values(entries)) {
      expect(entry.madeBy >> 8).toBe(3);
      expect([entry.dosDate, entry.dosTime]).toEqual([0x21, 0]);
      expect(entry.crc).toBe(crc32(readFileSync(path.join(root, entry.name))) >>> 0);
    }
    expect(entries["run.sh"].unixMode).toBe(0o100755);
    expect(entries["text.ts"].unixMode).toBe(0o100644);
    expect(entries["noise.bin"].unixMode).toBe(0o100644);
    expect(entries["text.ts"].method).toBe(8);
    expect(entries["text.ts"].compressedSize).toBeLessThan(entries["text.ts"].size / 10);
    expect(entries["noise.bin"].method).toBe(0);
    expect(entries["noise.bin"].compressedSize).toBe(200_000);
  });

  it("deflates files larger than one read in pieces, with a data descriptor, and they unzip intact", async () => {
    // Compressible text, then random bytes that are framed in stored blocks; and a file that ends exactly on a piece boundary.
    const large = Buffer.concat([Buffer.from(sourceText.repeat(Math.ceil((3 * PIECE_BYTES) / sourceText.length))), randomBytes(2 * PIECE_BYTES + 123)]);
    const exact = Buffer.from(sourceText.repeat(Math.ceil(PIECE_BYTES / sourceText.length))).subarray(0, PIECE_BYTES);
    const root = folder({ "exact.ts": exact, "large.dat": large, "small.ts": "s" });
    const archive = await packageFolder({ root, exclude: [], outputFile: outputFile() });
    const entries = Object.fromEntries(readCentralDirectory(archive.file).map((entry) => [entry.name, entry]));

    for (const [name, content] of [["large.dat", large], ["exact.ts", exact]] as const) {
      expect(entries[name].flags & 0x0008).toBe(0x0008);
      expect(entries[name].method).toBe(8);
      expect(entries[name].size).toBe(content.length);
      expect(entries[name].crc).toBe(crc32(content) >>> 0);
    }
    expect(entries["small.ts"].flags & 0x0008).toBe(0);
    expect(entries["large.dat"].compressedSize).toBeLessThan(large.length);
    const contents = unzipSync(readFileSync(archive.file));
    expect(Buffer.from(contents["large.dat"]).equals(large)).toBe(true);
    expect(Buffer.from(contents["exact.ts"]).equals(exact)).toBe(true);
    expect(archive.sha256Base64).toBe(createHash("sha256").update(readFileSync(archive.file)).digest("base64"));
  });

  it("passes the checks of the unzip and Python zipfile tools where they are installed", async () => {
    // d/e.bin: a stored entry larger than half the writer's output buffer, after small ones.
    const root = folder({ "a.ts": sourceText, "b/c.bin": randomBytes(70_000), "caf\u00E9.md": "x", "d/e.bin": randomBytes(600_000), "run.sh": "#!/bin/sh\n" });
    const archive = await packageFolder({ root, exclude: [], outputFile: outputFile() });
    if (toolAvailable("unzip")) {
      const result = spawnSync("unzip", ["-t", archive.file], { encoding: "utf8" });
      expect(result.stdout).toContain("No errors detected");
      expect(result.status).toBe(0);
    }
    if (toolAvailable("python3")) {
      const script = "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(sorted(z.namelist()))";
      const result = spawnSync("python3", ["-c", script, archive.file], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.stdout.trim()).toBe("['a.ts', 'b/c.bin', 'café.md', 'd/e.bin', 'run.sh']");
    }
  });
});
