// `npm run demo` end to end, as a newcomer runs it after `npm ci`: the holder is named, ended,
// the migrations applied, the service deployed to RUNNING, and nothing is left behind.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { repositoryRoot } from "../support/fixture-app.js";

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

test("the demo runs the whole gate on embedded defaults and stops everything it started", async () => {
  // What `npm run demo` runs, without npm in between so the exit code is the demo's own.
  const child = spawn(process.execPath, [path.join(repositoryRoot, "node_modules", "tsx", "dist", "cli.mjs"), path.join("demo", "run.ts")], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));

  expect(exitCode).toBe(0);
  const holder = /is held by pid (\d+), application_name 'shop-api \(crashed pod 7f9c\)'/.exec(output);
  expect(holder).not.toBeNull();
  const steps = [
    holder![0],
    `Terminated the stale lock holder: pid ${holder![1]}`,
    "Prisma applied: 20260101000000_init, 20260115000000_orders, 20260201000000_user_name.",
    ": RUNNING",
    "deploy succeeded",
    "Stopping everything the demo started",
  ].map((text) => output.indexOf(text));
  expect(steps.every((position) => position >= 0)).toBe(true);
  expect([...steps].sort((a, b) => a - b)).toEqual(steps);

  // Its secrets stay out of what it prints.
  expect(output).not.toContain("demo-Passw0rd!");
  expect(output).not.toContain(encodeURIComponent("demo-Passw0rd!"));
  expect(output).not.toContain("sk-demo-4f1c9a2b7e");

  // Nothing left behind: the database no longer answers, the sample project is gone.
  const port = Number(/PostgreSQL on 127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
  expect(port).toBeGreaterThan(0);
  expect(await portAnswers(port)).toBe(false);
  expect(existsSync(path.join(repositoryRoot, "demo", ".work"))).toBe(false);
});
