// unbalanced-transaction reads BEGIN, COMMIT, savepoints and AND CHAIN with the hand-written
// cursor; PostgreSQL's own parser (libpg-query) gives each statement's exact kind. On every
// file of the corpora, and on generated sequences of transaction statements, the rule fires
// exactly where the parser's reading says a transaction is left unbalanced.
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { parse } from "libpg-query";
import { lintMigrations } from "../../src/check/sql-lint.js";
import { readCorpus } from "../../scripts/lint-corpus-score.js";
import { readPeerCases } from "../../scripts/peer-cases-score.js";
import { generatedHistory } from "../../scripts/generated-history.js";

interface TransactionStmt {
  kind: string;
  chain?: boolean;
}

/** How many unbalanced-transaction findings the parser's reading of the file implies. */
async function unbalancedByParser(sql: string): Promise<number> {
  const tree = (await parse(sql)) as { stmts?: Array<{ stmt: { TransactionStmt?: TransactionStmt } }> };
  return unbalancedIn(tree.stmts ?? []);
}

function unbalancedIn(statements: Array<{ stmt: { TransactionStmt?: TransactionStmt } }>): number {
  let open = 0;
  let unbalanced = 0;
  for (const { stmt } of statements) {
    const control = stmt.TransactionStmt;
    if (!control) continue;
    if (control.kind === "TRANS_STMT_BEGIN" || control.kind === "TRANS_STMT_START") {
      if (open > 0) unbalanced++;
      open++;
    } else if (["TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE"].includes(control.kind)) {
      if (open === 0) unbalanced++;
      else if (!control.chain) open--;
    }
  }
  return unbalanced + (open > 0 ? 1 : 0);
}

function unbalancedByLint(sql: string): number {
  return lintMigrations([{ path: "m/migration.sql", sql }]).filter((finding) => finding.ruleId === "unbalanced-transaction").length;
}

async function expectSameReading(sql: string): Promise<void> {
  expect({ sql, unbalanced: unbalancedByLint(sql) }).toEqual({ sql, unbalanced: await unbalancedByParser(sql) });
}

describe("transaction control against PostgreSQL's parser", () => {
  it("agrees on every file of the lint corpus, the peers' cases and the generated history", async () => {
    const files = [
      ...readCorpus().flatMap((each) => [each.sql, each.deployed ?? ""]),
      ...readPeerCases().flatMap((each) => each.migrations),
      ...generatedHistory().map((migration) => migration.sql),
    ].filter((sql) => sql.trim() !== "");
    // PostgreSQL 17's grammar rejects a few peer examples (REPACK is 19's): the parser has no reading of them to compare.
    const readable = [];
    for (const sql of files) if (await parse(sql).then(() => true, () => false)) readable.push(sql);
    expect(readable.length).toBeGreaterThan(files.length - 5);
    for (const sql of readable) await expectSameReading(sql);
  });

  it("agrees on generated sequences of BEGIN, COMMIT, ROLLBACK, savepoints and chains", async () => {
    const control = fc.constantFrom(
      "BEGIN",
      "BEGIN WORK",
      "BEGIN ISOLATION LEVEL SERIALIZABLE",
      "START TRANSACTION READ WRITE",
      "COMMIT",
      "COMMIT AND CHAIN",
      "COMMIT AND NO CHAIN",
      "END",
      "ROLLBACK",
      "ROLLBACK AND CHAIN",
      "ABORT",
      "SAVEPOINT s",
      "RELEASE SAVEPOINT s",
      "RELEASE s",
      "ROLLBACK TO SAVEPOINT s",
      "ROLLBACK TRANSACTION TO s",
      "PREPARE TRANSACTION 'p'",
      "COMMIT PREPARED 'p'",
      "ROLLBACK PREPARED 'p'",
      `ALTER TYPE "Role" ADD VALUE 'X'`,
    );
    const file = fc.array(control, { minLength: 1, maxLength: 8 }).map((statements) => statements.map((statement) => `${statement};`).join("\n"));
    await fc.assert(fc.asyncProperty(file, expectSameReading), { numRuns: 300 });
  });
});
