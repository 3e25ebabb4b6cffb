// The command line's entry point (bin/prisma-gated-deploy.js runs the bundle of this file).
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { runCli } from "./main.js";

/** The bundle lives in dist/, next to the package's package.json: one version for action and command line. */
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

const controller = new AbortController();
process.on("SIGINT", () => {
  // The first Ctrl-C cancels like the runner does: waits stop, nothing new starts. The second ends at once.
  if (controller.signal.aborted) process.exit(130);
  process.stderr.write("\nCancelling… (Ctrl-C again to stop at once)\n");
  controller.abort("SIGINT");
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  tempDir: tmpdir(),
  signal: controller.signal,
  version,
});
