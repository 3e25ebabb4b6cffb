// Reads SQL the way PostgreSQL tokenizes it (quotes, dollar quotes, nested comments) and
// splits it into statements with their positions. Shared by the pull-request linter and the
// locator of a failed migration's statement. Pure.
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
/**
 * Statements one at a time, each with its tokens: a caller that reads them in one pass holds
 * one statement's tokens at a time, not a whole 50 MB file's.
 */
function* scan(sql, sink) {
    let current = [];
    let closed;
    let line = 1;
    let lineStart = 0;
    let i = 0;
    const advanceTo = (target) => {
        for (; i < target; i++) {
            if (sql[i] === "\n") {
                line++;
                lineStart = i + 1;
            }
        }
    };
    const closeStatement = (endLine) => {
        if (current.length === 0)
            return;
        const first = current[0];
        const last = current[current.length - 1];
        closed = {
            text: sql.slice(first.offset, last.end),
            line: first.line,
            column: first.column,
            endLine,
            tokens: current,
        };
        current = [];
    };
    const push = (kind, start, end, text) => {
        const token = { kind, text, offset: start, end, line, column: start - lineStart + 1 };
        sink.codeLine(line);
        advanceTo(end);
        return token;
    };
    while (i < sql.length) {
        const c = sql[i];
        const next = sql[i + 1];
        if (c === "\n" || c === " " || c === "\t" || c === "\r" || c === "\f") {
            advanceTo(i + 1);
        }
        else if (c === "-" && next === "-") {
            const newline = sql.indexOf("\n", i);
            const end = newline === -1 ? sql.length : newline;
            sink.comment({ text: sql.slice(i, end).replace(/\r$/, ""), line, endLine: line });
            advanceTo(end);
        }
        else if (c === "/" && next === "*") {
            const startLine = line;
            const start = i;
            let depth = 0;
            let j = i;
            while (j < sql.length) {
                if (sql[j] === "/" && sql[j + 1] === "*") {
                    depth++;
                    j += 2;
                }
                else if (sql[j] === "*" && sql[j + 1] === "/") {
                    depth--;
                    j += 2;
                    if (depth === 0)
                        break;
                }
                else
                    j++;
            }
            advanceTo(j);
            sink.comment({ text: sql.slice(start, j), line: startLine, endLine: line });
        }
        else if (c === ";") {
            sink.codeLine(line);
            closeStatement(line);
            advanceTo(i + 1);
        }
        else if (c === "'" || ((c === "E" || c === "e") && next === "'" && !isWordBefore(sql, i))) {
            const backslashEscapes = c !== "'";
            const start = i;
            let j = backslashEscapes ? i + 2 : i + 1;
            while (j < sql.length) {
                if (backslashEscapes && sql[j] === "\\")
                    j += 2;
                else if (sql[j] === "'" && sql[j + 1] === "'")
                    j += 2;
                else if (sql[j] === "'")
                    break;
                else
                    j++;
            }
            const end = Math.min(j + 1, sql.length);
            current.push(push("string", start, end, sql.slice(start, end)));
        }
        else if (c === '"') {
            let j = i + 1;
            let value = "";
            while (j < sql.length) {
                if (sql[j] === '"' && sql[j + 1] === '"') {
                    value += '"';
                    j += 2;
                }
                else if (sql[j] === '"')
                    break;
                else
                    value += sql[j++];
            }
            current.push(push("quoted", i, Math.min(j + 1, sql.length), value));
        }
        else if (c === "$" && !isWordBefore(sql, i) && !DIGIT.test(next ?? "")) {
            const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
            if (tag) {
                const close = sql.indexOf(tag[0], i + tag[0].length);
                const end = close === -1 ? sql.length : close + tag[0].length;
                current.push(push("string", i, end, sql.slice(i, end)));
            }
            else
                current.push(push("punct", i, i + 1, c));
        }
        else if (WORD_START.test(c) || DIGIT.test(c)) {
            let j = i + 1;
            while (j < sql.length && WORD_PART.test(sql[j]))
                j++;
            current.push(push("word", i, j, sql.slice(i, j)));
        }
        else {
            current.push(push("punct", i, i + 1, c));
        }
        if (closed) {
            yield closed;
            closed = undefined;
        }
    }
    closeStatement(line);
    if (closed)
        yield closed;
}
function lex(sql) {
    const comments = [];
    const codeLines = new Set();
    const statements = [...scan(sql, { comment: (comment) => comments.push(comment), codeLine: (line) => codeLines.add(line) })];
    const commentLines = new Set(comments.flatMap((comment) => range(comment.line, comment.endLine)));
    return { statements, comments, codeLines, commentLines };
}
function isWordBefore(sql, index) {
    return index > 0 && WORD_PART.test(sql[index - 1]);
}
/** Splits a migration file into statements, each with the line and column where it starts. */
function splitStatements(sql) {
    return [...statementsOf(sql)];
}
const IGNORE_COMMENTS = { comment: () => undefined, codeLine: () => undefined };
/** The statements one at a time, for a reader that needs one pass and may stop early. */
function statementsOf(sql) {
    return scan(sql, IGNORE_COMMENTS);
}
function range(from, to) {
    return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

export { statementsOf as a, lex as l, splitStatements as s };
