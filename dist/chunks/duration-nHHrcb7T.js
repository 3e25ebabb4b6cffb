const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** The longest wait a Node timer can hold (2^31 - 1 ms, about 24.8 days): a longer one fires at once. */
const MAX_DURATION_MS = 2_147_483_647;
/**
 * Parses `90s`, `5m`, `1h`, `250ms`, combinations like `1h30m`, or plain seconds (`120`).
 * Returns undefined for anything else, and for more than MAX_DURATION_MS, so the caller can
 * say which input was wrong.
 */
function parseDuration(text) {
    const trimmed = text.trim().toLowerCase();
    let total = 0;
    if (/^\d+(\.\d+)?$/.test(trimmed)) {
        total = Number(trimmed) * 1000;
    }
    else {
        if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed))
            return undefined;
        for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
            total += Number(amount) * UNIT_MS[unit];
        }
    }
    const ms = Math.round(total);
    return Number.isFinite(ms) && ms <= MAX_DURATION_MS ? ms : undefined;
}
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    const seconds = ms / 1000;
    if (seconds < 60)
        return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
    const minutes = Math.floor(seconds / 60);
    const rest = Math.round(seconds % 60);
    if (minutes < 60)
        return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    return `${hours} h ${minutes % 60} min`;
}

export { formatDuration as f, parseDuration as p };
