// Comparing prisma/migrations with _prisma_migrations the way Prisma itself reads them.
import { createHash } from "node:crypto";
import { compareHistory, type HistoryRow } from "../../src/prisma/migration-history.js";
import type { LocalMigration } from "../../src/prisma/project.js";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

function local(name: string, sql = `-- ${name}\nSELECT 1;\n`): LocalMigration {
  return { name, file: `/repo/prisma/migrations/${name}/migration.sql`, sql };
}

function row(migration: LocalMigration | string, overrides: Partial<HistoryRow> = {}): HistoryRow {
  const name = typeof migration === "string" ? migration : migration.name;
  const checksum = typeof migration === "string" ? sha256(name) : sha256(migration.sql);
  return {
    migration_name: name,
    checksum,
    started_at: new Date("2026-11-20T10:00:00Z"),
    finished_at: new Date("2026-11-20T10:00:01Z"),
    rolled_back_at: null,
    logs: null,
    ...overrides,
  };
}

const init = local("20260101000000_init");
const post = local("20260102000000_post");
const name = local("20260103000000_user_name");

test("a fresh database: everything pending, in apply order", () => {
  expect(compareHistory([init, post, name], [])).toEqual({ pending: [init.name, post.name, name.name], unfinished: [], applied: [], edited: [], missingLocally: [], superseded: [] });
});

test("applied migrations are not pending; the newer ones are", () => {
  const state = compareHistory([init, post, name], [row(init), row(post)]);
  expect(state.applied).toEqual([init.name, post.name]);
  expect(state.pending).toEqual([name.name]);
});

test("a failed (or still running) row is unfinished and its migration still pending", () => {
  const failed = row(post, { finished_at: null, logs: "ERROR: type \"bogus\" does not exist" });
  const state = compareHistory([init, post], [row(init), failed]);
  expect(state.unfinished).toEqual([failed]);
  expect(state.pending).toEqual([post.name]);
});

test("a row with neither finished_at nor logs (a process that died mid-way) is unfinished too", () => {
  expect(compareHistory([init], [row(init, { finished_at: null, logs: null })]).unfinished).toHaveLength(1);
});

test("rolled-back rows are ignored: the migration is pending again and nothing is unfinished", () => {
  const rolledBack = row(post, { finished_at: null, rolled_back_at: new Date("2026-11-20T11:00:00Z") });
  const state = compareHistory([init, post], [row(init), rolledBack]);
  expect(state.unfinished).toEqual([]);
  expect(state.pending).toEqual([post.name]);
  expect(state.applied).toEqual([init.name]);
});

test("a finished row that was later rolled back does not count as applied", () => {
  const state = compareHistory([init], [row(init, { rolled_back_at: new Date("2026-11-20T11:00:00Z") })]);
  expect(state.applied).toEqual([]);
  expect(state.pending).toEqual([init.name]);
});

test("an applied migration whose file changed is reported as edited", () => {
  const edited = { ...init, sql: `${init.sql}ALTER TABLE "User" ADD COLUMN "x" TEXT;\n` };
  expect(compareHistory([edited, post], [row(init), row(post)]).edited).toEqual([init.name]);
});

test("a file whose only change is CRLF line endings is not edited", () => {
  const crlf = { ...init, sql: init.sql.replace(/\n/g, "\r\n") };
  expect(compareHistory([crlf], [row(init)]).edited).toEqual([]);
  const lfFromCrlf = local("20260104000000_windows", "SELECT 1;\r\nSELECT 2;\r\n");
  expect(compareHistory([{ ...lfFromCrlf, sql: "SELECT 1;\nSELECT 2;\n" }], [row(lfFromCrlf)]).edited).toEqual([]);
});

test("a pending or failed migration is never 'edited'", () => {
  const changed = { ...post, sql: "SELECT 42;\n" };
  expect(compareHistory([changed], [row(post, { finished_at: null })]).edited).toEqual([]);
});

test("an applied migration missing from the folder is reported", () => {
  const state = compareHistory([post], [row(init), row(post), row("20260101120000_hotfix", { rolled_back_at: new Date() })]);
  expect(state.missingLocally).toEqual([init.name]);
  expect(state.pending).toEqual([]);
});

test("rows the folder no longer has: recorded before its newest migration they were squashed away, after it they come from a newer build", () => {
  const at = (minute: number) => ({ started_at: new Date(`2026-11-20T10:${String(minute).padStart(2, "0")}:00Z`) });
  const baseline = local("20261129000000_baseline");
  const squashed = compareHistory([baseline], [row(init, at(1)), row(post, at(2)), row(baseline, at(3))]);
  expect(squashed.superseded).toEqual([init.name, post.name]);
  expect(squashed.missingLocally).toEqual([]);
  const stale = compareHistory([init], [row(init, at(1)), row(post, at(2))]);
  expect(stale.missingLocally).toEqual([post.name]);
  expect(stale.superseded).toEqual([]);
});
