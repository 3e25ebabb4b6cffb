// Runs the backup of one dropped table in a fresh process, for bench/backup.ts: prints wall
// time and this process's own peak memory as JSON on stderr.
import { existsSync, readFileSync } from "node:fs";
import pg from "pg";
import { backUpDestroyedData } from "../src/backup/copy-backup.js";

const [url, table, folder] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url });
await client.connect();
const started = performance.now();
const backup = await backUpDestroyedData(client, "public", [{ table, columns: null, because: [] }], folder);
const seconds = (performance.now() - started) / 1000;
await client.end();
// VmHWM is this process's own peak; getrusage's maxRSS also counts the forking parent's memory on Linux.
const hwm = existsSync("/proc/self/status") && /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
process.stderr.write(JSON.stringify({ seconds, peakMb: (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024, rows: backup.tables[0].rows, bytes: backup.tables[0].bytes }));
