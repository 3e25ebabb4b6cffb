// The user-facing errors the native schema engine reports and Prisma's Wasm engine does not.
//
// REBUILT TEXTS: every message below is rebuilt by this project, not printed by a Prisma
// binary. The templates are those of prisma-engines' `user-facing-errors` crate as compiled
// into the CLI's own Wasm engine (the strings in `prisma/build/schema_engine_bg.wasm` of
// 6.19.3 and 7.10.1); P3018's body is assembled the way the native PostgreSQL connector does
// it in `schema-engine/connectors/sql-schema-connector/src/flavour/postgres/connector/native/mod.rs`
// (`apply_migration_script`): `format!("{db_error}{position}\n\n{db_error:?}")`, where
// `db_error` is tokio-postgres' `DbError`.
import { isTlsFailure } from "./engine-tls.mjs";

/** `DbError`'s Display in tokio-postgres: severity and message, then DETAIL and HINT lines. */
export function displayDbError(error) {
  let text = `${error.severity ?? "ERROR"}: ${error.message}`;
  if (error.detail) text += `\nDETAIL: ${error.detail}`;
  if (error.hint) text += `\nHINT: ${error.hint}`;
  return text;
}

/** A Rust string in `{:?}` form. */
function rustString(value) {
  return `"${String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}"`;
}

function rustOption(value, render = rustString) {
  return value === undefined || value === null || value === "" ? "None" : `Some(${render(value)})`;
}

const PARSED_SEVERITY = { ERROR: "Error", FATAL: "Fatal", PANIC: "Panic", WARNING: "Warning", NOTICE: "Notice", DEBUG: "Debug", INFO: "Info", LOG: "Log" };

/** `DbError`'s derived Debug form, field by field as tokio-postgres declares them. */
export function debugDbError(error) {
  const severity = error.severity ?? "ERROR";
  const fields = [
    `severity: ${rustString(severity)}`,
    `parsed_severity: ${PARSED_SEVERITY[severity] ? `Some(${PARSED_SEVERITY[severity]})` : "None"}`,
    `code: SqlState(E${error.code})`,
    `message: ${rustString(error.message)}`,
    `detail: ${rustOption(error.detail)}`,
    `hint: ${rustOption(error.hint)}`,
    `position: ${rustOption(error.position, (position) => `Original(${position})`)}`,
    `where_: ${rustOption(error.where)}`,
    `schema: ${rustOption(error.schema)}`,
    `table: ${rustOption(error.table)}`,
    `column: ${rustOption(error.column)}`,
    `datatype: ${rustOption(error.dataType)}`,
    `constraint: ${rustOption(error.constraint)}`,
    `file: ${rustOption(error.file)}`,
    `line: ${rustOption(error.line, (line) => String(line))}`,
    `routine: ${rustOption(error.routine)}`,
  ];
  return `DbError { ${fields.join(", ")} }`;
}

/**
 * The "Position:" excerpt of the native connector: up to five lines before the failing one,
 * numbered, the failing line in bold red. The connector counts bytes (`line.len() + 1`), as
 * PostgreSQL's position is; the escape codes are printed whatever NO_COLOR says.
 */
export function renderPosition(script, position) {
  if (!position) return "";
  const previous = ["", "", "", "", ""];
  let byteIndex = 0;
  const lines = script.split("\n").map((line) => line.replace(/\r$/, ""));
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const lineNumber = index + 1;
    byteIndex += Buffer.byteLength(line) + 1;
    if (Number(position) <= byteIndex) {
      const numbered = previous
        .map((text, slot) => [lineNumber - (previous.length - slot), text])
        .filter(([number]) => number >= 0)
        .map(([number, text]) => `\x1b[1m${String(number).padStart(3)}\x1b[0m${text === "" ? "" : " "}${text}`)
        .join("\n");
      return `\n\nPosition:\n${numbered}\n\x1b[1m${String(lineNumber).padStart(3)}\x1b[1;31m ${line}\x1b[0m`;
    }
    previous.shift();
    previous.push(line);
  }
  return "";
}

/** P3018 as the native engine reports a migration script that PostgreSQL rejected. */
export function applyMigrationError(migrationName, script, error) {
  const databaseError = error.code
    ? `${displayDbError(error)}${renderPosition(script, error.position)}\n\n${debugDbError(error)}`
    : String(error.message);
  return knownError(
    "P3018",
    `A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\nMigration name: ${migrationName}\n\nDatabase error code: ${error.code ?? "none"}\n\nDatabase error:\n${databaseError}\n`,
    { migration_name: migrationName, database_error_code: error.code ?? "none", database_error: databaseError },
  );
}

/** P3006 around the error of a migration replayed into the shadow database (`MigrationDoesNotApplyCleanly`). */
export function shadowReplayError(migrationName, inner) {
  return knownError(
    "P3006",
    `Migration \`${migrationName}\` failed to apply cleanly to the shadow database. \nError code: ${inner.error_code}\nError:\n${inner.message}`,
    { migration_name: migrationName },
  );
}

export function knownError(code, message, meta = {}) {
  return { is_panic: false, message, meta, error_code: code };
}

function location(url) {
  const parsed = new URL(url);
  return `${decodeURIComponent(parsed.hostname)}:${parsed.port || "5432"}`;
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"]);

/**
 * P1000, P1001 and P1003 for a connection that PostgreSQL (or the network) refused. The Wasm
 * engine reports these without their codes, so they are rebuilt here; undefined for any
 * other error.
 */
export function connectionError(url, error) {
  const parsed = new URL(url);
  if (error.code === "28P01" || error.code === "28000") {
    return knownError(
      "P1000",
      `Authentication failed against database server, the provided database credentials for \`${decodeURIComponent(parsed.username)}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
      { database_user: decodeURIComponent(parsed.username) },
    );
  }
  if (error.code === "3D000") {
    const database = decodeURIComponent(parsed.pathname.slice(1)) || "postgres";
    return knownError("P1003", `Database \`${database}\` does not exist`, { database_name: database });
  }
  if (isTlsFailure(error)) {
    // quaint's NativeErrorKind::TlsError, shown by the CLI as P1011.
    return knownError("P1011", `Error opening a TLS connection: ${error.message}`, { message: error.message });
  }
  if (UNREACHABLE.has(error.code)) {
    return knownError(
      "P1001",
      `Can't reach database server at \`${location(url)}\`\n\nPlease make sure your database server is running at \`${location(url)}\`.`,
      { database_location: location(url) },
    );
  }
  return undefined;
}
