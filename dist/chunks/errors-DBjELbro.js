/**
 * A failure the action understands: what happened (message), why it matters and what to do
 * next (nextSteps, each a sentence or an exact command). Anything else thrown is a bug.
 */
class GateError extends Error {
    reason;
    nextSteps;
    constructor(reason, message, nextSteps = []) {
        super(message);
        this.reason = reason;
        this.nextSteps = nextSteps;
        this.name = "GateError";
    }
}
function describeThrown(thrown) {
    if (thrown instanceof Error)
        return thrown.message;
    if (typeof thrown === "string")
        return thrown;
    try {
        return JSON.stringify(thrown);
    }
    catch {
        return String(thrown);
    }
}

export { GateError as G, describeThrown as d };
