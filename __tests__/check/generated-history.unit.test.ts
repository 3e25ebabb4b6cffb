// A long migration history in Prisma's own shapes (scripts/generated-history.ts), replayed as
// the pull requests that added it, through the same function the replay of real projects
// uses: the check must report exactly what each migration carries, no more and no less. Every
// migration is real PostgreSQL, as PostgreSQL's own parser (libpg-query) reads it.
import { describe, expect, it } from "@jest/globals";
import { parse } from "libpg-query";
import { GENERATED_MIGRATIONS_DIR, generatedHistory, generatedPullRequests } from "../../scripts/generated-history.js";
import { replayPullRequest } from "../../scripts/real-history.js";

const history = generatedHistory();
const replayed = generatedPullRequests(history).map((pullRequest) => replayPullRequest(pullRequest, GENERATED_MIGRATIONS_DIR));

describe("a generated history of Prisma migrations, replayed as pull requests", () => {
  it("is long and varied", () => {
    expect(history.length).toBeGreaterThanOrEqual(150);
    const shapes = ["CREATE TABLE", "CREATE TYPE", "CREATE INDEX", "CREATE UNIQUE INDEX", "FOREIGN KEY", "RENAME COLUMN", "RENAME TO", "DROP TABLE", "DROP COLUMN", "DROP INDEX", "SET DATA TYPE", "CREATE VIEW", "DROP VIEW", "ADD VALUE", "RENAME VALUE"];
    expect(shapes.filter((shape) => !history.some((migration) => migration.sql.includes(shape)))).toEqual([]);
  });

  it("gives each pull request exactly the findings its migration carries", () => {
    const actual = Object.fromEntries(
      replayed.map((pullRequest, k) => [
        history[k].name,
        {
          lint: pullRequest.lint.filter((finding) => !finding.suppressed).map((finding) => finding.ruleId).sort(),
          history: pullRequest.history.map((finding) => ({ kind: finding.kind, severity: finding.severity })),
        },
      ]),
    );
    const expected = Object.fromEntries(history.map((migration) => [migration.name, { lint: [...migration.lint].sort(), history: migration.history ? [migration.history] : [] }]));
    expect(actual).toEqual(expected);
  });

  it("lints only the pull request's own migration, with the ones before it read as deployed", () => {
    expect(replayed.map((pullRequest) => pullRequest.migrations)).toEqual(history.map((migration) => [migration.name]));
  });

  it("is SQL PostgreSQL's own parser reads", async () => {
    const unreadable: string[] = [];
    for (const migration of history) await parse(migration.sql).catch((error: Error) => unreadable.push(`${migration.name}: ${error.message}`));
    expect(unreadable).toEqual([]);
  });
});
