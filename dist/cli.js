import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { l as listenForSignals, r as runCancellation } from './chunks/cancellation-VqQUiZI-.js';
import { p as parseCommandLine, U as UsageError, E as EXIT, t as topLevelHelp, c as commandHelp } from './chunks/io-B407jEzr.js';
import './chunks/errors-DBjELbro.js';
import './chunks/shell-RHphubvT.js';
import 'node:util';
import './chunks/options-DIaJ1Lml.js';

// The terminal front-end: parses the command line over the options table and answers --help
// and --version from it. Any other command line is run by run-command-line.ts, loaded only
// then, so that asking for help parses no command, driver or renderer.
async function runCli(argv, io) {
    let parsed;
    try {
        parsed = parseCommandLine(argv);
    }
    catch (error) {
        if (!(error instanceof UsageError))
            throw error;
        io.stderr.write(`${error.message}\nSee: ${error.hint}\n`);
        return EXIT.usage;
    }
    if ("help" in parsed) {
        io.stdout.write(`${topLevelHelp()}\n`);
        return EXIT.ok;
    }
    if ("version" in parsed) {
        io.stdout.write(`${io.version}\n`);
        return EXIT.ok;
    }
    if (parsed.values.help) {
        io.stdout.write(`${commandHelp(parsed.command)}\n`);
        return EXIT.ok;
    }
    return await (await import('./chunks/run-command-line-C-pkWFbQ.js')).runCommandLine(parsed, io);
}

// The command line's entry point (bin/prisma-gated-deploy.js runs the bundle of this file).
/** The bundle lives in dist/, next to the package's package.json: one version for action and command line. */
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
/** After the second Ctrl-C, children are ended at once; if the run has not unwound by then, stop anyway. */
const FORCED_EXIT_AFTER_MS = 1_500;
// Ctrl-C cancels as the runner does: the first stops every wait and starts nothing new (a
// migration being applied may finish within the grace period), the second ends Prisma's
// process group at once.
listenForSignals(runCancellation, (signalName) => {
    process.stderr.write(runCancellation.requested
        ? `\n${signalName} again: ending every child process now.\n`
        : `\n${signalName}: cancelling. Waits stop and nothing new starts; a migration being applied may finish. Press Ctrl-C again to end it at once.\n`);
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
