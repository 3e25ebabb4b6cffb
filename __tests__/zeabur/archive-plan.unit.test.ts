import { compareByteOrder, isEnvFileName, planArchive, type ArchivePlanInput, type DirectoryEntry } from "../../src/zeabur/archive-plan.js";

/** A folder tree in memory: a string is a file, an object a folder, "->" a symbolic link. */
type Tree = { [name: string]: string | Tree };

function lister(tree: Tree, listed: string[] = []): ArchivePlanInput["listDirectory"] {
  return (relative) => {
    listed.push(relative);
    let folder: Tree = tree;
    for (const part of relative === "" ? [] : relative.split("/")) folder = folder[part] as Tree;
    return Object.entries(folder).map(([name, value]): DirectoryEntry => ({
      name,
      kind: typeof value === "string" ? (value === "->" ? "symlink" : value === "fifo" ? "other" : "file") : "directory",
    }));
  };
}

function plan(tree: Tree, options: Partial<ArchivePlanInput> = {}) {
  return planArchive({ exclude: [], listDirectory: lister(tree), ...options });
}

describe("planArchive", () => {
  it("applies .zeaburignore and not .gitignore when both exist", () => {
    const result = plan(
      { "a.log": "", "b.tmp": "", "c.ts": "" },
      { zeaburignore: "*.tmp\n", gitignore: "*.log\n" },
    );
    expect(result.ignoreFile).toBe(".zeaburignore");
    expect(result.files).toEqual(["a.log", "c.ts"]);
    expect(result.excluded).toEqual([{ path: "b.tmp", reason: "ignore-file", pattern: "*.tmp" }]);
  });

  it("falls back to .gitignore, with CRLF line ends and a byte order mark", () => {
    const result = plan({ "a.log": "", dist: { "x.js": "" }, "c.ts": "" }, { gitignore: "\uFEFF*.log\r\ndist/\r\n" });
    expect(result.ignoreFile).toBe(".gitignore");
    expect(result.files).toEqual(["c.ts"]);
    expect(result.excluded.map((entry) => entry.path)).toEqual(["a.log", "dist/"]);
  });

  it("reports no ignore file when there is none", () => {
    expect(plan({ "a.ts": "" }).ignoreFile).toBeNull();
  });

  it("matches case-sensitively, as git does on Linux", () => {
    expect(plan({ "Build.log": "", "build.log": "" }, { gitignore: "build.log" }).files).toEqual(["Build.log"]);
  });

  it("does not enter ignored folders and counts them once", () => {
    const listed: string[] = [];
    const result = planArchive({
      gitignore: "node_modules/\n",
      exclude: [],
      listDirectory: lister({ node_modules: { pkg: { "index.js": "" } }, src: { "main.ts": "" } }, listed),
    });
    expect(result.files).toEqual(["src/main.ts"]);
    expect(result.excluded).toEqual([{ path: "node_modules/", reason: "ignore-file", pattern: "node_modules/" }]);
    expect(listed).not.toContain("node_modules");
  });

  it("applies only the root's ignore file, like Zeabur's CLI", () => {
    const result = plan({ ".gitignore": "", app: { ".gitignore": "*.ts\n", "a.ts": "" } }, { gitignore: "" });
    expect(result.files).toEqual([".gitignore", "app/.gitignore", "app/a.ts"]);
  });

  it("always leaves .git out, at any depth", () => {
    const result = plan({ ".git": { HEAD: "" }, vendor: { lib: { ".git": "gitdir: ../.git/modules/lib", "a.c": "" } } }, { gitignore: "!.git\n" });
    expect(result.files).toEqual(["vendor/lib/a.c"]);
    expect(result.excluded).toEqual([
      { path: ".git/", reason: "git-dir" },
      { path: "vendor/lib/.git", reason: "git-dir" },
    ]);
  });

  it("applies the exclude input after the ignore file, with its own reason", () => {
    const result = plan(
      { dist: { "app.js": "" }, "notes.md": "", "src.ts": "" },
      { gitignore: "dist/\n", exclude: ["*.md", "!dist/"] },
    );
    expect(result.files).toEqual(["dist/app.js", "src.ts"]);
    expect(result.excluded).toEqual([{ path: "notes.md", reason: "exclude-input", pattern: "*.md" }]);
  });

  it("keeps .env files out at any depth and records them", () => {
    const result = plan({ ".env": "", ".env.local": "", ".envrc": "", "env.ts": "", apps: { web: { ".env.production": "" } } });
    expect(result.files).toEqual([".envrc", "env.ts"]);
    expect(result.envFilesExcluded).toEqual([".env", ".env.local", "apps/web/.env.production"]);
    expect(result.excluded.every((entry) => entry.reason === "env-file")).toBe(true);
  });

  it("ships an env file that a negation in the ignore file or in exclude names", () => {
    const tree = { ".env": "", ".env.production": "", ".env.example": "" };
    expect(plan(tree, { gitignore: ".env*\n!.env.production\n" }).files).toEqual([".env.production"]);
    expect(plan(tree, { exclude: ["!.env.example"] }).files).toEqual([".env.example"]);
    expect(plan(tree, { exclude: ["!.env.example"] }).envFilesExcluded).toEqual([".env", ".env.production"]);
  });

  it("does not count env files left out by the ignore file as kept out by the env rule", () => {
    const result = plan({ ".env": "", "a.ts": "" }, { gitignore: ".env\n" });
    expect(result.envFilesExcluded).toEqual([]);
    expect(result.excluded).toEqual([{ path: ".env", reason: "ignore-file", pattern: ".env" }]);
  });

  it("skips symbolic links without listing what they point to", () => {
    const listed: string[] = [];
    const result = planArchive({ exclude: [], listDirectory: lister({ "outside-dir": "->", "outside-file": "->", "a.ts": "" }, listed) });
    expect(result.files).toEqual(["a.ts"]);
    expect(result.symlinksSkipped).toEqual(["outside-dir", "outside-file"]);
    expect(result.excluded.map((entry) => entry.reason)).toEqual(["symlink", "symlink"]);
    expect(listed).toEqual([""]);
  });

  it("skips sockets, FIFOs and devices", () => {
    const result = plan({ pipe: "fifo", "a.ts": "" });
    expect(result.files).toEqual(["a.ts"]);
    expect(result.specialFilesSkipped).toEqual(["pipe"]);
  });

  it("lists files in byte order of their UTF-8 names, whatever order the folder gives", () => {
    const result = plan({ b: { z: "" }, "b.txt": "", "\u{1F600}": "", "\uFB01": "", A: "", a: "" });
    expect(result.files).toEqual(["A", "a", "b.txt", "b/z", "\uFB01", "\u{1F600}"]);
    expect([...result.files].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))).toEqual(result.files);
  });
});

describe("compareByteOrder", () => {
  it("agrees with comparing UTF-8 bytes, where plain string comparison does not", () => {
    const names = ["\u{1F600}", "\uFB01", "\uE000", "z", "\u00E9", "a/b", "a.b", "a"];
    const byBytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...names].sort(compareByteOrder)).toEqual(byBytes);
    expect([...names].sort()).not.toEqual(byBytes);
  });
});

describe("isEnvFileName", () => {
  it.each([".env", ".env.local", ".env.production.local"])("%s is an env file", (name) => expect(isEnvFileName(name)).toBe(true));
  it.each([".envrc", "env", ".environment", "x.env"])("%s is not", (name) => expect(isEnvFileName(name)).toBe(false));
});
