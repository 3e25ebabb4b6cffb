// Backing up what a migration destroys: a dropped table of one million rows streamed out with
// COPY through pg-copy-streams into a gzip file, then read back to count its rows, against
// `psql -c "\copy … to …"` of the same table (plain, and piped through gzip), alternating in
// one run, median of 3. Peak memory of the backup in a fresh process, for a tenth of the rows
// and for all of them: flat means it does not grow with the table.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import globalSetup from "../__tests__/support/global-setup.js";
import globalTeardown from "../__tests__/support/global-teardown.js";
import { createDatabase, withClient } from "../__tests__/support/database.js";
import { repositoryRoot } from "../__tests__/support/fixture-app.js";
import { median } from "./stats.js";

const RUNS = 3;
const ROWS = 1_000_000;
const SELECT = `SELECT "id", "userId", "kind", "payload", "amount", "createdAt" FROM "public"."Event"`;

interface Measured {
  seconds: number;
  peakMb: number;
  bytes: number;
}

function ours(url: string, table: string): Measured & { rows: number } {
  const folder = mkdtempSync(path.join(tmpdir(), "bench-backup-"));
  try {
    const result = spawnSync(process.execPath, [path.join(repositoryRoot, "node_modules", "tsx", "dist", "cli.mjs"), path.join(repositoryRoot, "bench", "backup-worker.ts"), url, table, folder], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`the backup worker failed: ${result.stderr}`);
    return JSON.parse(result.stderr.slice(result.stderr.lastIndexOf("{")));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** psql's \copy, timed by /usr/bin/time (wall seconds and peak kB of psql, or of the shell and gzip). */
function psql(url: string, target: string): Measured {
  const folder = mkdtempSync(path.join(tmpdir(), "bench-psql-"));
  const file = path.join(folder, "event.copy");
  try {
    const copy = target === "file" ? `\\copy (${SELECT}) to '${file}'` : `\\copy (${SELECT}) to program 'gzip > ${file}.gz'`;
    const result = spawnSync("/usr/bin/time", ["-f", "%e %M", "psql", url, "-X", "-q", "-c", copy], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
    const [seconds, kb] = result.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    return { seconds, peakMb: kb / 1024, bytes: statSync(target === "file" ? file : `${file}.gz`).size };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export default async function run(): Promise<string> {
  const ownServer = !process.env.TEST_ADMIN_URL;
  if (ownServer) await globalSetup();
  try {
    const url = await createDatabase("benchbackup");
    await withClient(url, async (client) => {
      for (const [table, rows] of [["Event", ROWS], ["EventTenth", ROWS / 10]] as const) {
        await client.query(`CREATE TABLE "${table}" ("id" BIGSERIAL PRIMARY KEY, "userId" INTEGER NOT NULL, "kind" TEXT NOT NULL, "payload" JSONB, "amount" NUMERIC(12,2), "createdAt" TIMESTAMP(3) NOT NULL DEFAULT now())`);
        await client.query(
          `INSERT INTO "${table}" ("userId", "kind", "payload", "amount", "createdAt")
           SELECT g % 5000, (ARRAY['signup','login','purchase','refund'])[1 + g % 4], jsonb_build_object('path', '/items/' || g, 'ok', g % 3 = 0), (g % 10000) / 7.0, now() - g * interval '1 second'
             FROM generate_series(1, ${rows}) g`,
        );
      }
    });
    const psqlVersion = execFileSync("psql", ["--version"], { encoding: "utf8" }).trim();
    const ourRuns: Measured[] = [];
    const plainRuns: Measured[] = [];
    const gzipRuns: Measured[] = [];
    for (let round = 0; round < RUNS; round++) {
      const backup = ours(url, "Event");
      if (backup.rows !== ROWS) throw new Error(`the backup holds ${backup.rows} rows, expected ${ROWS}`);
      ourRuns.push(backup);
      plainRuns.push(psql(url, "file"));
      gzipRuns.push(psql(url, "gzip"));
    }
    const tenth = ours(url, "EventTenth");
    const ourSeconds = median(ourRuns.map((r) => r.seconds));
    const plainSeconds = median(plainRuns.map((r) => r.seconds));
    const gzipSeconds = median(gzipRuns.map((r) => r.seconds));
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    const row = (name: string, runs: Measured[], seconds: number) =>
      `| ${name} | ${seconds.toFixed(2)} s | ${(ROWS / seconds / 1000).toFixed(0)}k rows/s | ${mb(runs[0].bytes)} | ${median(runs.map((r) => r.peakMb)).toFixed(0)} MB | ${(seconds / plainSeconds).toFixed(2)} |`;
    return [
      "## Backup of the data a migration destroys",
      "",
      `A dropped table of ${ROWS.toLocaleString("en")} rows (bigint key, integer, text, jsonb, numeric, timestamp). Same server, same query, alternating, median of ${RUNS}; ${psqlVersion} against PostgreSQL 17. The action's backup (\`bench/backup-worker.ts\`, the product's \`backUpDestroyedData\` in a fresh process) includes reading its file back to count the rows.`,
      "",
      "| Method | Wall | Throughput | File | Peak memory | vs psql to a file |",
      "| --- | --- | --- | --- | --- | --- |",
      row("the action: COPY via pg-copy-streams → gzip → file, then read back and counted", ourRuns, ourSeconds),
      row("`psql -c \"\\copy (…) to 'file'\"` (uncompressed)", plainRuns, plainSeconds),
      row("`psql -c \"\\copy (…) to program 'gzip > file'\"`", gzipRuns, gzipSeconds),
      "",
      `Target, at least as fast as psql's \\copy: ${ourSeconds <= plainSeconds ? "**met**" : "**not met**"} against the uncompressed file (${(ourSeconds / plainSeconds).toFixed(2)}×), ${ourSeconds <= gzipSeconds ? "**met**" : "**not met**"} against the same compression (${(ourSeconds / gzipSeconds).toFixed(2)}×). Peak memory of the backup process: ${tenth.peakMb.toFixed(0)} MB for ${(ROWS / 10).toLocaleString("en")} rows, ${median(ourRuns.map((r) => r.peakMb)).toFixed(0)} MB for ${ROWS.toLocaleString("en")} (flat: rows stream from the socket through gzip to the disk; the floor is Node with tsx).`,
    ].join("\n");
  } finally {
    if (ownServer) await globalTeardown();
  }
}
