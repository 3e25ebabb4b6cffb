import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { touchedObjects } from "../../src/check/touched-objects.js";
import { lintMigrations, type Finding, type MigrationFile } from "../../src/check/sql-lint.js";
import { gateLockWaitBound } from "../../src/prisma/cancel-safety.js";
import { splitStatements } from "../../src/sql/lexer.js";
import { RULES, RULE_IDS, type RuleId } from "../../src/check/rules.js";

const LOCK = "SET lock_timeout = '5s';\n";

function lint(sql: string, earlierNewFiles: string[] = []): Finding[] {
  const files: MigrationFile[] = earlierNewFiles.map((text, k) => ({ path: `m${k}/migration.sql`, sql: text }));
  return lintMigrations([...files, { path: "last/migration.sql", sql }]).filter((finding) => finding.file === "last/migration.sql");
}

function fired(sql: string, earlierNewFiles: string[] = []): RuleId[] {
  return lint(sql, earlierNewFiles)
    .filter((finding) => !finding.suppressed)
    .map((finding) => finding.ruleId);
}

const CREATE_USER = `CREATE TABLE "User" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));`;

describe("rule catalogue", () => {
  it("gives every rule a kebab-case id, a severity, a title, a why and a safe sequence", () => {
    for (const id of RULE_IDS) {
      const rule = RULES[id];
      expect(rule.id).toBe(id);
      expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(["error", "warning"]).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule.why.length).toBeGreaterThan(0);
      expect(rule.safeSequence.length).toBeGreaterThan(0);
    }
  });
});

describe("rules on existing tables, and their safe forms", () => {
  it("drop-table fires for an existing table, not for one created in the same change", () => {
    expect(fired(`${LOCK}DROP TABLE "User";`)).toEqual(["drop-table"]);
    expect(fired(`${LOCK}DROP TABLE IF EXISTS "Audit", "User" CASCADE;`)).toEqual(["drop-table", "drop-table"]);
    expect(fired(`DROP TABLE "User";`, [CREATE_USER])).toEqual([]);
  });

  it("drop-column fires for an existing column only", () => {
    expect(fired(`${LOCK}ALTER TABLE "User" DROP COLUMN "email";`)).toEqual(["drop-column"]);
    expect(fired(`${LOCK}ALTER TABLE users DROP email;`)).toEqual(["drop-column"]);
    expect(fired(`${LOCK}ALTER TABLE "User" DROP CONSTRAINT "User_email_key";`)).toEqual([]);
    expect(fired(`${LOCK}ALTER TABLE "User" DROP COLUMN "nickname";`, [`${LOCK}ALTER TABLE "User" ADD COLUMN "nickname" TEXT;`])).toEqual([]);
    expect(fired(`ALTER TABLE "User" DROP COLUMN "email";`, [CREATE_USER])).toEqual([]);
  });

  it("rename-table fires for an existing table, and a new table keeps being new under its new name", () => {
    expect(fired(`${LOCK}ALTER TABLE "User" RENAME TO "Account";`)).toEqual(["rename-table"]);
    expect(fired(`ALTER TABLE "Account" DROP COLUMN "email";`, [`${CREATE_USER}\nALTER TABLE "User" RENAME TO "Account";`])).toEqual([]);
  });

  it("rename-column fires with or without the COLUMN keyword, not for RENAME CONSTRAINT", () => {
    expect(fired(`${LOCK}ALTER TABLE "User" RENAME COLUMN "email" TO "mail";`)).toEqual(["rename-column"]);
    expect(fired(`${LOCK}ALTER TABLE "User" RENAME "email" TO "mail";`)).toEqual(["rename-column"]);
    expect(fired(`${LOCK}ALTER TABLE "User" RENAME CONSTRAINT "a" TO "b";`)).toEqual([]);
    expect(fired(`ALTER TABLE "User" RENAME COLUMN "email" TO "mail";`, [CREATE_USER])).toEqual([]);
  });

  it("change-column-type fires for both spellings, not for a column added in the same change", () => {
    expect(fired(`${LOCK}ALTER TABLE "User" ALTER COLUMN "age" SET DATA TYPE BIGINT;`)).toEqual(["change-column-type"]);
    expect(fired(`${LOCK}ALTER TABLE "User" ALTER "age" TYPE text USING "age"::text;`)).toEqual(["change-column-type"]);
    expect(fired(`${LOCK}ALTER TABLE "User" ALTER COLUMN "age" SET DATA TYPE BIGINT;`, [`${LOCK}ALTER TABLE "User" ADD COLUMN "age" INTEGER;`])).toEqual([]);
  });

  it("set-not-null fires; defaults do not", () => {
    expect(fired(`${LOCK}ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;`)).toEqual(["set-not-null"]);
    expect(fired(`${LOCK}ALTER TABLE "User" ALTER COLUMN "name" SET DEFAULT 'x', ALTER COLUMN "name" DROP DEFAULT;`)).toEqual([]);
  });

  it("add-required-column-without-default fires only without a default", () => {
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "name" TEXT NOT NULL;`)).toEqual(["add-required-column-without-default"]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "name" TEXT NOT NULL DEFAULT 'anonymous';`)).toEqual([]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "name" TEXT;`)).toEqual([]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "seq" SERIAL NOT NULL;`)).not.toContain("add-required-column-without-default");
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "n" INTEGER NOT NULL GENERATED ALWAYS AS IDENTITY;`)).not.toContain("add-required-column-without-default");
  });

  it("create-index-without-concurrently fires on an existing table, not with CONCURRENTLY or on a new table", () => {
    expect(fired(`${LOCK}CREATE INDEX "User_name_idx" ON "User"("name");`)).toEqual(["create-index-without-concurrently"]);
    expect(fired(`-- CreateIndex\nCREATE INDEX CONCURRENTLY "User_name_idx" ON "User"("name");\n`)).toEqual([]);
    expect(fired(`CREATE INDEX "User_name_idx" ON "User"("name");`, [CREATE_USER])).toEqual([]);
  });

  it("concurrently-with-other-statements fires when the file has any other statement", () => {
    expect(fired(`${LOCK}CREATE INDEX CONCURRENTLY "i" ON "User"("name");`)).toEqual(["concurrently-with-other-statements"]);
    expect(fired(`DROP INDEX CONCURRENTLY "i";\nDROP INDEX CONCURRENTLY "j";`)).toEqual([
      "concurrently-with-other-statements",
      "concurrently-with-other-statements",
    ]);
    expect(fired(`/* alone */ DROP INDEX CONCURRENTLY "i";`)).toEqual([]);
  });

  it("unique-on-existing-data fires for unique indexes and constraints built over existing rows under a lock", () => {
    expect(fired(`${LOCK}CREATE UNIQUE INDEX "User_name_key" ON "User"("name");`)).toEqual(["create-index-without-concurrently", "unique-on-existing-data"]);
    // The safe sequence's own step: a duplicate fails only the concurrent build, which blocks nothing.
    expect(fired(`CREATE UNIQUE INDEX CONCURRENTLY "User_name_key" ON "User"("name");`)).toEqual([]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD CONSTRAINT "User_name_key" UNIQUE ("name");`)).toEqual(["unique-on-existing-data"]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD PRIMARY KEY ("id");`)).toEqual(["unique-on-existing-data"]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD CONSTRAINT "User_name_key" UNIQUE USING INDEX "User_name_key";`)).toEqual([]);
    const addSlug = `${LOCK}ALTER TABLE "User" ADD COLUMN "slug" TEXT;`;
    expect(fired(`${LOCK}CREATE UNIQUE INDEX "User_slug_key" ON "User"("slug");`, [addSlug])).toEqual(["create-index-without-concurrently"]);
    expect(fired(`${LOCK}CREATE UNIQUE INDEX "User_slug_key" ON "User"(lower("slug"));`, [addSlug])).toEqual(["create-index-without-concurrently", "unique-on-existing-data"]);
  });

  it("foreign-key-without-not-valid fires without NOT VALID; VALIDATE CONSTRAINT is the safe second step", () => {
    const fk = `ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id")`;
    expect(fired(`${LOCK}${fk};`)).toEqual(["foreign-key-without-not-valid"]);
    expect(fired(`${LOCK}${fk} NOT VALID;`)).toEqual([]);
    expect(fired(`ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_authorId_fkey";`)).toEqual([]);
    expect(fired(`${LOCK}ALTER TABLE "Post" ADD COLUMN "authorId" INTEGER REFERENCES "User"("id");`)).toEqual(["foreign-key-without-not-valid"]);
  });

  it("check-constraint-without-not-valid fires without NOT VALID", () => {
    expect(fired(`${LOCK}ALTER TABLE "User" ADD CONSTRAINT "age_positive" CHECK ("age" > 0);`)).toEqual(["check-constraint-without-not-valid"]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD CONSTRAINT "age_positive" CHECK ("age" > 0) NOT VALID;`)).toEqual([]);
  });

  it("enum-value-removal fires once for Prisma's recreation of an existing enum, in both of its forms", () => {
    const current = `${LOCK}CREATE TYPE "Role_new" AS ENUM ('USER');
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";`;
    const older = `${LOCK}ALTER TYPE "Role" RENAME TO "Role_old";
CREATE TYPE "Role" AS ENUM ('USER');
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role" USING ("role"::text::"Role");
DROP TYPE "Role_old";`;
    expect(fired(current)).toEqual(["enum-value-removal"]);
    expect(fired(older)).toEqual(["enum-value-removal"]);
    expect(fired(`ALTER TYPE "Role" ADD VALUE 'GUEST';`)).toEqual([]);
    expect(fired(`${LOCK}ALTER TYPE "Role" RENAME TO "Kind";`)).toEqual(["rename-type"]);
    expect(fired(current, [`CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');`])).toEqual(["change-column-type"]);
  });

  it("update-without-where and delete-without-where ignore WHERE clauses inside subqueries", () => {
    expect(fired(`UPDATE "User" SET "name" = 'x';`)).toEqual(["update-without-where"]);
    expect(fired(`UPDATE "User" SET "name" = (SELECT "n" FROM "Other" WHERE "Other"."id" = 1);`)).toEqual(["update-without-where"]);
    expect(fired(`UPDATE "User" SET "name" = 'x' WHERE "id" < 1000;`)).toEqual([]);
    expect(fired(`DELETE FROM "User";`)).toEqual(["delete-without-where"]);
    expect(fired(`DELETE FROM "User" WHERE "email" IS NULL;`)).toEqual([]);
    expect(fired(`UPDATE "User" SET "email" = 'x';`, [CREATE_USER])).toEqual([]);
  });

  it("missing-lock-timeout fires once per file, before any SET lock_timeout", () => {
    const ddl = `ALTER TABLE "User" ALTER COLUMN "a" DROP DEFAULT;\nALTER TABLE "Post" ADD CONSTRAINT "b" CHECK ("b" > 0) NOT VALID;`;
    const findings = lint(ddl);
    expect(findings.map((finding) => finding.ruleId)).toEqual(["missing-lock-timeout"]);
    expect(findings[0].message).toContain('2 statement(s) lock existing objects ("User", "Post")');
    expect(fired(`SET lock_timeout = '5s';\n${ddl}`)).toEqual([]);
    expect(fired(`SET LOCAL lock_timeout TO 5000;\n${ddl}`)).toEqual([]);
    expect(fired(`SET lock_timeout = 0;\n${ddl}`)).toEqual(["missing-lock-timeout"]);
    expect(fired(`ALTER TABLE "User" ALTER COLUMN "a" DROP DEFAULT;\nSET lock_timeout = '5s';`)).toEqual(["missing-lock-timeout"]);
  });

  it("missing-lock-timeout counts ADD COLUMN like any other ALTER TABLE: it queues for the same lock", () => {
    expect(fired(`ALTER TABLE "User" ADD COLUMN "a" TEXT, ADD COLUMN "b" INTEGER NOT NULL DEFAULT 0;`)).toEqual(["missing-lock-timeout"]);
    expect(fired(`ALTER TABLE "User" ALTER COLUMN "a" SET DEFAULT 1;`)).toEqual(["missing-lock-timeout"]);
    expect(fired(`ALTER TABLE "User" ADD COLUMN "a" TEXT;`, [CREATE_USER])).toEqual([]);
    expect(fired(`ALTER TABLE "User" VALIDATE CONSTRAINT "c";`)).toEqual([]);
  });

  it("missing-lock-timeout counts triggers, non-rename ALTER INDEX, TRUNCATE and LOCK TABLE, not an index rename", () => {
    const lockOnly = (sql: string) => fired(sql).filter((rule) => rule === "missing-lock-timeout");
    expect(lockOnly(`CREATE TRIGGER "t" BEFORE INSERT ON "User" FOR EACH ROW EXECUTE FUNCTION f();`)).toEqual(["missing-lock-timeout"]);
    expect(lockOnly(`DROP TRIGGER IF EXISTS "t" ON "User";`)).toEqual(["missing-lock-timeout"]);
    expect(lockOnly(`ALTER INDEX "User_email_key" SET (fillfactor = 70);`)).toEqual(["missing-lock-timeout"]);
    expect(lockOnly(`TRUNCATE "Session";`)).toEqual(["missing-lock-timeout"]);
    expect(lockOnly(`LOCK TABLE "User";`)).toEqual(["missing-lock-timeout"]);
    expect(fired(`ALTER INDEX "User_email_key" RENAME TO "User_mail_key";`)).toEqual([]);
  });

  it("missing-lock-timeout is said once, suppressed with the reason, for the files whose lock wait the deploy bounds", () => {
    const files = [
      { path: "1/migration.sql", sql: `ALTER TABLE "User" ADD COLUMN "a" TEXT;` },
      { path: "2/migration.sql", sql: `ALTER TABLE "Post" ADD COLUMN "b" TEXT;` },
      { path: "3/migration.sql", sql: `ALTER TABLE "Tag" ADD COLUMN "c" TEXT;\nCREATE INDEX CONCURRENTLY "Tag_c_idx" ON "Tag"("c");` },
    ];
    const lockFindingsOf = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === "missing-lock-timeout");
    expect(lockFindingsOf(lintMigrations(files))).toHaveLength(3);
    const bounded = lintMigrations(files, { boundedLockWait: gateLockWaitBound("ddl-lock-wait", "5s") });
    const lockFindings = lockFindingsOf(bounded);
    expect(lockFindings).toHaveLength(2);
    expect(lockFindings[0]).toMatchObject({ file: "1/migration.sql", suppressed: true, suppressionReason: "the gate cancels a lock wait longer than ddl-lock-wait (5s) and retries the migration" });
    expect(lockFindings[0].message).toContain("2 migration file(s)");
    expect(lockFindings[1].suppressed).toBeUndefined();
    expect(lockFindings[1]).toMatchObject({ file: "3/migration.sql" });
    expect(lockFindings[1].message).toContain("The gate's ddl-lock-wait does not bound this file's lock waits: it cannot be cancelled without leaving part of it behind (line 2, a CONCURRENTLY operation cannot run inside a transaction)");
  });

  it("missing-lock-timeout counts a foreign key from a new table to an existing one, not one between new tables", () => {
    const post = `CREATE TABLE "Post" ("id" SERIAL NOT NULL, "authorId" INTEGER NOT NULL);\nALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");`;
    expect(fired(post)).toEqual(["missing-lock-timeout"]);
    expect(fired(post, [CREATE_USER])).toEqual([]);
  });
});

describe("hazards of Prisma's own output and of hand-written migrations", () => {
  it("drop-index-without-concurrently fires on a plain DROP INDEX of an existing index only", () => {
    expect(fired(`${LOCK}DROP INDEX "User_email_key";`)).toEqual(["drop-index-without-concurrently"]);
    expect(fired(`${LOCK}DROP INDEX IF EXISTS "a", "b";`)).toEqual(["drop-index-without-concurrently", "drop-index-without-concurrently"]);
    expect(fired(`DROP INDEX CONCURRENTLY "User_email_key";`)).toEqual([]);
    expect(fired(`DROP INDEX "User_name_idx";`, [`${LOCK}CREATE INDEX "User_name_idx" ON "User"("name");`])).toEqual([]);
  });

  it("drop-not-null fires on an existing column, not on a column added in the same change", () => {
    expect(fired(`${LOCK}ALTER TABLE "User" ALTER COLUMN "name" DROP NOT NULL;`)).toEqual(["drop-not-null"]);
    expect(fired(`ALTER TABLE "User" ALTER COLUMN "email" DROP NOT NULL;`, [CREATE_USER])).toEqual([]);
    expect(fired(`${LOCK}ALTER TABLE "User" ALTER COLUMN "n" DROP NOT NULL;`, [`${LOCK}ALTER TABLE "User" ADD COLUMN "n" TEXT NOT NULL DEFAULT '';`])).toEqual([]);
  });

  it("add-column-rewrites-table fires for volatile defaults, serial and identity columns and stored generated columns", () => {
    for (const definition of [
      `"id2" UUID DEFAULT gen_random_uuid()`,
      `"at" TIMESTAMP(3) NOT NULL DEFAULT clock_timestamp()`,
      `"r" DOUBLE PRECISION DEFAULT random()`,
      `"n" INTEGER DEFAULT nextval('s')`,
      `"seq" BIGSERIAL`,
      `"seq" INTEGER GENERATED BY DEFAULT AS IDENTITY`,
      `"total" INTEGER GENERATED ALWAYS AS ("a" + "b") STORED`,
    ]) {
      expect([definition, fired(`${LOCK}ALTER TABLE "User" ADD COLUMN ${definition};`)]).toEqual([definition, ["add-column-rewrites-table"]]);
    }
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;`)).toEqual([]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "s" TEXT NOT NULL DEFAULT 'random()';`)).toEqual([]);
    expect(fired(`ALTER TABLE "User" ADD COLUMN "id2" UUID DEFAULT gen_random_uuid();`, [CREATE_USER])).toEqual([]);
  });

  it("add-column-with-unique fires on UNIQUE or PRIMARY KEY declared with a new column of an existing table", () => {
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "slug" TEXT UNIQUE;`)).toEqual(["add-column-with-unique"]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "id" SERIAL PRIMARY KEY;`)).toEqual(["add-column-rewrites-table", "add-column-with-unique"]);
    expect(fired(`ALTER TABLE "User" ADD COLUMN "slug" TEXT UNIQUE;`, [CREATE_USER])).toEqual([]);
  });

  it("validate-in-same-transaction fires when a NOT VALID constraint is validated in the same transaction, not in a later one", () => {
    const add = `${LOCK}ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID;`;
    const validate = `ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_authorId_fkey";`;
    expect(fired(`${add}\n${validate}`)).toEqual(["validate-in-same-transaction"]);
    expect(fired(`BEGIN;\n${add}\n${validate}\nCOMMIT;`)).toEqual(["validate-in-same-transaction"]);
    expect(fired(validate, [add])).toEqual([]);
    expect(fired(`BEGIN;\n${add}\nCOMMIT;\nBEGIN;\n${validate}\nCOMMIT;`)).toEqual([]);
    // A new table's constraint holds nobody up while it is validated.
    expect(fired(`CREATE TABLE "Draft" ("id" INTEGER, "authorId" INTEGER);\n${add.replace(/"Post"/g, '"Draft"')}\nALTER TABLE "Draft" VALIDATE CONSTRAINT "Post_authorId_fkey";`)).toEqual([]);
    // A constraint of the same name on another table is another constraint.
    expect(fired(`${add}\nALTER TABLE "Comment" VALIDATE CONSTRAINT "Post_authorId_fkey";`)).toEqual([]);
  });

  it("new-column-made-required fires on the outage pattern: a column added to an existing table and made required in the same deploy", () => {
    const backfilled = `${LOCK}ALTER TABLE "User" ADD COLUMN "teamId" TEXT;
UPDATE "User" SET "teamId" = 'default' WHERE "teamId" IS NULL;
ALTER TABLE "User" ALTER COLUMN "teamId" SET NOT NULL;`;
    expect(fired(backfilled)).toEqual(["update-without-where", "new-column-made-required"]);
    const defaultDropped = `${LOCK}ALTER TABLE "User" ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free';
ALTER TABLE "User" ALTER COLUMN "plan" DROP DEFAULT;`;
    expect(fired(defaultDropped)).toEqual(["new-column-made-required"]);
    expect(fired(`${LOCK}ALTER TABLE "User" ALTER COLUMN "teamId" SET NOT NULL;`, [`${LOCK}ALTER TABLE "User" ADD COLUMN "teamId" TEXT;`])).toEqual(["new-column-made-required"]);
    expect(fired(`ALTER TABLE "User" ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free';\nALTER TABLE "User" ALTER COLUMN "plan" DROP DEFAULT;`, [CREATE_USER])).toEqual([]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "plan" TEXT DEFAULT 'free';\nALTER TABLE "User" ALTER COLUMN "plan" DROP DEFAULT;`)).toEqual([]);
    // With a default the running version's inserts still get a value: what remains is SET NOT NULL's scan.
    const withDefault = `${LOCK}ALTER TABLE "User" ADD COLUMN "score" INTEGER;\nALTER TABLE "User" ALTER COLUMN "score" SET DEFAULT 10;\nALTER TABLE "User" ALTER COLUMN "score" SET NOT NULL;`;
    expect(fired(withDefault)).toEqual(["set-not-null"]);
    expect(fired(withDefault.replace("SET DEFAULT 10;", "SET DEFAULT 10, ALTER COLUMN \"score\" DROP DEFAULT;"))).toEqual(["new-column-made-required"]);
  });

  it("update-without-where fires on backfills whose WHERE still selects every row", () => {
    expect(fired(`UPDATE "User" SET "a" = 1 WHERE true;`)).toEqual(["update-without-where"]);
    expect(fired(`UPDATE "User" SET "a" = 1 WHERE 1 = 1;`)).toEqual(["update-without-where"]);
    expect(fired(`UPDATE "User" SET "a" = 1 WHERE (1=1) AND TRUE;`)).toEqual(["update-without-where"]);
    expect(fired(`UPDATE "User" u SET "teamId" = m."teamId" FROM "Member" m WHERE m."userId" = u."id";`)).toEqual(["update-without-where"]);
    expect(fired(`UPDATE "User" SET "teamId" = "Member"."teamId" FROM "Member" WHERE "Member"."userId" = "User"."id" AND "Member"."role" = 'OWNER';`)).toEqual([]);
    expect(fired(`UPDATE "User" SET "a" = 1 WHERE "a" = "b";`)).toEqual([]);
    expect(fired(`UPDATE "User" SET "a" = 1 WHERE "a" IS NULL;`)).toEqual([]);
    expect(fired(`UPDATE "User" SET "a" = 1 WHERE "id" IN (SELECT "id" FROM "User" WHERE true);`)).toEqual([]);
  });

  it("truncate fires on existing tables", () => {
    expect(fired(`${LOCK}TRUNCATE "Session";`)).toEqual(["truncate"]);
    expect(fired(`${LOCK}TRUNCATE TABLE ONLY "Session", "Token" CASCADE;`)).toEqual(["truncate", "truncate"]);
    expect(fired(`TRUNCATE "User";`, [CREATE_USER])).toEqual([]);
  });

  it("enum-value-rename fires on RENAME VALUE of an existing enum", () => {
    expect(fired(`ALTER TYPE "Role" RENAME VALUE 'ADMIN' TO 'OWNER';`)).toEqual(["enum-value-rename"]);
    expect(fired(`ALTER TYPE "Role" RENAME VALUE 'ADMIN' TO 'OWNER';`, [`CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');`])).toEqual([]);
  });

  it("blocking-maintenance fires on VACUUM FULL, CLUSTER, REINDEX and REFRESH without CONCURRENTLY, and SET TABLESPACE", () => {
    for (const sql of [
      `VACUUM FULL "User";`,
      `VACUUM (FULL, ANALYZE) "User";`,
      `CLUSTER "User" USING "User_pkey";`,
      `REINDEX TABLE "User";`,
      `REINDEX INDEX "User_email_key";`,
      `REFRESH MATERIALIZED VIEW "Stats";`,
      `ALTER TABLE "User" SET TABLESPACE "fast";`,
      `ALTER INDEX "User_email_key" SET TABLESPACE "fast";`,
    ]) {
      expect([sql, fired(`${LOCK}${sql}`)]).toEqual([sql, ["blocking-maintenance"]]);
    }
    for (const sql of [`VACUUM "User";`, `VACUUM ANALYZE "User";`, `REINDEX TABLE CONCURRENTLY "User";`, `REFRESH MATERIALIZED VIEW CONCURRENTLY "Stats";`]) {
      expect([sql, fired(sql)]).toEqual([sql, []]);
    }
  });

  it("lock-table fires on LOCK TABLE of an existing table, with its mode", () => {
    const [finding] = lint(`${LOCK}LOCK TABLE "User" IN SHARE ROW EXCLUSIVE MODE;`);
    expect(finding).toMatchObject({ ruleId: "lock-table", message: 'Locks existing table "User" in SHARE ROW EXCLUSIVE mode until the migration commits.' });
    expect(fired(`${LOCK}LOCK "User";`)).toEqual(["lock-table"]);
  });

  it("unbalanced-transaction fires on COMMIT without BEGIN, nested BEGIN and BEGIN without COMMIT; balanced blocks pass", () => {
    const prismaEnum = `BEGIN;\nALTER TYPE "Role" ADD VALUE 'GUEST';\nCOMMIT;\nBEGIN;\nALTER TYPE "Role" ADD VALUE 'OWNER';\nCOMMIT;`;
    expect(fired(prismaEnum)).toEqual([]);
    expect(fired(`CREATE TABLE a (id int);\nCOMMIT;`)).toEqual(["unbalanced-transaction"]);
    expect(fired(`BEGIN;\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nCOMMIT;`)).toEqual(["unbalanced-transaction"]);
    expect(fired(`START TRANSACTION;\nCREATE TABLE a (id int);`)).toEqual(["unbalanced-transaction"]);
    expect(fired(`CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql;`)).toEqual([]);
  });

  it("unbalanced-transaction reads savepoints, AND CHAIN and PREPARED as PostgreSQL does", () => {
    expect(fired(`BEGIN;\nSAVEPOINT s;\nCREATE TABLE a (id int);\nROLLBACK TO SAVEPOINT s;\nRELEASE s;\nCOMMIT;`)).toEqual([]);
    expect(fired(`BEGIN;\nSAVEPOINT s;\nROLLBACK TRANSACTION TO s;\nCOMMIT;`)).toEqual([]);
    expect(fired(`BEGIN ISOLATION LEVEL SERIALIZABLE;\nCREATE TABLE a (id int);\nCOMMIT AND CHAIN;\nCREATE TABLE b (id int);\nCOMMIT AND NO CHAIN;`)).toEqual([]);
    expect(fired(`BEGIN;\nCREATE TABLE a (id int);\nCOMMIT AND CHAIN;`)).toEqual(["unbalanced-transaction"]);
    expect(fired(`CREATE TABLE a (id int);\nCOMMIT AND CHAIN;`)).toEqual(["unbalanced-transaction"]);
    expect(fired(`COMMIT PREPARED 'x';`)).toEqual([]);
  });

  it("add-required-column-without-default leaves generated columns alone: they supply their own value", () => {
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "total" INTEGER NOT NULL GENERATED ALWAYS AS ("a" + "b") VIRTUAL;`)).toEqual([]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "total" INTEGER GENERATED ALWAYS AS ("a" + "b") STORED NOT NULL;`)).toEqual(["add-column-rewrites-table"]);
    expect(fired(`${LOCK}ALTER TABLE "User" ADD COLUMN "total" INTEGER NOT NULL;`)).toEqual(["add-required-column-without-default"]);
  });
});

describe("type changes judged against the type the deployed migrations declared", () => {
  const deployed = [{ path: "0_init/migration.sql", sql: `CREATE TABLE "User" ("id" SERIAL NOT NULL, "name" VARCHAR(50), "bio" VARCHAR(100), "price" DECIMAL(10,2), "at" TIMESTAMP(3), "n" INTEGER);` }];
  const typeFindings = (sql: string) => lintMigrations([{ path: "1/migration.sql", sql: `${LOCK}${sql}` }], { deployed }).map((finding) => finding.ruleId);

  it("passes widenings PostgreSQL makes without a rewrite", () => {
    for (const sql of [
      `ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(255);`,
      `ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE TEXT;`,
      `ALTER TABLE "User" ALTER COLUMN "name" TYPE character varying;`,
      `ALTER TABLE "User" ALTER COLUMN "price" SET DATA TYPE DECIMAL(12,2);`,
      `ALTER TABLE "User" ALTER COLUMN "price" SET DATA TYPE NUMERIC;`,
      `ALTER TABLE "User" ALTER COLUMN "at" SET DATA TYPE TIMESTAMP(6);`,
      `ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(100), ALTER COLUMN "name" SET DATA TYPE VARCHAR(200);`,
    ]) {
      expect([sql, typeFindings(sql)]).toEqual([sql, []]);
    }
  });

  it("flags narrowing, scale changes, other types, USING and unknown old types", () => {
    for (const sql of [
      `ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(20);`,
      `ALTER TABLE "User" ALTER COLUMN "price" SET DATA TYPE DECIMAL(12,4);`,
      `ALTER TABLE "User" ALTER COLUMN "n" SET DATA TYPE BIGINT;`,
      `ALTER TABLE "User" ALTER COLUMN "name" TYPE TEXT USING upper("name");`,
      `ALTER TABLE "User" ALTER COLUMN "unknown" SET DATA TYPE TEXT;`,
      `ALTER TABLE "User" ALTER COLUMN "at" SET DATA TYPE TIMESTAMPTZ(3);`,
    ]) {
      expect([sql, typeFindings(sql)]).toEqual([sql, ["change-column-type"]]);
    }
  });

  it("passes citext to text and back, unless an index on the column has to be rebuilt with the other operator class", () => {
    const citext = [{ path: "0_init/migration.sql", sql: `CREATE TABLE "Account" ("id" SERIAL NOT NULL, "email" CITEXT, "handle" CITEXT);\nCREATE UNIQUE INDEX "Account_handle_key" ON "Account"("handle");` }];
    const changes = (sql: string) => lintMigrations([{ path: "1/migration.sql", sql: `${LOCK}${sql}` }], { deployed: citext }).map((finding) => finding.ruleId);
    expect(changes(`ALTER TABLE "Account" ALTER COLUMN "email" SET DATA TYPE TEXT;`)).toEqual([]);
    expect(changes(`ALTER TABLE "Account" ALTER COLUMN "handle" SET DATA TYPE TEXT;`)).toEqual(["change-column-type"]);
    expect(changes(`ALTER TABLE "Account" RENAME COLUMN "handle" TO "login";\nALTER TABLE "Account" ALTER COLUMN "login" SET DATA TYPE TEXT;`)).toEqual(["rename-column", "change-column-type"]);
  });

  it("follows renames and earlier type changes, and does not lint the deployed migrations themselves", () => {
    const history = [...deployed, { path: "0b/migration.sql", sql: `DROP TABLE "Gone";\nALTER TABLE "User" RENAME COLUMN "bio" TO "about";\nALTER TABLE "User" ALTER COLUMN "about" SET DATA TYPE VARCHAR(500);` }];
    const findings = lintMigrations([{ path: "1/migration.sql", sql: `${LOCK}ALTER TABLE "User" ALTER COLUMN "about" SET DATA TYPE VARCHAR(1000);` }], { deployed: history });
    expect(findings).toEqual([]);
    expect(lintMigrations([{ path: "1/migration.sql", sql: `${LOCK}DROP TABLE "User";` }], { deployed }).map((finding) => finding.ruleId)).toEqual(["drop-table"]);
  });
});

describe("names", () => {
  it("folds unquoted names, keeps quoted ones, and ignores the schema", () => {
    expect(fired(`DROP TABLE USERS;`, [`CREATE TABLE users (id int);`])).toEqual([]);
    expect(fired(`DROP TABLE "public"."User";`, [CREATE_USER])).toEqual([]);
    expect(fired(`${LOCK}DROP TABLE "users";`, [`CREATE TABLE "Users" (id int);`])).toEqual(["drop-table"]);
  });
});

describe("findings", () => {
  it("point at the offending action of a multi-line ALTER TABLE and carry the rule's explanation", () => {
    const sql = `${LOCK}-- AlterTable\nALTER TABLE "User" ADD COLUMN "nickname" TEXT,\nDROP COLUMN "name";\n`;
    const [finding] = lint(sql);
    expect(finding).toEqual({
      ruleId: "drop-column",
      severity: "error",
      file: "last/migration.sql",
      line: 4,
      column: 1,
      statement: 'ALTER TABLE "User" DROP COLUMN "name"',
      message: 'Drops column "name" of existing table "User".',
      why: RULES["drop-column"].why,
      safeSequence: RULES["drop-column"].safeSequence,
    });
  });

  it("tracks new tables across files in apply order only", () => {
    const dropFirst = lintMigrations([
      { path: "1/migration.sql", sql: `${LOCK}DROP TABLE "User";` },
      { path: "2/migration.sql", sql: CREATE_USER },
    ]);
    expect(dropFirst.map((finding) => [finding.file, finding.ruleId])).toEqual([["1/migration.sql", "drop-table"]]);
  });

  it("drops the findings of disabled rules", () => {
    const sql = `ALTER TABLE "User" DROP COLUMN "name";`;
    expect(lintMigrations([{ path: "a", sql }], { disabledRules: ["missing-lock-timeout"] }).map((finding) => finding.ruleId)).toEqual(["drop-column"]);
  });
});

describe("suppression", () => {
  const drop = `ALTER TABLE "User" DROP COLUMN "legacy";`;

  it("suppresses the named rule for the next statement and keeps the finding with its reason", () => {
    const findings = lint(`${LOCK}-- gate:ignore drop-column legacy is unused since v2.3\n-- AlterTable\n${drop}\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "drop-column", suppressed: true, suppressionReason: "legacy is unused since v2.3" });
  });

  it("accepts the comment on the statement's own line", () => {
    expect(lint(`${LOCK}${drop} -- gate:ignore drop-column column emptied in #412`)[0]).toMatchObject({ suppressed: true });
  });

  it("applies only to the statement it precedes, to the named rule, and not across a blank line", () => {
    expect(fired(`${LOCK}-- gate:ignore drop-column ok\n${drop}\n${drop}`)).toEqual(["drop-column"]);
    expect(fired(`${LOCK}-- gate:ignore drop-table wrong rule\n${drop}`)).toEqual(["drop-column"]);
    expect(fired(`${LOCK}-- gate:ignore drop-column ok\n\n${drop}`)).toEqual(["drop-column"]);
    expect(fired(`${LOCK}${drop} -- gate:ignore drop-column ok\n${drop}`)).toEqual(["drop-column"]);
  });

  it("requires a reason: without one nothing is suppressed and the comment itself is an error", () => {
    const findings = lint(`${LOCK}-- gate:ignore drop-column\n${drop}`);
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.line, finding.suppressed])).toEqual([
      ["suppression-without-reason", "error", 2, undefined],
      ["drop-column", "error", 3, undefined],
    ]);
    expect(findings[0].message).toContain("-- gate:ignore drop-column <reason>");
    expect(fired(`-- gate:ignore`)).toEqual(["suppression-without-reason"]);
  });

  it("suppresses the file-level lock timeout finding at its first statement", () => {
    const sql = `UPDATE "User" SET "a" = 1 WHERE "id" = 1;\n-- gate:ignore missing-lock-timeout table holds 40 rows\nALTER TABLE "User" DROP CONSTRAINT "c";\nCREATE TRIGGER "t" AFTER INSERT ON "Post" EXECUTE FUNCTION f();`;
    expect(lint(sql).map((finding) => [finding.ruleId, finding.line, finding.suppressed])).toEqual([["missing-lock-timeout", 3, true]]);
  });
});

describe("splitStatements", () => {
  const texts = (sql: string) => splitStatements(sql).map((statement) => statement.text);

  it("ignores semicolons inside strings, quoted identifiers, dollar quotes and comments", () => {
    const sql = [
      `INSERT INTO t VALUES ('a;b', 'it''s; fine');`,
      `SELECT E'\\';still a string', "we;ird""name" FROM x;`,
      `DO $body$ BEGIN PERFORM 1; RAISE NOTICE $$;$$; END $body$;`,
      `SELECT 1 /* outer /* nested; */ still comment; */ + 2;`,
      `SELECT '--not a comment;' -- a comment; with a semicolon`,
      `;`,
      `SELECT $1::int`,
    ].join("\n");
    expect(texts(sql)).toEqual([
      `INSERT INTO t VALUES ('a;b', 'it''s; fine')`,
      `SELECT E'\\';still a string', "we;ird""name" FROM x`,
      `DO $body$ BEGIN PERFORM 1; RAISE NOTICE $$;$$; END $body$`,
      `SELECT 1 /* outer /* nested; */ still comment; */ + 2`,
      `SELECT '--not a comment;'`,
      `SELECT $1::int`,
    ]);
  });

  it("gives each statement its starting line and column, with CRLF line endings too", () => {
    const sql = `-- header\r\n\r\nCREATE TABLE a (id int);\r\n  /* c */ DROP TABLE b;\r\nALTER TABLE c\r\n  DROP COLUMN d;`;
    expect(splitStatements(sql).map(({ line, column, endLine }) => ({ line, column, endLine }))).toEqual([
      { line: 3, column: 1, endLine: 3 },
      { line: 4, column: 11, endLine: 4 },
      { line: 5, column: 1, endLine: 6 },
    ]);
  });

  it("returns nothing for a file of comments", () => {
    expect(splitStatements(`-- only\n/* comments */\n`)).toEqual([]);
  });
});

describe("robustness", () => {
  const word = fc.constantFrom(
    "ALTER", "TABLE", "ADD", "COLUMN", "DROP", "INDEX", "CREATE", "UNIQUE", "ON", "UPDATE", "SET", "WHERE", "FROM", "TYPE", "RENAME", "TO",
    "VALUE", "NOT", "NULL", "DEFAULT", "VALID", "VALIDATE", "CONSTRAINT", "REFERENCES", "BEGIN", "COMMIT", "TRUNCATE", "LOCK", "VACUUM",
    "FULL", "REINDEX", "CONCURRENTLY", "CLUSTER", "TRIGGER", "USING", "AND", "TRUE", '"User"', "t", "(", ")", ",", ".", "=", "1", "'x'", "[", "]", "$$ a; $$", "--c\n", "/*", "*/",
  );
  const statement = fc.array(word, { minLength: 0, maxLength: 14 }).map((words) => words.join(" "));
  const file = fc.array(statement, { maxLength: 6 }).map((statements) => statements.join(";\n"));

  it("lints any sequence of SQL words without throwing, and points every finding at a real line", () => {
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 3 }), (sqls) => {
        const files = sqls.map((sql, k) => ({ path: `${k}/migration.sql`, sql }));
        for (const finding of lintMigrations(files.slice(1), { deployed: files.slice(0, 1) })) {
          const lines = files.find((each) => each.path === finding.file)!.sql.split("\n").length;
          expect(finding.line).toBeGreaterThanOrEqual(1);
          expect(finding.line).toBeLessThanOrEqual(lines);
        }
        touchedObjects(sqls[0]);
      }),
      { numRuns: 500 },
    );
  });
});
