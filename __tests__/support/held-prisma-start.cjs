// Preloaded (NODE_OPTIONS=--require) into the processes of a run under test: holds back
// `prisma migrate deploy` until the file PGD_TEST_PRISMA_GO exists, as a runner with a cold
// cache starts Prisma late. Every other process (the action itself, the schema engine) runs on.
const { existsSync } = require("node:fs");

const go = process.env.PGD_TEST_PRISMA_GO;
if (go && process.argv.includes("migrate") && process.argv.includes("deploy")) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(go)) Atomics.wait(pause, 0, 0, 100);
}
