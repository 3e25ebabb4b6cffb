// The gate's retry and stop decisions, without a database: what a person sees as "retried",
// "gave up naming the holder" or "let Prisma finish the migration".
import { connectionRetryDelay, decideAfterAttempt, decideStopPrisma, proveRolledBack, RETRY, type RetryableVerdict } from "../../src/gate/decisions.js";
import { baselineError, lockBusyError, nextStepsFor, outOfAttemptsError, timeoutError } from "../../src/gate/failures.js";
import { toLockHolder } from "../../src/postgres/lock-holder.js";

const lockTimeout: RetryableVerdict = { kind: "lock-timeout", code: "P1002" } as RetryableVerdict;
const transient: RetryableVerdict = { kind: "transient", summary: "P1001: Can't reach database server", code: "P1001" } as RetryableVerdict;
const lost: RetryableVerdict = { kind: "connection-lost", summary: "P1017: Server has closed the connection" } as RetryableVerdict;
const noJitter = () => 1;
const plenty = 60 * 60_000;

describe("after a failed attempt", () => {
  test("a lock timeout with attempts and time left is retried after an exponential backoff", () => {
    expect(decideAfterAttempt({ verdict: lockTimeout, attempts: 1, maxAttempts: 5, remainingMs: plenty, holderKnown: true, random: noJitter })).toEqual({ retry: true, delayMs: RETRY.initialMs });
    expect(decideAfterAttempt({ verdict: lockTimeout, attempts: 2, maxAttempts: 5, remainingMs: plenty, holderKnown: true, random: noJitter })).toEqual({ retry: true, delayMs: RETRY.initialMs * RETRY.factor });
  });

  test("the last attempt gives up: lock-busy naming the holder when one was seen, out of attempts otherwise", () => {
    expect(decideAfterAttempt({ verdict: lockTimeout, attempts: 5, maxAttempts: 5, remainingMs: plenty, holderKnown: true })).toEqual({ retry: false, because: "lock-busy" });
    expect(decideAfterAttempt({ verdict: lockTimeout, attempts: 5, maxAttempts: 5, remainingMs: plenty, holderKnown: false })).toEqual({ retry: false, because: "out-of-attempts" });
    expect(decideAfterAttempt({ verdict: transient, attempts: 5, maxAttempts: 5, remainingMs: plenty, holderKnown: true })).toEqual({ retry: false, because: "out-of-attempts" });
  });

  test("a backoff that would end after the deadline is not started", () => {
    expect(decideAfterAttempt({ verdict: transient, attempts: 1, maxAttempts: 5, remainingMs: 500, holderKnown: false, random: noJitter })).toEqual({ retry: false, because: "timeout" });
    expect(decideAfterAttempt({ verdict: lockTimeout, attempts: 1, maxAttempts: 5, remainingMs: 500, holderKnown: true, random: noJitter })).toEqual({ retry: false, because: "lock-busy" });
  });

  test("a lost connection is retried while it may pass, and reported as such when it does not", () => {
    expect(decideAfterAttempt({ verdict: lost, attempts: 1, maxAttempts: 3, remainingMs: plenty, holderKnown: false })).toMatchObject({ retry: true });
    expect(decideAfterAttempt({ verdict: lost, attempts: 3, maxAttempts: 3, remainingMs: plenty, holderKnown: true })).toEqual({ retry: false, because: "connection-lost" });
  });
});

describe("connecting", () => {
  test("a retryable refusal waits, a wrong password or the last try does not", () => {
    expect(connectionRetryDelay({ retryable: true, attempt: 1, maxAttempts: 5, remainingMs: plenty, random: noJitter })).toBe(RETRY.initialMs);
    expect(connectionRetryDelay({ retryable: false, attempt: 1, maxAttempts: 5, remainingMs: plenty })).toBeUndefined();
    expect(connectionRetryDelay({ retryable: true, attempt: 5, maxAttempts: 5, remainingMs: plenty })).toBeUndefined();
    expect(connectionRetryDelay({ retryable: true, attempt: 1, maxAttempts: 5, remainingMs: 10, random: noJitter })).toBeUndefined();
  });
});

describe("stopping Prisma when the run must end", () => {
  test("never in the middle of a migration, nor blind", () => {
    expect(decideStopPrisma({ mustEnd: false, holdsMigrationLock: false })).toBe("continue");
    expect(decideStopPrisma({ mustEnd: true, holdsMigrationLock: false })).toBe("stop");
    expect(decideStopPrisma({ mustEnd: true, holdsMigrationLock: true })).toBe("let-finish");
    expect(decideStopPrisma({ mustEnd: true, holdsMigrationLock: undefined })).toBe("let-finish-unseen");
  });
});

describe("failure texts", () => {
  const observedAt = new Date("2026-11-21T10:00:00Z");
  const idle = toLockHolder({
    pid: 4242,
    granted: true,
    applicationName: "api-crashed",
    clientAddress: "10.0.0.9",
    user: "app",
    state: "idle",
    backendStart: new Date(observedAt.getTime() - 60_000),
    transactionStart: null,
    stateChange: new Date(observedAt.getTime() - 30_000),
    query: "SELECT 1",
    waitEvent: "ClientRead",
    observedAt,
  });
  const asAction = (option: string) => option;
  const asCli = (option: string) => `--${option}`;

  test("lock-busy names the holder, how to end it and the option that would, as the front-end spells it", () => {
    const error = lockBusyError(idle, "30 s for the migration run", asCli);
    expect(error.reason).toBe("lock-busy");
    expect(error.message).toContain("pid 4242");
    expect(error.nextSteps.join("\n")).toContain("SELECT pg_terminate_backend(4242);");
    expect(error.nextSteps.join("\n")).toContain("`--terminate-stale-lock-after`");
    expect(lockBusyError(idle, "30 s", asAction).nextSteps.join("\n")).toContain("`terminate-stale-lock-after`");
  });

  test("a live holder is never offered for termination", () => {
    const live = { ...idle, kind: "live" as const };
    expect(lockBusyError(live, "30 s", asAction).nextSteps.join("\n")).not.toContain("pg_terminate_backend(4242)");
  });

  test("timeouts and exhausted attempts name the option to raise; a passing network error is db-unreachable", () => {
    expect(timeoutError("5 min for the migration run", asCli).nextSteps[0]).toContain("`--timeout`");
    expect(outOfAttemptsError(3, transient, asAction)).toMatchObject({ reason: "db-unreachable" });
    expect(outOfAttemptsError(3, lockTimeout, asAction).nextSteps[0]).toContain("`max-attempts`");
    expect(nextStepsFor("db-auth", asCli)[0]).toContain("--database-url");
  });

  test("the baseline commands use the schema flag of the Prisma major in use, ready to paste", () => {
    const project = { schema: "prisma/schema.prisma", migrationsDir: "prisma/migrations" };
    const six = baselineError(6, project).nextSteps.join("\n");
    const seven = baselineError(7, project).nextSteps.join("\n");
    expect(six).toContain("--to-schema-datamodel prisma/schema.prisma --script > prisma/migrations/0_init/migration.sql");
    expect(seven).toContain("--to-schema prisma/schema.prisma --script");
    expect(seven).not.toContain("--to-schema-datamodel");
    expect(six).toContain("npx prisma migrate resolve --applied 0_init");
  });

  test("the baseline commands use the project's own schema and migrations folder", () => {
    const steps = baselineError(6, { schema: "schema.prisma", migrationsDir: "migrations" }).nextSteps.join("\n");
    expect(steps).toContain("mkdir -p migrations/0_init && npx prisma migrate diff --from-empty --to-schema-datamodel schema.prisma --script > migrations/0_init/migration.sql");
  });
});

describe("a migration cut off by a lost connection", () => {
  const provable = { unfinished: true, lockHolder: undefined, partlyApplied: false, delivery: "one transaction", schemaChanges: [] };

  test("proven to have left nothing: unfinished, nobody on the lock, one transaction, the schema as before it", () => {
    expect(proveRolledBack(provable)).toEqual({ proven: true });
  });

  test.each([
    [{ unfinished: false }, "no longer unfinished"],
    [{ lockHolder: "pid 42 ('billing-api')" }, "Prisma's lock is held by pid 42"],
    [{ partlyApplied: true, delivery: "the file commits it itself (line 2)" }, "the file commits it itself"],
    [{ schemaChanges: undefined }, "did not get to read the schema"],
    [{ schemaChanges: ["relation Post: created"] }, "relation Post: created"],
  ])("not proven when %j", (change, because) => {
    const proof = proveRolledBack({ ...provable, ...change });
    expect(proof.proven).toBe(false);
    expect(proof.proven === false && proof.because).toContain(because);
  });
});
