import { randomBytes } from 'node:crypto';
import { G as GateError } from './errors-DBjELbro.js';
import { a as redact } from './redact-CL-xqSaj.js';
import { r as replayMigrations, b as readSequenceValues, a as readCatalog } from './replay-DI6sEdHS.js';
import { c as connect, d as describeTarget, s as schemaOf } from './connection-Ch6lea8K.js';
import { d as diffCatalogs } from './catalog-diff-jmY_hefH.js';

const SIDE_OF_KIND = { missing: "history only", extra: "baseline only", changed: "different" };
function quote(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
/** The comparison's wording is about a live database and its migrations; here the two sides are the old history and the baseline. */
function reword(difference) {
    const owner = difference.parent === null ? "" : ` of ${quote(difference.parent)}`;
    const object = `${difference.object.replace("-", " ")} ${quote(difference.name)}${owner}`;
    if (difference.kind === "missing")
        return `${object} is created by the old history, not by the baseline`;
    if (difference.kind === "extra")
        return `${object} is created by the baseline, not by the old history`;
    return difference.description.replace(/ in the migrations/g, " in the old history").replace(/ in the database/g, " in the baseline").replace(/the database than by the migrations/g, "the baseline than by the old history");
}
/** Every difference between what the old history builds and what the baseline builds; empty means equivalent. */
function compareBuiltSchemas(history, baseline) {
    const catalog = diffCatalogs(history.catalog, baseline.catalog).map((difference) => ({
        side: SIDE_OF_KIND[difference.kind],
        object: difference.object,
        name: difference.name,
        parent: difference.parent,
        description: reword(difference),
    }));
    const baselineValues = new Map(baseline.sequenceValues.map((sequence) => [sequence.name, sequence.value]));
    const values = history.sequenceValues
        .filter((sequence) => baselineValues.has(sequence.name) && baselineValues.get(sequence.name) !== sequence.value)
        .map((sequence) => ({
        side: "different",
        object: "sequence value",
        name: sequence.name,
        parent: null,
        description: `sequence ${quote(sequence.name)} is at ${sequence.value ?? "its start (never used)"} after the old history, at ${baselineValues.get(sequence.name) ?? "its start (never used)"} after the baseline (append \`SELECT setval('${quote(sequence.name)}', ${sequence.value ?? 1}, ${sequence.value === null ? "false" : "true"});\` or the seed data)`,
    }));
    return [...catalog, ...values];
}

// Builds two migration histories from empty, each in its own scratch database created beside
// a disposable one, and compares what they build (equivalence.ts). Used by `squash` before it
// touches anything, and by the pull-request check to recognise a squash.
/** Replaying a long history into an empty database: every statement gets this long. */
const REPLAY_STATEMENT_TIMEOUT_MS = 120_000;
function quoteIdentifier(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
/** A URL naming another database on the same server. */
function withDatabase(url, database) {
    const parsed = new URL(url);
    parsed.pathname = `/${encodeURIComponent(database)}`;
    return parsed.toString();
}
async function build(reporter, what, url, migrations) {
    return await reporter.step(`Applying ${what} (${migrations.length} migration(s)) to a scratch database`, async () => {
        const started = performance.now();
        await replayMigrations(url, migrations, { statementTimeoutMs: REPLAY_STATEMENT_TIMEOUT_MS });
        const ms = performance.now() - started;
        const client = await connect(url);
        try {
            const schema = schemaOf(url);
            return { schema: { catalog: await readCatalog(client, schema), sequenceValues: await readSequenceValues(client, schema) }, ms };
        }
        finally {
            await client.end().catch(() => undefined);
        }
    });
}
/**
 * Applies `history` and `baseline` to two scratch databases created beside `disposableUrl`
 * (dropped afterwards, whatever happens) and lists how what they build differs.
 */
async function proveEquivalent(disposableUrl, history, baseline, reporter) {
    const suffix = randomBytes(4).toString("hex");
    const base = decodeURIComponent(new URL(disposableUrl).pathname.slice(1)).slice(0, 30);
    const scratch = { history: `${base}_proof_history_${suffix}`, baseline: `${base}_proof_baseline_${suffix}` };
    const admin = await connect(disposableUrl);
    try {
        for (const name of Object.values(scratch))
            await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    }
    catch (error) {
        await admin.end().catch(() => undefined);
        throw new GateError("invalid-input", `Could not create scratch databases beside ${describeTarget(disposableUrl)} to prove the histories equivalent: ${redact(error.message)}.`, ["Give shadow-database-url a user that may CREATE DATABASE (a service container's postgres user can)."]);
    }
    try {
        const old = await build(reporter, "the old history", withDatabase(disposableUrl, scratch.history), history);
        const built = await build(reporter, "the baseline", withDatabase(disposableUrl, scratch.baseline), baseline);
        return { differences: compareBuiltSchemas(old.schema, built.schema), historyMs: old.ms, baselineMs: built.ms };
    }
    finally {
        for (const name of Object.values(scratch))
            await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
        await admin.end().catch(() => undefined);
    }
}

export { proveEquivalent as p };
