// Durations as users write them in inputs, and as the action prints them.
import { formatDuration, parseDuration } from "../../src/duration.js";

describe("parseDuration", () => {
  test.each<[string, number]>([
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["250ms", 250],
    ["1h30m", 5_400_000],
    ["2m30s", 150_000],
    ["1.5s", 1_500],
    ["120", 120_000],
    ["0.5", 500],
    [" 10M ", 600_000],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(["", "soon", "5 minutes", "m5", "-5m", "1d", "1h 30m", "5m!", "abc10s"])("'%s' is not a duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("formatDuration", () => {
  test.each<[number, string]>([
    [0, "0 ms"],
    [420, "420 ms"],
    [1_000, "1.0 s"],
    [9_540, "9.5 s"],
    [12_400, "12 s"],
    [60_000, "1 min"],
    [95_000, "1 min 35 s"],
    [30 * 60_000, "30 min"],
    [5_400_000, "1 h 30 min"],
    [2 * 3_600_000, "2 h 0 min"],
  ])("%d ms is '%s'", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
