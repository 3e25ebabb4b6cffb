// Reads migration histories from real git repositories created in temporary folders.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { GateError } from "../../src/errors.js";
import { changedMigrationFiles, compareHistories, readSnapshotAtRef, readSnapshotFromDisk } from "../../src/check/history.js";

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
};

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const MIGRATIONS = "prisma/migrations";

interface Repo {
  dir: string;
  write(relative: string, content: string): void;
  remove(relative: string): void;
  commit(message: string): void;
}

function createRepo(): Repo {
  const dir = mkdtempSync(path.join(tmpdir(), "pgd-history-"));
  created.push(dir);
  git(dir, "init", "--quiet", "-b", "main");
  const repo: Repo = {
    dir,
    write(relative, content) {
      const file = path.join(dir, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    },
    remove(relative) {
      rmSync(path.join(dir, relative), { recursive: true, force: true });
    },
    commit(message) {
      git(dir, "add", "--all");
      git(dir, "commit", "--quiet", "-m", message);
    },
  };
  return repo;
}

/** A repository whose main branch holds two applied migrations, with `feature` checked out from it. */
function repoWithHistory(): Repo {
  const repo = createRepo();
  repo.write(`${MIGRATIONS}/migration_lock.toml`, 'provider = "postgresql"\n');
  repo.write(`${MIGRATIONS}/20240101000000_init/migration.sql`, 'CREATE TABLE "User" ("id" SERIAL NOT NULL);\n');
  repo.write(`${MIGRATIONS}/20240301000000_posts/migration.sql`, 'CREATE TABLE "Post" ("id" SERIAL NOT NULL);\n');
  repo.write("README.md", "app\n");
  repo.commit("main history");
  git(repo.dir, "checkout", "--quiet", "-b", "feature");
  return repo;
}

async function compareWithMain(repo: Repo) {
  const base = await readSnapshotAtRef(repo.dir, MIGRATIONS, "main");
  const head = await readSnapshotFromDisk(path.join(repo.dir, MIGRATIONS));
  return { base, head, findings: compareHistories(base, head) };
}

describe("history against the base branch in a git repository", () => {
  it("reads the migrations and the lock provider at a ref, unaffected by the working tree", async () => {
    const repo = repoWithHistory();
    repo.write(`${MIGRATIONS}/20240401000000_wip/migration.sql`, "SELECT 1;\n");
    const base = await readSnapshotAtRef(repo.dir, MIGRATIONS, "main");
    expect([...base.migrations.keys()].sort()).toEqual(["20240101000000_init", "20240301000000_posts"]);
    expect(base.migrations.get("20240301000000_posts")).toBe('CREATE TABLE "Post" ("id" SERIAL NOT NULL);\n');
    expect(base.lockProvider).toBe("postgresql");
    const absolute = await readSnapshotAtRef(repo.dir, path.join(repo.dir, MIGRATIONS), "main");
    expect(absolute).toEqual(base);
  });

  it("reports an edited applied migration and lints it as changed", async () => {
    const repo = repoWithHistory();
    repo.write(`${MIGRATIONS}/20240101000000_init/migration.sql`, 'CREATE TABLE "User" ("id" SERIAL NOT NULL);\nALTER TABLE "User" ADD COLUMN "x" TEXT;\n');
    repo.commit("edit init");
    const { base, head, findings } = await compareWithMain(repo);
    expect(findings).toEqual([expect.objectContaining({ kind: "edited", file: "20240101000000_init/migration.sql", line: 2 })]);
    expect(changedMigrationFiles(base, head, MIGRATIONS).map((file) => file.path)).toEqual([`${MIGRATIONS}/20240101000000_init/migration.sql`]);
  });

  it("does not take a CRLF checkout for an edit", async () => {
    const repo = repoWithHistory();
    repo.write(`${MIGRATIONS}/20240101000000_init/migration.sql`, 'CREATE TABLE "User" ("id" SERIAL NOT NULL);\r\n');
    const { findings } = await compareWithMain(repo);
    expect(findings).toEqual([]);
  });

  it("reports a deleted applied migration", async () => {
    const repo = repoWithHistory();
    repo.remove(`${MIGRATIONS}/20240301000000_posts`);
    repo.commit("delete posts");
    const { findings } = await compareWithMain(repo);
    expect(findings).toEqual([expect.objectContaining({ kind: "deleted", file: "20240301000000_posts/migration.sql" })]);
  });

  it("reports a new migration named before the newest one on the base branch", async () => {
    const repo = repoWithHistory();
    repo.write(`${MIGRATIONS}/20240201000000_tags/migration.sql`, 'CREATE TABLE "Tag" ("id" SERIAL NOT NULL);\n');
    repo.write(`${MIGRATIONS}/20240501000000_likes/migration.sql`, 'CREATE TABLE "Like" ("id" SERIAL NOT NULL);\n');
    repo.commit("new migrations");
    const { base, head, findings } = await compareWithMain(repo);
    expect(findings).toEqual([expect.objectContaining({ kind: "out-of-order", file: "20240201000000_tags/migration.sql" })]);
    expect(changedMigrationFiles(base, head, MIGRATIONS).map((file) => file.path)).toEqual([
      `${MIGRATIONS}/20240201000000_tags/migration.sql`,
      `${MIGRATIONS}/20240501000000_likes/migration.sql`,
    ]);
  });

  it("reports a changed provider in migration_lock.toml", async () => {
    const repo = repoWithHistory();
    repo.write(`${MIGRATIONS}/migration_lock.toml`, '# Please do not edit this file manually\nprovider = "mysql"\n');
    repo.commit("switch provider");
    const { findings } = await compareWithMain(repo);
    expect(findings).toEqual([expect.objectContaining({ kind: "provider-changed", file: "migration_lock.toml" })]);
  });

  it("gives an empty snapshot for a ref that had no migrations folder yet", async () => {
    const repo = createRepo();
    repo.write("README.md", "app\n");
    repo.commit("first");
    expect(await readSnapshotAtRef(repo.dir, MIGRATIONS, "HEAD")).toEqual({ migrations: new Map(), lockProvider: undefined });
  });

  it("explains a missing base ref in a shallow clone, and the fetch it suggests works", async () => {
    const origin = repoWithHistory();
    origin.write(`${MIGRATIONS}/20240501000000_likes/migration.sql`, "SELECT 1;\n");
    origin.commit("feature work");
    const clone = mkdtempSync(path.join(tmpdir(), "pgd-clone-"));
    created.push(clone);
    git(clone, "clone", "--quiet", "--depth=1", "--branch", "feature", `file://${origin.dir}`, ".");

    const failure = await readSnapshotAtRef(clone, MIGRATIONS, "origin/main").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GateError);
    const gateError = failure as GateError;
    expect(gateError.message).toContain("'origin/main' is not in this checkout");
    expect(gateError.message).toContain("shallow clone");
    expect(gateError.nextSteps.join("\n")).toContain("fetch-depth: 0");
    const fetch = gateError.nextSteps.find((step) => step.includes("git fetch")) ?? "";
    const command = fetch.slice(fetch.indexOf("git fetch")).split(" ").slice(1);
    git(clone, ...command);
    const base = await readSnapshotAtRef(clone, MIGRATIONS, "origin/main");
    expect([...base.migrations.keys()].sort()).toEqual(["20240101000000_init", "20240301000000_posts"]);
  });

  it("names a migration folder at the base ref whose name is not UTF-8, byte for byte, rather than failing to read it", async () => {
    const repo = createRepo();
    repo.write(`${MIGRATIONS}/20240101000000_init/migration.sql`, "SELECT 1;\n");
    const folder = Buffer.concat([Buffer.from(path.join(repo.dir, MIGRATIONS, "20240201000000_caf")), Buffer.from([0xe9])]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from("/migration.sql")]), "SELECT 2;\n");
    repo.commit("a Latin-1 folder name");

    const failure = await readSnapshotAtRef(repo.dir, MIGRATIONS, "main").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).reason).toBe("invalid-input");
    expect((failure as GateError).message).toContain("At main, the migrations folder prisma/migrations holds an entry whose name is not valid UTF-8: $'20240201000000_caf\\xe9'");
    expect((failure as GateError).nextSteps[0]).toContain("mv -- $'20240201000000_caf\\xe9' 20240201000000_caf_");
  });

  it("explains a folder that is not a git repository", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pgd-nogit-"));
    created.push(dir);
    await expect(readSnapshotAtRef(dir, MIGRATIONS, "main")).rejects.toThrow("is not a git repository");
  });
});
