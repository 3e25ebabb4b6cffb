import { P as PRISMA_LOCK_CALL, s as shellQuote } from './shell-RHphubvT.js';
import { parseArgs } from 'node:util';
import { O as OPTIONS, o as option } from './options-DIaJ1Lml.js';

// The command line's grammar, built from the one options table: which flags each command
// takes, the environment variables they fall back to, and the --help texts. Pure.
const CLI_COMMANDS = ["status", "locks", "migrate", "deploy", "upload", "check", "lint", "resolve", "squash"];
/**
 * Options that only make sense inside a GitHub run: the command is the first word here, and
 * the GitHub Deployments record and pull-request comment are the action's to write.
 */
const ACTION_ONLY = ["command", "github-token", "github-environment"];
function tableOptionsOf(command) {
    return OPTIONS.filter((row) => row.commands.includes(command) && !ACTION_ONLY.includes(row.name)).map((row) => row.name);
}
const EXIT_CODES_RUN = "Exit codes: 0 success; 1 the command failed (the reason is printed, and in --json as failure.reason); 2 bad usage or the database could not be reached; 130 cancelled.";
const COMMAND_SPECS = {
    status: {
        summary: "Pending, failed, rolled-back, edited and missing migrations, and who holds Prisma's lock. Read-only, takes no lock.",
        usage: "prisma-gated-deploy status [--database-url URL] [--working-directory DIR]",
        options: tableOptionsOf("status"),
        extra: [],
        exitCodes: "Exit codes: 0 up to date; 1 something is pending or wrong (failed, edited or missing migrations); 2 bad usage or the database could not be reached.",
    },
    locks: {
        summary: `Who holds and who waits for Prisma's advisory lock (${PRISMA_LOCK_CALL}), and who blocks whom on the database (pg_blocking_pids), classified as the gate does.`,
        usage: "prisma-gated-deploy locks [--database-url URL] [--watch]",
        options: ["database-url"],
        extra: [{ flag: "watch", type: "boolean", description: "Refresh every two seconds until Ctrl-C." }],
        exitCodes: "Exit codes: 0 read; 2 bad usage or the database could not be reached.",
    },
    migrate: {
        summary: "The gate alone: preflight, lock diagnosis, `prisma migrate deploy` with safe retries, end-state check.",
        usage: "prisma-gated-deploy migrate [--database-url URL] [--terminate-stale-lock-after 10m] …",
        options: tableOptionsOf("migrate"),
        extra: [],
        exitCodes: EXIT_CODES_RUN,
    },
    deploy: {
        summary: "Package, migrate, and only if the migrations succeeded, upload to Zeabur and follow the deployment.",
        usage: "prisma-gated-deploy deploy [--database-url URL] --zeabur-service-id ID --zeabur-environment-id ID …",
        options: tableOptionsOf("deploy"),
        extra: [],
        exitCodes: EXIT_CODES_RUN,
    },
    upload: {
        summary: "Package and deploy to Zeabur, no database.",
        usage: "prisma-gated-deploy upload --zeabur-service-id ID --zeabur-environment-id ID …",
        options: tableOptionsOf("upload"),
        extra: [],
        exitCodes: EXIT_CODES_RUN,
    },
    check: {
        summary: "Drift between schema and migrations, unsafe SQL, history against a base ref, and with a database URL the deploy plan and live drift.",
        usage: "prisma-gated-deploy check [--shadow-database-url URL] [--base-ref origin/main] [--database-url URL]",
        options: tableOptionsOf("check"),
        extra: [],
        exitCodes: EXIT_CODES_RUN,
    },
    resolve: {
        summary: "A failed migration explained without guessing: when it started, its logs, whether it is still running, what of it was committed. Records a decision only when asked (--rolled-back or --applied).",
        usage: 'prisma-gated-deploy resolve [--database-url URL] [--shadow-database-url URL] [--rolled-back NAME | --applied NAME [--force "reason"]] [--down-sql FILE]',
        options: tableOptionsOf("resolve"),
        extra: [],
        exitCodes: "Exit codes: 0 reported (or the decision recorded and verified); 1 the decision was refused or failed (the reason is printed); 2 bad usage or the database could not be reached.",
    },
    squash: {
        summary: "Replaces the migration history by one baseline generated from the schema, after proving in two scratch databases that both build the same schema; records it applied in each --database-url.",
        usage: "prisma-gated-deploy squash [--shadow-database-url URL] [--database-url URL]... [--append extra.sql] [--dry-run true]",
        options: tableOptionsOf("squash"),
        extra: [],
        exitCodes: "Exit codes: 0 squashed (or, with --dry-run true, proven and checked); 1 refused: the proof found differences or a database is not at the latest migration (nothing changed); 2 bad usage or a database could not be reached.",
    },
    lint: {
        summary: "The migration SQL rules on the files or folders given (a Prisma migrations folder is read in apply order).",
        usage: "prisma-gated-deploy lint <files or folders> [--base REF] [--fail-on error|warning|never] [--postgres-version N] [--format text|json|github]",
        options: ["fail-on", "postgres-version"],
        extra: [
            { flag: "base", type: "string", description: "Git ref: lint only the migrations that are new or changed since it (tables they create count as new)." },
            { flag: "format", type: "string", description: "text (default), json (one document, as --json), or github (workflow annotations)." },
        ],
        exitCodes: "Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 bad usage.",
    },
};
const COMMON_FLAGS = [
    { flag: "json", type: "boolean", description: "Print one JSON document on stdout; logs go to stderr." },
    { flag: "help", type: "boolean", description: "Show this help." },
];
class UsageError extends Error {
    hint;
    constructor(message, 
    /** The exact command that shows what is possible. */
    hint) {
        super(message);
        this.hint = hint;
        this.name = "UsageError";
    }
}
function flagName(spec) {
    return spec.flag.replace(/^--/, "");
}
/** Parses `argv` (without node and the script); undefined command means the top-level help. */
function parseCommandLine(argv) {
    const [first, ...rest] = argv;
    if (first === undefined || first === "--help" || first === "-h" || first === "help")
        return { help: true };
    if (first === "--version" || first === "-v")
        return { version: true };
    if (!CLI_COMMANDS.includes(first)) {
        throw new UsageError(`Unknown command '${first}'. Commands: ${CLI_COMMANDS.join(", ")}.`, "prisma-gated-deploy --help");
    }
    const command = first;
    const spec = COMMAND_SPECS[command];
    const options = {};
    for (const name of spec.options) {
        const row = option(name);
        // squash records the baseline in every database given: --database-url may repeat there.
        options[flagName(row)] = { type: "string", multiple: name === "exclude" || (command === "squash" && name === "database-url") };
    }
    for (const extra of [...spec.extra, ...COMMON_FLAGS])
        options[extra.flag] = { type: extra.type };
    options.help = { type: "boolean", short: "h" };
    try {
        const parsed = parseArgs({ args: [...rest], options, allowPositionals: command === "lint", strict: true });
        return { command, values: parsed.values, positionals: parsed.positionals };
    }
    catch (error) {
        throw new UsageError(error.message, `prisma-gated-deploy ${command} --help`);
    }
}
/** Flags first, then the option's environment variable, then nothing (the table's default applies). */
function inputReader(parsed, env) {
    return (name) => {
        if (name === "command")
            return parsed.command;
        const row = option(name);
        const given = parsed.values[flagName(row)];
        if (Array.isArray(given))
            return given.map(String).join("\n");
        if (typeof given === "string")
            return given;
        return (row.env && env[row.env]) || "";
    };
}
/** How the command line names options in messages: as flags, with their environment variables. */
function cliDialect(registerSecret) {
    return {
        noun: "Option",
        name: (name) => option(name).flag,
        howToSet(name, example) {
            const row = option(name);
            const value = example ?? (row.env ? `"$${row.env}"` : "…");
            const flag = `\`${row.flag} ${example ? shellQuote(example) : value}\``;
            return row.env ? `Pass ${flag}, or set the environment variable ${row.env}.` : `Pass ${flag}.`;
        },
        registerSecret,
    };
}
function wrap(text, indent, width = 96) {
    const words = text.split(/\s+/);
    const lines = [];
    let line = "";
    for (const word of words) {
        if (line && (indent + line + " " + word).length > width) {
            lines.push(indent + line);
            line = word;
        }
        else {
            line = line ? `${line} ${word}` : word;
        }
    }
    if (line)
        lines.push(indent + line);
    return lines.join("\n");
}
function topLevelHelp() {
    const width = Math.max(...CLI_COMMANDS.map((name) => name.length));
    return [
        "prisma-gated-deploy: run Prisma migrations behind a gate, find who holds the migration lock, deploy to Zeabur only after a successful migration.",
        "",
        "Usage: prisma-gated-deploy <command> [options]",
        "",
        "Commands:",
        ...CLI_COMMANDS.map((name) => `  ${name.padEnd(width)}  ${COMMAND_SPECS[name].summary}`),
        "",
        "Every command takes --help and --json. Database URLs come from --database-url / --shadow-database-url or DATABASE_URL / SHADOW_DATABASE_URL.",
        "Run `prisma-gated-deploy <command> --help` for its options.",
    ].join("\n");
}
function commandHelp(command) {
    const spec = COMMAND_SPECS[command];
    const lines = [`prisma-gated-deploy ${command}: ${spec.summary}`, "", `Usage: ${spec.usage}`, "", "Options:"];
    for (const name of spec.options) {
        const row = option(name);
        const details = [row.env ? `env ${row.env}` : undefined, row.default && !row.default.startsWith("${{") ? `default ${row.default}` : undefined]
            .filter(Boolean)
            .join(", ");
        lines.push(`  ${row.flag}${details ? `  (${details})` : ""}`, wrap(row.description, "      "));
    }
    for (const extra of [...spec.extra, ...COMMON_FLAGS])
        lines.push(`  --${extra.flag}`, wrap(extra.description, "      "));
    lines.push("", wrap(spec.exitCodes, ""));
    return lines.join("\n");
}

const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 };

export { EXIT as E, UsageError as U, cliDialect as a, commandHelp as c, inputReader as i, parseCommandLine as p, topLevelHelp as t };
