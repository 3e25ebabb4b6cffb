// Builds two migration histories from empty, each in its own scratch database created beside
// a disposable one, and compares what they build (equivalence.ts). Used by `squash` before it
// touches anything, and by the pull-request check to recognise a squash.
import { randomBytes } from "node:crypto";
import type { Reporter } from "../core/ports.js";
import { GateError } from "../errors.js";
import type { LocalMigration } from "../prisma/project.js";
import { redact } from "../redact.js";
import { readCatalog, readSequenceValues } from "./catalog.js";
import { connect, describeTarget, schemaOf } from "./connection.js";
import { compareBuiltSchemas, type BuiltSchema, type SchemaDifference } from "./equivalence.js";
import { replayMigrations } from "./replay.js";

/** Replaying a long history into an empty database: every statement gets this long. */
const REPLAY_STATEMENT_TIMEOUT_MS = 120_000;

export interface EquivalenceProof {
  differences: SchemaDifference[];
  /** How long each history took to apply. */
  historyMs: number;
  baselineMs: number;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A URL naming another database on the same server. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function build(reporter: Reporter, what: string, url: string, migrations: readonly LocalMigration[]): Promise<{ schema: BuiltSchema; ms: number }> {
  return await reporter.step(`Applying ${what} (${migrations.length} migration(s)) to a scratch database`, async () => {
    const started = performance.now();
    await replayMigrations(url, migrations, { statementTimeoutMs: REPLAY_STATEMENT_TIMEOUT_MS });
    const ms = performance.now() - started;
    const client = await connect(url);
    try {
      const schema = schemaOf(url);
      return { schema: { catalog: await readCatalog(client, schema), sequenceValues: await readSequenceValues(client, schema) }, ms };
    } finally {
      await client.end().catch(() => undefined);
    }
  });
}

/**
 * Applies `history` and `baseline` to two scratch databases created beside `disposableUrl`
 * (dropped afterwards, whatever happens) and lists how what they build differs.
 */
export async function proveEquivalent(
  disposableUrl: string,
  history: readonly LocalMigration[],
  baseline: readonly LocalMigration[],
  reporter: Reporter,
): Promise<EquivalenceProof> {
  const suffix = randomBytes(4).toString("hex");
  const base = decodeURIComponent(new URL(disposableUrl).pathname.slice(1)).slice(0, 30);
  const scratch = { history: `${base}_proof_history_${suffix}`, baseline: `${base}_proof_baseline_${suffix}` };
  const admin = await connect(disposableUrl);
  try {
    for (const name of Object.values(scratch)) await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw new GateError(
      "invalid-input",
      `Could not create scratch databases beside ${describeTarget(disposableUrl)} to prove the histories equivalent: ${redact((error as Error).message)}.`,
      ["Give shadow-database-url a user that may CREATE DATABASE (a service container's postgres user can)."],
    );
  }
  try {
    const old = await build(reporter, "the old history", withDatabase(disposableUrl, scratch.history), history);
    const built = await build(reporter, "the baseline", withDatabase(disposableUrl, scratch.baseline), baseline);
    return { differences: compareBuiltSchemas(old.schema, built.schema), historyMs: old.ms, baselineMs: built.ms };
  } finally {
    for (const name of Object.values(scratch)) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}
