// Whether a failed migration is still running, and how much of it the database holds. Pure.
import { committedOf, runStateOf, type MigrationEffect } from "../../src/prisma/failed-migration.js";
import type { LockHolder } from "../../src/postgres/lock-holder.js";

test("the catalog decides over the way the file ran when it was compared; without it, only one implicit transaction is certain", () => {
  const effect = (inDatabase: boolean): MigrationEffect => ({ change: "creates", object: "table", name: "A", parent: null, inDatabase });
  expect(committedOf(true, [effect(true), effect(false)])).toBe("part");
  expect(committedOf(true, [effect(false)])).toBe("nothing");
  expect(committedOf(false, [effect(true)])).toBe("all");
  expect(committedOf(false, undefined)).toBe("nothing");
  expect(committedOf(true, undefined)).toBe("unknown");
});

test("a live lock holder means still running; an idle one is not, and neither is no holder", () => {
  const holder = (kind: LockHolder["kind"]): LockHolder => ({
    pid: 42, kind, applicationName: "prisma", clientAddress: null, user: "app", state: kind === "live" ? "active" : "idle",
    stateAgeMs: 1_000, connectionAgeMs: 5_000, transactionAgeMs: null, query: null,
  });
  expect(runStateOf(holder("live"))).toBe("running");
  expect(runStateOf(holder("idle-leftover"))).toBe("lock-held");
  expect(runStateOf(undefined)).toBe("failed");
});
