// Every rule's safe sequence (the `safeSequence` a finding recommends) as migrations, each step
// a later pull request with the steps before it deployed: none may fire a rule. A contract
// rule's last step cannot be told from the hazard by reading SQL, so it carries the
// acknowledgement the sequence asks for (-- gate:ignore <rule> <reason>).
import { describe, expect, it } from "@jest/globals";
import { lintMigrations, type Finding } from "../../src/check/sql-lint.js";
import { RULES, type RuleId } from "../../src/check/rules.js";
import { majorOfServerVersionNum, parsePostgresVersion } from "../../src/check/postgres-version.js";

const LOCK = "SET lock_timeout = '5s';\n";
const EXISTING = `CREATE TABLE "User" ("id" SERIAL NOT NULL, "email" VARCHAR(320) NOT NULL, "name" TEXT, "age" INTEGER, "role" "Role", CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE VIEW "ActiveUser" AS SELECT "id", "email" FROM "User";
CREATE TABLE "Post" ("id" SERIAL NOT NULL, "authorId" INTEGER NOT NULL);
CREATE INDEX "User_name_idx" ON "User"("name");
CREATE MATERIALIZED VIEW "DailyStats" AS SELECT 1 AS one;`;

interface SafeSequence {
  /** Migrations in the order they ship, each in a pull request of its own. */
  steps: string[];
  postgresVersion?: number;
}

const ignore = (rule: RuleId, reason: string) => `-- gate:ignore ${rule} ${reason}\n`;
const notNullSteps = (column: string) => [
  `${LOCK}ALTER TABLE "User" ADD CONSTRAINT "User_${column}_not_null" CHECK ("${column}" IS NOT NULL) NOT VALID;`,
  `ALTER TABLE "User" VALIDATE CONSTRAINT "User_${column}_not_null";`,
  `${LOCK}ALTER TABLE "User" ALTER COLUMN "${column}" SET NOT NULL;\nALTER TABLE "User" DROP CONSTRAINT "User_${column}_not_null";`,
];

const SAFE_SEQUENCES: Record<RuleId, SafeSequence[]> = {
  "drop-table": [{ steps: [`${LOCK}${ignore("drop-table", "no running version reads Post since v2.3")}DROP TABLE "Post";`] }],
  "drop-column": [{ steps: [`${LOCK}${ignore("drop-column", "the field is @ignore since v2.3")}ALTER TABLE "User" DROP COLUMN "age";`] }],
  "rename-table": [
    {
      steps: [
        `${LOCK}CREATE TABLE "Article" ("id" SERIAL NOT NULL, "authorId" INTEGER NOT NULL);`,
        `${LOCK}${ignore("drop-table", "reads and writes moved to Article in v2.3")}DROP TABLE "Post";`,
      ],
    },
  ],
  "rename-column": [
    {
      steps: [
        `${LOCK}ALTER TABLE "User" ADD COLUMN "fullName" TEXT;`,
        `${LOCK}${ignore("drop-column", "reads moved to fullName in v2.3")}ALTER TABLE "User" DROP COLUMN "name";`,
      ],
    },
  ],
  "drop-view": [
    { steps: [`CREATE OR REPLACE VIEW "ActiveUser" AS SELECT "id", "email" FROM "User" WHERE "id" > 0;`] },
    { steps: [`${ignore("drop-view", "no running version reads it since v2.3")}DROP VIEW "ActiveUser";`] },
  ],
  "rename-view": [
    {
      steps: [
        `CREATE VIEW "CurrentUser" AS SELECT "id", "email" FROM "User";`,
        `${ignore("drop-view", "reads moved to CurrentUser in v2.3")}DROP VIEW "ActiveUser";`,
      ],
    },
  ],
  "rename-type": [
    {
      steps: [
        `${LOCK}CREATE TYPE "UserRole" AS ENUM ('USER', 'ADMIN');\nALTER TABLE "User" ADD COLUMN "userRole" "UserRole";`,
        `${LOCK}${ignore("drop-column", "reads moved to userRole in v2.3")}ALTER TABLE "User" DROP COLUMN "role";\nDROP TYPE "Role";`,
      ],
    },
  ],
  "change-column-type": [
    {
      steps: [
        `${LOCK}ALTER TABLE "User" ADD COLUMN "ageBig" BIGINT;`,
        `${LOCK}${ignore("drop-column", "reads moved to ageBig in v2.3")}ALTER TABLE "User" DROP COLUMN "age";`,
      ],
    },
    { steps: [`${LOCK}ALTER TABLE "User" ALTER COLUMN "email" SET DATA TYPE TEXT;`] },
    { steps: [`${LOCK}ALTER TABLE "User" ALTER COLUMN "email" TYPE VARCHAR(500);`] },
  ],
  "set-not-null": [
    { steps: notNullSteps("name") },
    { steps: [notNullSteps("name")[0], `${LOCK}ALTER TABLE "User" VALIDATE CONSTRAINT "User_name_not_null";\nALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;`] },
  ],
  "drop-not-null": [{ steps: [`${LOCK}${ignore("drop-not-null", "every reader handles a null name since v2.3")}ALTER TABLE "User" ALTER COLUMN "email" DROP NOT NULL;`] }],
  "add-required-column-without-default": [
    { steps: [`${LOCK}ALTER TABLE "User" ADD COLUMN "nickname" TEXT;`, ...notNullSteps("nickname")] },
    { steps: [`${LOCK}ALTER TABLE "User" ADD COLUMN "nickname" TEXT NOT NULL DEFAULT '';`] },
  ],
  "new-column-made-required": [
    { steps: [`${LOCK}ALTER TABLE "User" ADD COLUMN "plan" TEXT;`, ...notNullSteps("plan")] },
    { steps: [`${LOCK}ALTER TABLE "User" ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free';`, `${LOCK}ALTER TABLE "User" ALTER COLUMN "plan" DROP DEFAULT;`] },
  ],
  "add-column-rewrites-table": [
    {
      steps: [`${LOCK}ALTER TABLE "User" ADD COLUMN "publicId" UUID;\nALTER TABLE "User" ALTER COLUMN "publicId" SET DEFAULT gen_random_uuid();`, ...notNullSteps("publicId")],
    },
  ],
  "add-column-with-unique": [
    {
      steps: [
        `${LOCK}ALTER TABLE "User" ADD COLUMN "slug" TEXT;`,
        `CREATE UNIQUE INDEX CONCURRENTLY "User_slug_key" ON "User"("slug");`,
        `${LOCK}ALTER TABLE "User" ADD CONSTRAINT "User_slug_key" UNIQUE USING INDEX "User_slug_key";`,
      ],
    },
  ],
  "create-index-without-concurrently": [{ steps: [`CREATE INDEX CONCURRENTLY "User_email_age_idx" ON "User"("email", "age");`] }],
  "drop-index-without-concurrently": [{ steps: [`DROP INDEX CONCURRENTLY "User_name_idx";`] }],
  "concurrently-with-other-statements": [{ steps: [`${LOCK}ALTER TABLE "User" ADD COLUMN "score" INTEGER;`, `CREATE INDEX CONCURRENTLY "User_score_idx" ON "User"("score");`] }],
  "unique-on-existing-data": [
    {
      steps: [
        `CREATE UNIQUE INDEX CONCURRENTLY "User_email_key" ON "User"("email");`,
        `${LOCK}ALTER TABLE "User" ADD CONSTRAINT "User_email_key" UNIQUE USING INDEX "User_email_key";`,
      ],
    },
  ],
  "foreign-key-without-not-valid": [
    {
      steps: [
        `${LOCK}ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID;`,
        `ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_authorId_fkey";`,
      ],
    },
  ],
  "check-constraint-without-not-valid": [
    { steps: [`${LOCK}ALTER TABLE "User" ADD CONSTRAINT "User_age_check" CHECK ("age" >= 0) NOT VALID;`, `ALTER TABLE "User" VALIDATE CONSTRAINT "User_age_check";`] },
  ],
  "validate-in-same-transaction": [
    {
      steps: [
        `${LOCK}ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID;`,
        `ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_authorId_fkey";`,
      ],
    },
    // A later transaction of the same file also validates without the ADD's lock.
    {
      steps: [
        `${LOCK}BEGIN;\nALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE "Post" VALIDATE CONSTRAINT "Post_authorId_fkey";\nCOMMIT;`,
      ],
    },
  ],
  "enum-value-removal": [
    {
      steps: [
        `${LOCK}${ignore("enum-value-removal", "no row holds ADMIN and no running version writes it since v2.3")}ALTER TYPE "Role" RENAME TO "Role_old";
CREATE TYPE "Role" AS ENUM ('USER');
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role" USING ("role"::text::"Role");
DROP TYPE "Role_old";`,
      ],
    },
  ],
  "enum-value-rename": [{ steps: [`ALTER TYPE "Role" ADD VALUE 'OWNER';`] }],
  "update-without-where": [{ steps: [`UPDATE "User" SET "name" = "email" WHERE "id" BETWEEN 1 AND 5000 AND "name" IS NULL;`] }],
  "delete-without-where": [{ steps: [`DELETE FROM "Post" WHERE "id" < 5000;`] }],
  "truncate": [{ steps: [`DELETE FROM "Post" WHERE "id" < 5000;`] }],
  "blocking-maintenance": [{ steps: [`REINDEX INDEX CONCURRENTLY "User_name_idx";`] }, { steps: [`REINDEX TABLE CONCURRENTLY "User";`] }, { steps: [`REFRESH MATERIALIZED VIEW CONCURRENTLY "DailyStats";`] }],
  "lock-table": [{ steps: [`${LOCK}ALTER TABLE "User" ADD COLUMN "score" INTEGER;\nALTER TABLE "User" ALTER COLUMN "score" SET DEFAULT 0;`] }],
  "unbalanced-transaction": [
    { steps: [`BEGIN;\nALTER TYPE "Role" ADD VALUE 'GUEST';\nCOMMIT;\nBEGIN;\nALTER TYPE "Role" ADD VALUE 'OWNER';\nCOMMIT;`] },
    { steps: [`${LOCK}BEGIN;\nSAVEPOINT before_score;\nALTER TABLE "User" ADD COLUMN "score" INTEGER;\nROLLBACK TO SAVEPOINT before_score;\nRELEASE SAVEPOINT before_score;\nCOMMIT;`] },
    { steps: [`${LOCK}BEGIN;\nALTER TABLE "User" ADD COLUMN "score" INTEGER;\nCOMMIT AND CHAIN;\nALTER TABLE "User" ADD COLUMN "rank" INTEGER;\nEND;`] },
  ],
  "missing-lock-timeout": [{ steps: [`${LOCK}ALTER TABLE "User" ADD COLUMN "score" INTEGER;`] }],
  "suppression-without-reason": [{ steps: [`${LOCK}${ignore("drop-column", "the field is @ignore since v2.3")}ALTER TABLE "User" DROP COLUMN "age";`] }],
};

/** The unsuppressed findings of each step, linted as a pull request with the steps before it deployed. */
function findingsOfSequence(sequence: SafeSequence): Array<Pick<Finding, "ruleId" | "message"> & { step: number }> {
  return sequence.steps.flatMap((sql, step) => {
    const deployed = [EXISTING, ...sequence.steps.slice(0, step)].map((text, k) => ({ path: `${k}_deployed/migration.sql`, sql: text }));
    return lintMigrations([{ path: `step_${step}/migration.sql`, sql }], { deployed, postgresVersion: sequence.postgresVersion })
      .filter((finding) => !finding.suppressed)
      .map((finding) => ({ step, ruleId: finding.ruleId, message: finding.message }));
  });
}

describe("each rule's safe sequence", () => {
  it.each(Object.entries(SAFE_SEQUENCES))("%s: following it fires nothing", (_, sequences) => {
    for (const sequence of sequences) expect(findingsOfSequence(sequence)).toEqual([]);
  });

  it("the contract rules' last steps are acknowledged, not silent: without the comment they fire", () => {
    const [dropTable] = SAFE_SEQUENCES["drop-table"][0].steps;
    expect(findingsOfSequence({ steps: [dropTable.replace(/-- gate:ignore.*\n/, "")] }).map((finding) => finding.ruleId)).toEqual(["drop-table"]);
    expect(RULES["drop-table"].contract).toBe(true);
  });
});

describe("rules that depend on the PostgreSQL version", () => {
  const setNotNull = { steps: notNullSteps("name") };

  it("SET NOT NULL after a validated CHECK (col IS NOT NULL) fires on PostgreSQL 11, which scans anyway, not on 12", () => {
    expect(findingsOfSequence({ ...setNotNull, postgresVersion: 12 })).toEqual([]);
    const on11 = findingsOfSequence({ ...setNotNull, postgresVersion: 11 });
    expect(on11.map((finding) => [finding.step, finding.ruleId])).toEqual([[2, "set-not-null"]]);
    expect(on11[0].message).toContain("PostgreSQL 11 scans every row under an exclusive lock even with the validated CHECK");
  });

  it("SET NOT NULL still fires when the check is not validated yet, was dropped, or is on another column", () => {
    const [addCheck, , setAndDrop] = notNullSteps("name");
    expect(findingsOfSequence({ steps: [addCheck, setAndDrop] }).map((finding) => finding.ruleId)).toEqual(["set-not-null"]);
    const dropped = `${LOCK}ALTER TABLE "User" DROP CONSTRAINT "User_name_not_null";`;
    expect(findingsOfSequence({ steps: [...notNullSteps("name").slice(0, 2), dropped, setAndDrop] }).map((finding) => finding.ruleId)).toEqual(["set-not-null"]);
    const other = `${LOCK}ALTER TABLE "User" ALTER COLUMN "age" SET NOT NULL;`;
    expect(findingsOfSequence({ steps: [...notNullSteps("name").slice(0, 2), other] }).map((finding) => finding.ruleId)).toEqual(["set-not-null"]);
  });

  it("the check follows a column rename, and a check written with parentheses counts", () => {
    const renamed = `${LOCK}${ignore("rename-column", "the field keeps its name with @map until v2.4")}ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";`;
    const steps = [
      `${LOCK}ALTER TABLE "User" ADD CONSTRAINT "c" CHECK ((("name" IS NOT NULL))) NOT VALID;`,
      `ALTER TABLE "User" VALIDATE CONSTRAINT "c";`,
      renamed,
      `${LOCK}ALTER TABLE "User" ALTER COLUMN "fullName" SET NOT NULL;`,
    ];
    expect(findingsOfSequence({ steps })).toEqual([]);
  });

  it("a constant default rewrites the table before PostgreSQL 11, not from 11 on", () => {
    const add = { steps: [`${LOCK}ALTER TABLE "User" ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free';`] };
    expect(findingsOfSequence({ ...add, postgresVersion: 11 })).toEqual([]);
    expect(findingsOfSequence({ ...add, postgresVersion: 10 }).map((finding) => finding.message)).toEqual([
      `Adds column "plan" to existing table "User": PostgreSQL 10 writes the default into every existing row (11 and later store a constant default once), rewriting the table under an exclusive lock.`,
    ]);
  });

  it("an index rename takes the table's exclusive lock before PostgreSQL 12", () => {
    const rename = { steps: [`ALTER INDEX "User_name_idx" RENAME TO "User_fullName_idx";`] };
    expect(findingsOfSequence({ ...rename, postgresVersion: 12 })).toEqual([]);
    expect(findingsOfSequence({ ...rename, postgresVersion: 11 }).map((finding) => finding.ruleId)).toEqual(["missing-lock-timeout"]);
  });
});

describe("PostgreSQL versions", () => {
  it("reads a major as written or as server_version_num gives it", () => {
    expect(["17", "17.2", " 12 ", "9.6", "9.6.24", "10"].map(parsePostgresVersion)).toEqual([17, 17, 12, 9.6, 9.6, 10]);
    expect(["9.5", "8", "seventeen", "", "17.x", "-1"].map(parsePostgresVersion)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect([170002, 120000, 90624, 110022].map(majorOfServerVersionNum)).toEqual([17, 12, 9.6, 11]);
  });
});
