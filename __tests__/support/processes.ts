// Finding every process a run started, however deep, by a marker in its environment: every
// descendant inherits it, also one that left the action's process group or was re-parented
// to pid 1 after the action exited.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export const PROCESS_MARKER_VARIABLE = "PGD_TEST_PROCESS_MARKER";

export function newProcessMarker(): Record<string, string> {
  return { [PROCESS_MARKER_VARIABLE]: randomBytes(8).toString("hex") };
}

/** Live processes (not zombies) whose environment carries the marker. */
export function processesWithMarker(marker: Record<string, string>): Array<{ pid: number; command: string }> {
  const needle = `${PROCESS_MARKER_VARIABLE}=${marker[PROCESS_MARKER_VARIABLE]}\0`;
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      if (/^State:\s+Z/m.test(status)) continue;
      if (!readFileSync(`/proc/${entry}/environ`, "utf8").includes(needle)) continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim() });
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/** Polls until `check` returns a value other than undefined, or fails naming what it waited for. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const endsAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > endsAt) throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
