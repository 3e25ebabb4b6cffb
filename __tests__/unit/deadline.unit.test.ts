// Retries back off exponentially, capped, with bounded jitter; every wait has an end.
import { Deadline, abortAfter, backoffDelay, type BackoffPolicy } from "../../src/deadline.js";

const policy: BackoffPolicy = { initialMs: 1_000, maxMs: 10_000, factor: 2, jitter: 0.5 };
const noJitter: BackoffPolicy = { ...policy, jitter: 0 };

describe("backoffDelay", () => {
  test("grows exponentially from the initial delay", () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, noJitter))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  test("is capped at maxMs", () => {
    expect(backoffDelay(5, noJitter)).toBe(10_000);
    expect(backoffDelay(40, noJitter)).toBe(10_000);
  });

  test("retry 0 or below is treated as the first retry", () => {
    expect(backoffDelay(0, noJitter)).toBe(1_000);
  });

  test("jitter stays within [delay × (1 − jitter), delay]", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(2_000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(3_000);
    expect(backoffDelay(3, policy, () => 0.999999)).toBe(4_000);
    expect(backoffDelay(10, policy, () => 0)).toBe(5_000);
    expect(backoffDelay(10, policy, () => 0.999999)).toBe(10_000);
  });

  test("two runs with different random draws wait different times", () => {
    expect(backoffDelay(2, policy, () => 0.1)).not.toBe(backoffDelay(2, policy, () => 0.9));
  });
});

describe("Deadline", () => {
  function clock(start = 1_000_000) {
    let now = start;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  }

  test("counts down on the injected clock and expires at its budget", () => {
    const time = clock();
    const deadline = new Deadline(60_000, "the migration run", time.now);
    expect(deadline.remainingMs()).toBe(60_000);
    time.advance(45_000);
    expect(deadline.remainingMs()).toBe(15_000);
    expect(deadline.expired()).toBe(false);
    time.advance(15_000);
    expect(deadline.expired()).toBe(true);
    time.advance(5_000);
    expect(deadline.remainingMs()).toBe(0);
  });

  test("a sub-deadline never outlives its parent", () => {
    const time = clock();
    const parent = new Deadline(60_000, "the run", time.now);
    time.advance(50_000);
    const sub = parent.sub(30_000, "the deployment");
    expect(sub.remainingMs()).toBe(10_000);
    expect(parent.sub(5_000, "a poll").remainingMs()).toBe(5_000);
  });

  test("describes its budget and purpose", () => {
    expect(new Deadline(5 * 60_000, "the deployment").describe()).toBe("5 min for the deployment");
  });

  test("sleep is cut short by the deadline and says so", async () => {
    const time = clock();
    const deadline = new Deadline(0, "nothing", time.now);
    await expect(deadline.sleep(60_000)).resolves.toBe(false);
    await expect(new Deadline(60_000, "the run").sleep(0)).resolves.toBe(true);
  });
});

describe("abortAfter", () => {
  test("aborts with a TimeoutError once its time has passed", async () => {
    const signal = abortAfter(20);
    expect(signal.aborted).toBe(false);
    await new Promise((resolve) => signal.addEventListener("abort", resolve));
    expect((signal.reason as Error).name).toBe("TimeoutError");
  });

  test("aborts at once when a signal it follows aborts, with that signal's reason", () => {
    const cancel = new AbortController();
    const signal = abortAfter(60_000, cancel.signal);
    cancel.abort(new Error("cancelled"));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe("cancelled");
  });
});
