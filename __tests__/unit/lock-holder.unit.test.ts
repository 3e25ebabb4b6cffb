// What kind of session holds Prisma's lock, whether it may be terminated, and how it is shown.
import { classifyHolder, describeHolder, mayTerminate, redactQuery, toLockHolder, type LockHolder, type LockSession } from "../../src/postgres/lock-holder.js";

const observedAt = new Date("2026-11-21T10:00:00Z");
const minutesAgo = (minutes: number): Date => new Date(observedAt.getTime() - minutes * 60_000);

function session(overrides: Partial<LockSession> = {}): LockSession {
  return {
    pid: 4242,
    granted: true,
    applicationName: "api-crashed-7f9c",
    clientAddress: "10.0.3.7",
    user: "app",
    state: "idle",
    backendStart: minutesAgo(90),
    transactionStart: null,
    stateChange: minutesAgo(30),
    query: "SELECT pg_advisory_lock(72707369)",
    waitEvent: "ClientRead",
    observedAt,
    ...overrides,
  };
}

describe("classifyHolder", () => {
  test("idle outside a transaction is an idle leftover", () => {
    expect(classifyHolder(session())).toBe("idle-leftover");
  });

  test("active is live", () => {
    expect(classifyHolder(session({ state: "active", transactionStart: minutesAgo(1) }))).toBe("live");
  });

  test("idle in transaction is live", () => {
    expect(classifyHolder(session({ state: "idle in transaction", transactionStart: minutesAgo(2) }))).toBe("live");
  });

  test("a state the reader may not see is unknown", () => {
    expect(classifyHolder(session({ state: null }))).toBe("unknown");
  });
});

describe("toLockHolder", () => {
  test("ages are measured on the server's clock", () => {
    const holder = toLockHolder(session());
    expect(holder).toMatchObject({ pid: 4242, kind: "idle-leftover", stateAgeMs: 30 * 60_000, connectionAgeMs: 90 * 60_000, transactionAgeMs: null });
  });
});

describe("mayTerminate", () => {
  const holderOf = (overrides: Partial<LockSession>): LockHolder => toLockHolder(session(overrides));
  const thirtyMinutesIdle = holderOf({});

  test("an idle leftover idle past the threshold may be terminated", () => {
    expect(mayTerminate(thirtyMinutesIdle, 10 * 60_000)).toBe(true);
    expect(mayTerminate(thirtyMinutesIdle, 30 * 60_000)).toBe(true);
  });

  test("not before the threshold", () => {
    expect(mayTerminate(thirtyMinutesIdle, 31 * 60_000)).toBe(false);
  });

  test("never when the user did not allow it", () => {
    expect(mayTerminate(thirtyMinutesIdle, undefined)).toBe(false);
  });

  test("never a live session, however old", () => {
    expect(mayTerminate(holderOf({ state: "active", transactionStart: minutesAgo(120) }), 1_000)).toBe(false);
    expect(mayTerminate(holderOf({ state: "idle in transaction", transactionStart: minutesAgo(120) }), 1_000)).toBe(false);
  });

  test("never a session whose state is unknown", () => {
    expect(mayTerminate(holderOf({ state: null }), 1_000)).toBe(false);
  });

  test("never when the idle age is unknown", () => {
    expect(mayTerminate(holderOf({ stateChange: null }), 1_000)).toBe(false);
  });
});

describe("redactQuery", () => {
  test("removes string literals, keeps the statement's shape and the lock key", () => {
    const redacted = redactQuery("UPDATE \"User\" SET email = 'alice@example.com', note = 'it''s' WHERE id = 1; SELECT pg_advisory_lock(72707369)");
    expect(redacted).not.toContain("alice@example.com");
    expect(redacted).not.toContain("it''s");
    expect(redacted).toContain("UPDATE \"User\" SET email = '…'");
    expect(redacted).toContain("pg_advisory_lock(72707369)");
  });

  test("removes dollar-quoted bodies, tagged or not", () => {
    const redacted = redactQuery("SELECT $$secret body$$, $tag1$other secret$tag1$");
    expect(redacted).not.toContain("secret");
    expect(redacted).toBe("SELECT $$…$$, $tag1$…$tag1$");
  });

  test("removes long numbers such as card or phone numbers", () => {
    expect(redactQuery("SELECT * FROM cards WHERE number = 4111111111111111")).not.toContain("4111111111111111");
  });

  test("collapses whitespace and cuts a long query", () => {
    const redacted = redactQuery(`SELECT\n\n  ${"x, ".repeat(200)}1`);
    expect(redacted.startsWith("SELECT x, x,")).toBe(true);
    expect(redacted.length).toBeLessThanOrEqual(201);
    expect(redacted.endsWith("…")).toBe(true);
  });
});

describe("describeHolder", () => {
  test("names the pid, application_name, client, user, idle time and the kind", () => {
    const text = describeHolder(toLockHolder(session()));
    expect(text).toContain("pid 4242");
    expect(text).toContain("application_name 'api-crashed-7f9c'");
    expect(text).toContain("client 10.0.3.7");
    expect(text).toContain("user app");
    expect(text).toContain("state 'idle' for 30 min");
    expect(text).toContain("connected 1 h 30 min ago");
    expect(text).toContain("pg_advisory_lock(72707369)");
    expect(text).toMatch(/leftover of a crashed or killed process/);
  });

  test("a local socket client and a live session are said so", () => {
    const text = describeHolder(toLockHolder(session({ clientAddress: null, state: "active", transactionStart: minutesAgo(2) })));
    expect(text).toContain("client local socket");
    expect(text).toContain("in a transaction for 2 min");
    expect(text).toMatch(/another migration in progress/);
  });

  test("an unknown state points at pg_read_all_stats", () => {
    expect(describeHolder(toLockHolder(session({ state: null })))).toContain("pg_read_all_stats");
  });
});
