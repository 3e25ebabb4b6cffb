import { runCancellation } from "./cancellation.js";
import { run } from "./main.js";

await run();
// A cancelled run exits as soon as outputs and summary are written, without waiting for idle
// sockets to close: the runner's kill follows within seconds.
if (runCancellation.requested) process.exit();
