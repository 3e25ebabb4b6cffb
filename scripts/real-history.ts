// Replays the migration history of a real project as the pull requests that added its
// migrations: for each commit on the main line that added a migration, the check's history
// comparison and SQL lint run with the commit's first parent as the base branch. Reads the
// repository with git plumbing only, so a bare mirror works as well as a clone.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { changedMigrationFiles, compareHistories, unchangedMigrations, type HistoryFinding, type MigrationSnapshot } from "../src/check/history.js";
import { lintMigrations, type Finding } from "../src/check/sql-lint.js";

export interface ReplayedPullRequest {
  commit: string;
  subject: string;
  date: string;
  migrations: string[];
  lint: Finding[];
  history: HistoryFinding[];
}

const MAX_BUFFER = 256 * 1024 * 1024;

function git(repo: string, args: readonly string[], input?: string): string {
  return execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", maxBuffer: MAX_BUFFER, input, timeout: 120_000 });
}

/** The folder holding migration_lock.toml at HEAD. */
export function findMigrationsDir(repo: string, ref = "HEAD"): string {
  const lock = git(repo, ["ls-tree", "-r", "--name-only", ref])
    .split("\n")
    .filter((file) => file.endsWith("migrations/migration_lock.toml"));
  if (lock.length !== 1) throw new Error(`Expected one prisma migrations folder in ${repo}, found ${lock.length}: ${lock.join(", ")}. Pass it with --migrations <dir>.`);
  return path.posix.dirname(lock[0]);
}

/** The migrations at `ref`, read with one `git cat-file --batch`. */
function snapshotAt(repo: string, ref: string, migrationsDir: string): MigrationSnapshot {
  const files = git(repo, ["ls-tree", "-r", "--name-only", ref, "--", migrationsDir])
    .split("\n")
    .filter((file) => /\/migration\.sql$/.test(file) && path.posix.dirname(path.posix.dirname(file)) === migrationsDir);
  const migrations = new Map<string, string>();
  if (files.length === 0) return { migrations };
  const batch = git(repo, ["cat-file", "--batch"], files.map((file) => `${ref}:${file}`).join("\n") + "\n");
  let offset = 0;
  for (const file of files) {
    const header = batch.slice(offset, batch.indexOf("\n", offset));
    const size = Number(header.split(" ")[2]);
    const start = offset + header.length + 1;
    // Sizes are bytes; the migrations are UTF-8, so slice by bytes.
    const body = Buffer.from(batch.slice(start, start + size * 4), "utf8").subarray(0, size).toString("utf8");
    migrations.set(path.posix.basename(path.posix.dirname(file)), body);
    offset = start + body.length + 1;
  }
  return { migrations, lockProvider: "postgresql" };
}

/** The last `count` commits of the main line that added a migration, oldest first. */
export function migrationCommits(repo: string, migrationsDir: string, count: number, ref = "HEAD"): Array<{ commit: string; date: string; subject: string }> {
  const log = git(repo, ["log", "--first-parent", "--diff-merges=first-parent", "--diff-filter=A", "--name-only", "--format=@%H%x09%ad%x09%s", "--date=short", ref, "--", `${migrationsDir}/*/migration.sql`]);
  return log
    .split("\n")
    .filter((line) => line.startsWith("@"))
    .map((line) => line.slice(1))
    .slice(0, count)
    .map((line) => {
      const [commit, date, ...subject] = line.split("\t");
      return { commit, date, subject: subject.join("\t") };
    })
    .reverse();
}

/** A pull request as the check sees it: the base branch's migrations and the merged result's. */
export interface PullRequestSnapshots {
  commit: string;
  date: string;
  subject: string;
  base: MigrationSnapshot;
  head: MigrationSnapshot;
}

/** The check's history comparison and lint of one pull request, the base's migrations read as deployed. */
export function replayPullRequest({ base, head, ...pullRequest }: PullRequestSnapshots, migrationsDir: string): ReplayedPullRequest {
  const files = changedMigrationFiles(base, head, migrationsDir);
  return {
    ...pullRequest,
    migrations: files.map((file) => path.posix.basename(path.posix.dirname(file.path))),
    lint: lintMigrations(files, { deployed: unchangedMigrations(base, head) }),
    history: compareHistories(base, head, migrationsDir),
  };
}

/** Runs the check's history comparison and lint on each commit, as if it were a pull request onto its parent. */
export function replayPullRequests(repo: string, options: { migrationsDir?: string; count: number; ref?: string }): ReplayedPullRequest[] {
  const migrationsDir = options.migrationsDir ?? findMigrationsDir(repo, options.ref);
  return migrationCommits(repo, migrationsDir, options.count, options.ref).map(({ commit, date, subject }) => {
    const [base, head] = [snapshotAt(repo, `${commit}^1`, migrationsDir), snapshotAt(repo, commit, migrationsDir)];
    return replayPullRequest({ commit, date, subject, base, head }, migrationsDir);
  });
}

export function renderReplay(project: string, replayed: readonly ReplayedPullRequest[]): string {
  const lines = [`## ${project}`, "", "| Commit | Migration | Finding | Severity | Statement |", "| --- | --- | --- | --- | --- |"];
  for (const pr of replayed) {
    const short = pr.commit.slice(0, 9);
    if (pr.lint.length === 0 && pr.history.length === 0) lines.push(`| ${short} | ${pr.migrations.join(", ")} | (none) | | |`);
    for (const finding of pr.lint) {
      const migration = path.posix.basename(path.posix.dirname(finding.file));
      lines.push(`| ${short} | ${migration}:${finding.line} | ${finding.ruleId} | ${finding.suppressed ? "suppressed" : finding.severity} | \`${finding.statement.replace(/\|/g, "\\|").slice(0, 90)}\` |`);
    }
    for (const finding of pr.history) lines.push(`| ${short} | ${finding.file} | history: ${finding.kind} | ${finding.acknowledged ? "accepted" : finding.severity} | ${finding.message.slice(0, 120).replace(/\|/g, "\\|")}… |`);
  }
  return lines.join("\n");
}
