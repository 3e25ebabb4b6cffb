#!/usr/bin/env node
// The command line: `npx prisma-gated-deploy <command>`. The bundle keeps start-up fast and
// needs no dependency installed next to it.
import "../dist/cli.js";
