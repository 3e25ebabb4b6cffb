import { d as diffCatalogs } from './catalog-diff-jmY_hefH.js';

// What a failed migration left behind, and whether a decision about it is safe. Pure: the
// resolve command reads the catalogs and the history table, this decides what they mean.
function keyOf(difference) {
    return `${difference.object}\u0000${difference.parent ?? ""}\u0000${difference.name}`;
}
const CHANGE_OF_KIND = { extra: "creates", missing: "drops", changed: "changes" };
/**
 * The migration's effects (what the history up to it produces beyond the history before it),
 * each checked against the live database: an effect is in place when the live database and
 * the history up to the migration agree on that object. What a table or enum it creates holds
 * (columns, indexes, constraints, values) is listed on its own where the database lacks it.
 */
function effectsOfMigration(before, after, live) {
    const outstanding = diffCatalogs(after, live);
    const outstandingKeys = new Set(outstanding.map(keyOf));
    const effects = diffCatalogs(before, after).map((difference) => ({
        change: CHANGE_OF_KIND[difference.kind],
        object: difference.object,
        name: difference.name,
        parent: difference.parent,
        inDatabase: !outstandingKeys.has(keyOf(difference)),
    }));
    const created = new Set(effects.filter((effect) => effect.change === "creates" && effect.inDatabase && effect.parent === null).map((effect) => effect.name));
    const unfinishedInside = outstanding
        .filter((difference) => difference.parent !== null && created.has(difference.parent) && difference.kind !== "extra")
        .map((difference) => ({
        change: difference.kind === "missing" ? "creates" : "changes",
        object: difference.object,
        name: difference.name,
        parent: difference.parent,
        inDatabase: false,
    }));
    return [...effects, ...unfinishedInside];
}
function describeEffect(effect) {
    const owner = effect.parent === null ? "" : ` of "${effect.parent}"`;
    return `${effect.change} ${effect.object} "${effect.name}"${owner}`;
}
function runStateOf(lockHolder) {
    if (!lockHolder)
        return "failed";
    return lockHolder.kind === "live" ? "running" : "lock-held";
}
/** `partlyApplied`: whether the way the file reached PostgreSQL can have left part of it (failed-migration-effects.ts). */
function committedOf(partlyApplied, effects) {
    if (effects !== undefined && effects.length > 0) {
        const present = effects.filter((effect) => effect.inDatabase).length;
        if (present === effects.length)
            return "all";
        if (present > 0)
            return "part";
        return "nothing";
    }
    return partlyApplied ? "unknown" : "nothing";
}
/** SQL that takes `live` back to `before`: drops first, innermost objects first; then what must be recreated. */
function downSqlFromCatalogs(before, live) {
    const differences = diffCatalogs(live, before);
    const drops = differences.filter((difference) => difference.kind === "missing").reverse();
    const rest = differences.filter((difference) => difference.kind !== "missing");
    return [...drops, ...rest].map((difference) => difference.sql ?? `-- No SQL can be derived for: ${difference.description}. Write it by hand.`);
}

export { downSqlFromCatalogs as a, committedOf as c, describeEffect as d, effectsOfMigration as e, runStateOf as r };
