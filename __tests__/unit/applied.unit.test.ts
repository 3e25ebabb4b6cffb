import { appliedByAttempt, type AttemptFacts } from "../../src/gate/applied.js";
import { rowKey, type HistoryRow } from "../../src/prisma/migration-history.js";
import { beforeOwnLock } from "../../src/postgres/prisma-watcher.js";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
const row = (name: string, started: number, finished: number | null): HistoryRow => ({
  migration_name: name,
  checksum: "",
  started_at: at(started),
  finished_at: finished === null ? null : at(finished),
  rolled_back_at: null,
  logs: null,
});

function facts(overrides: Partial<AttemptFacts>): AttemptFacts {
  return { printed: undefined, finishedBefore: new Set(), othersRows: new Set(), after: [], seenWhileRunning: undefined, ...overrides };
}

describe("what one attempt applied", () => {
  // Another run applied init and post while this run's Prisma was starting; this one found nothing pending.
  const othersWork = [row("init", 0, 1), row("post", 2, 5)];

  test("Prisma said nothing was pending: nothing, even when the history shows another run's work since the attempt began", () => {
    expect(appliedByAttempt(facts({ printed: "nothing-pending", after: othersWork }))).toEqual({ applied: [], complete: true });
  });

  test("Prisma's list, kept to what the history confirms", () => {
    const after = [...othersWork, row("age", 6, 7)];
    expect(appliedByAttempt(facts({ printed: ["age", "ghost"], finishedBefore: new Set(["init", "post"]), after }))).toEqual({ applied: ["age"], complete: true });
  });

  test("after a failure: what finished since the attempt began, without the rows seen while another session held the lock", () => {
    const after = [...othersWork, row("age", 6, 7), row("broken", 8, null)];
    const othersRows = new Set(othersWork.map(rowKey));
    expect(appliedByAttempt(facts({ after, othersRows }))).toEqual({ applied: ["age"], complete: true });
  });

  test("the history unreadable at the end: what was seen while Prisma ran, said to be possibly incomplete", () => {
    const seen = [row("a", 0, 1), row("b", 2, 3), row("c", 4, 5), row("d", 6, null)];
    expect(appliedByAttempt(facts({ after: undefined, seenWhileRunning: seen }))).toEqual({ applied: ["a", "b", "c"], complete: false });
  });

  test("the history never read at all: nothing known, incomplete", () => {
    expect(appliedByAttempt(facts({ after: undefined }))).toEqual({ applied: [], complete: false });
  });

  test("Prisma's own list stands when the history cannot be read afterwards", () => {
    expect(appliedByAttempt(facts({ printed: ["a"], after: undefined, seenWhileRunning: [] }))).toEqual({ applied: ["a"], complete: true });
  });
});

describe("rows that are another session's work", () => {
  const state = { holds: false, waits: false, otherHolds: true, seenConnectedBefore: false };

  test("another session holds the lock and this CLI waits for it", () => {
    expect(beforeOwnLock({ ...state, waits: true, seenConnectedBefore: true })).toBe(true);
  });

  test("another session holds the lock before this CLI was ever seen connected", () => {
    expect(beforeOwnLock(state)).toBe(true);
  });

  test("not when this CLI holds the lock, nobody else does, or it was seen connected and no longer waits (it may be done)", () => {
    expect(beforeOwnLock({ ...state, holds: true, otherHolds: false })).toBe(false);
    expect(beforeOwnLock({ ...state, otherHolds: false })).toBe(false);
    expect(beforeOwnLock({ ...state, seenConnectedBefore: true })).toBe(false);
  });
});
