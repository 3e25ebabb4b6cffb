// The command line's entry point (bin/prisma-gated-deploy.js runs the bundle of this file).
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { listenForSignals, runCancellation } from "../cancellation.js";
import { runCli } from "./main.js";

/** The bundle lives in dist/, next to the package's package.json: one version for action and command line. */
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/** After the second Ctrl-C, children are ended at once; if the run has not unwound by then, stop anyway. */
const FORCED_EXIT_AFTER_MS = 1_500;

// Ctrl-C cancels as the runner does: the first stops every wait and starts nothing new (a
// migration being applied may finish within the grace period), the second ends Prisma's
// process group at once.
listenForSignals(runCancellation, (signalName) => {
  process.stderr.write(
    runCancellation.requested
      ? `\n${signalName} again: ending every child process now.\n`
      : `\n${signalName}: cancelling. Waits stop and nothing new starts; a migration being applied may finish. Press Ctrl-C again to end it at once.\n`,
  );
});
runCancellation.endSignal.addEventListener("abort", () => setTimeout(() => process.exit(130), FORCED_EXIT_AFTER_MS).unref(), { once: true });

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  tempDir: tmpdir(),
  signal: runCancellation.stopSignal,
  version,
});
