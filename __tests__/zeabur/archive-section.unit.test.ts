import { formatBytes, renderArchiveSection } from "../../src/report/archive-section.js";
import type { PackagedArchive } from "../../src/zeabur/archive.js";

const archive: PackagedArchive = {
  file: "/tmp/archive.zip",
  bytes: 5_242_880,
  sha256Base64: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  files: 1234,
  ignoreFile: ".gitignore",
  excluded: [
    { path: ".env", reason: "env-file" },
    { path: "dist/", reason: "ignore-file" },
    { path: "link", reason: "symlink" },
  ],
  excludedCount: 3,
  envFilesExcluded: [".env"],
  symlinksSkipped: ["link"],
};

describe("renderArchiveSection", () => {
  it("states files, size, hash and the ignore file used", () => {
    const text = renderArchiveSection(archive);
    expect(text).toContain("| Files | 1,234 |");
    expect(text).toContain("| Size | 5.0 MiB (5,242,880 bytes) |");
    expect(text).toContain("`47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=`");
    expect(text).toContain("`.gitignore` at the root");
  });

  it("calls out env files and skipped symbolic links, and lists exclusions with reasons", () => {
    const text = renderArchiveSection(archive);
    expect(text).toContain("**Env files not uploaded** (they usually hold secrets): `.env`.");
    expect(text).toContain("`!.env.production`");
    expect(text).toContain("**Symbolic links skipped** (never followed): `link`.");
    expect(text).toContain("- `dist/`: ignore file");
    expect(text).toContain("- `link`: symbolic link");
  });

  it("says when no ignore file was found and nothing was left out", () => {
    const text = renderArchiveSection({ ...archive, ignoreFile: null, excluded: [], excludedCount: 0, envFilesExcluded: [], symlinksSkipped: [] });
    expect(text).toContain("none: no `.zeaburignore` or `.gitignore`");
    expect(text).not.toContain("<details>");
    expect(text).not.toContain("Env files");
  });

  it("stays short however much was left out, and keeps odd names inside their code spans", () => {
    const many = Array.from({ length: 5000 }, (_, i) => `node_modules/pkg${i}/${"x".repeat(300)}`);
    const text = renderArchiveSection({
      ...archive,
      excluded: many.slice(0, 200).map((path) => ({ path, reason: "exclude-input" as const })),
      excludedCount: 5000,
      symlinksSkipped: many,
      envFilesExcluded: ["a`b/.env"],
    });
    expect(text.length).toBeLessThan(20_000);
    expect(text).toContain("and 4,970 more");
    expect(text).toContain("``a`b/.env``");
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1536, "1.5 KiB"],
    [52_428_800, "50.0 MiB"],
    [3 * 1024 ** 3, "3.0 GiB"],
  ])("%d bytes is %s", (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
