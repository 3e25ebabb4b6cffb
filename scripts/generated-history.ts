// A long, varied migration history in the shapes `prisma migrate dev` writes (tables with
// their keys, enums, indexes, foreign keys, many-to-many tables, views, type changes, renames,
// drops, the enum recreation that removes a value, hand-edited safe sequences), each migration
// with what the pull-request check must report when it arrives: the lint findings and any
// history finding. Generated, so it runs in `npm test` with nothing from elsewhere. Pure.
import path from "node:path";
import type { HistoryFindingKind, MigrationSnapshot } from "../src/check/history.js";
import type { RuleId } from "../src/check/rules.js";
import type { PullRequestSnapshots } from "./real-history.js";

export interface GeneratedMigration {
  /** The folder name, `YYYYMMDDHHMMSS_description`. */
  name: string;
  sql: string;
  /** Unsuppressed lint findings the check reports on it, in any order. */
  lint: RuleId[];
  /** A history finding it brings, e.g. an out-of-order migration that commutes (a warning). */
  history?: { kind: HistoryFindingKind; severity: "error" | "warning" };
}

export const GENERATED_MIGRATIONS_DIR = "prisma/migrations";

const LOCK: RuleId = "missing-lock-timeout";

class HistoryBuilder {
  readonly migrations: GeneratedMigration[] = [];
  private day = 0;

  private stamp(dayOffset: number): string {
    return new Date(Date.UTC(2025, 0, 1) + dayOffset * 86_400_000).toISOString().replace(/\D/g, "").slice(0, 14);
  }

  add(description: string, sql: string, lint: RuleId[] = [], history?: GeneratedMigration["history"]): void {
    this.day++;
    this.migrations.push({ name: `${this.stamp(this.day)}_${description}`, sql: `${sql.trim()}\n`, lint, history });
  }

  /** A migration written on a branch that started `daysBack` days ago and merges now: its name sorts before the newest. */
  addLate(description: string, daysBack: number, sql: string, lint: RuleId[], history: GeneratedMigration["history"]): void {
    this.day++;
    this.migrations.push({ name: `${this.stamp(this.day - daysBack)}_${description}`, sql: `${sql.trim()}\n`, lint, history });
  }
}

const q = (name: string) => `"${name}"`;

function createTable(table: string, columns: string[], primaryKey: string[] = ["id"]): string {
  const lines = [...columns, `CONSTRAINT ${q(`${table}_pkey`)} PRIMARY KEY (${primaryKey.map(q).join(",")})`];
  return `-- CreateTable\nCREATE TABLE ${q(table)} (\n${lines.map((line) => `    ${line}`).join(",\n")}\n);`;
}

function foreignKey(table: string, column: string, target: string, onDelete = "RESTRICT"): string {
  const constraint = `CONSTRAINT ${q(`${table}_${column}_fkey`)} FOREIGN KEY (${q(column)})`;
  const actions = `ON DELETE ${onDelete} ON UPDATE CASCADE`;
  return `-- AddForeignKey\nALTER TABLE ${q(table)} ADD ${constraint} REFERENCES ${q(target)}("id") ${actions};`;
}

/** Prisma's `-- AlterTable` block: one ALTER TABLE per action. */
function alterTable(table: string, ...actions: string[]): string {
  return `-- AlterTable\n${actions.map((action) => `ALTER TABLE ${q(table)} ${action};`).join("\n")}`;
}

function createIndex(name: string, table: string, column: string, unique = false): string {
  return `-- CreateIndex\nCREATE ${unique ? "UNIQUE " : ""}INDEX ${q(name)} ON ${q(table)}(${q(column)});`;
}

function dropWarning(what: string): string {
  return `/*\n  Warnings:\n\n  - ${what}\n\n*/`;
}

/** Prisma's removal of an enum value: the type recreated and every column converted. */
function recreateEnum(type: string, values: string[], table: string, column: string, defaultValue: string): string {
  return `-- AlterEnum
BEGIN;
CREATE TYPE ${q(`${type}_new`)} AS ENUM (${values.map((value) => `'${value}'`).join(", ")});
ALTER TABLE ${q(table)} ALTER COLUMN ${q(column)} DROP DEFAULT;
ALTER TABLE ${q(table)} ALTER COLUMN ${q(column)} TYPE ${q(`${type}_new`)} USING (${q(column)}::text::${q(`${type}_new`)});
ALTER TYPE ${q(type)} RENAME TO ${q(`${type}_old`)};
ALTER TYPE ${q(`${type}_new`)} RENAME TO ${q(type)};
DROP TYPE ${q(`${type}_old`)};
ALTER TABLE ${q(table)} ALTER COLUMN ${q(column)} SET DEFAULT '${defaultValue}';
COMMIT;`;
}

/** One feature's life: a model created, grown, indexed, tightened, partly removed. */
function featureRound(history: HistoryBuilder, k: number): void {
  const item = `Item${k}`;
  const status = `Item${k}Status`;
  history.add(
    `create_item${k}`,
    `-- CreateEnum
CREATE TYPE ${q(status)} AS ENUM ('DRAFT', 'LIVE', 'ARCHIVED');

${createTable(item, [
  `"id" SERIAL NOT NULL`,
  `"name" TEXT NOT NULL`,
  `"status" ${q(status)} NOT NULL DEFAULT 'DRAFT'`,
  `"ownerId" INTEGER NOT NULL`,
  `"price" DECIMAL(10,2)`,
  `"code" VARCHAR(32)`,
  `"note" TEXT`,
  `"createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP`,
  `"updatedAt" TIMESTAMP(3) NOT NULL`,
])}

${createIndex(`${item}_ownerId_idx`, item, "ownerId")}

${foreignKey(item, "ownerId", "User")}`,
    // The key to the existing "User" locks it.
    [LOCK],
  );
  history.add(`add_item${k}_summary`, alterTable(item, `ADD COLUMN "summary" TEXT`), [LOCK]);
  history.add(`add_item${k}_status_hidden`, `-- AlterEnum\nALTER TYPE ${q(status)} ADD VALUE 'HIDDEN';`);
  history.add(`index_item${k}_name`, createIndex(`${item}_name_idx`, item, "name"), ["create-index-without-concurrently", LOCK]);
  history.add(`widen_item${k}_code`, alterTable(item, `ALTER COLUMN "code" SET DATA TYPE VARCHAR(64)`), [LOCK]);
  history.add(`item${k}_price_precision`, alterTable(item, `ALTER COLUMN "price" SET DATA TYPE DECIMAL(12,2)`), [LOCK]);
  const uniqueCode = createIndex(`${item}_code_key`, item, "code", true);
  history.add(`item${k}_unique_code`, uniqueCode, ["create-index-without-concurrently", "unique-on-existing-data", LOCK]);

  switch (k % 4) {
    case 0:
      history.add(`item${k}_flag`, alterTable(item, `ADD COLUMN "flag" BOOLEAN NOT NULL DEFAULT false`), [LOCK]);
      break;
    case 1:
      history.add(`item${k}_required_slug`, alterTable(item, `ADD COLUMN "slug" TEXT NOT NULL`), [
        "add-required-column-without-default",
        LOCK,
      ]);
      break;
    case 2: {
      const update = `UPDATE ${q(item)} SET "ref" = "name";`;
      const backfill = `${alterTable(item, `ADD COLUMN "ref" TEXT`)}\n${update}\n${alterTable(item, `ALTER COLUMN "ref" SET NOT NULL`)}`;
      history.add(`item${k}_backfilled_ref`, backfill, ["update-without-where", "new-column-made-required", LOCK]);
      break;
    }
    default:
      history.add(`item${k}_plan`, alterTable(item, `ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free'`, `ALTER COLUMN "plan" DROP DEFAULT`), [
        "new-column-made-required",
        LOCK,
      ]);
  }

  const notNullCheck = q(`${item}_summary_not_null`);
  switch (k % 3) {
    case 0:
      // Hand-edited: the safe way to make "summary" required, one step per deploy.
      const addCheck = `ADD CONSTRAINT ${notNullCheck} CHECK ("summary" IS NOT NULL) NOT VALID`;
      history.add(`item${k}_summary_check`, `SET lock_timeout = '5s';\n${alterTable(item, addCheck)}`);
      history.add(`item${k}_summary_validate`, `ALTER TABLE ${q(item)} VALIDATE CONSTRAINT ${notNullCheck};`);
      const required = alterTable(item, `ALTER COLUMN "summary" SET NOT NULL`, `DROP CONSTRAINT ${notNullCheck}`);
      history.add(`item${k}_summary_required`, `SET lock_timeout = '5s';\n${required}`);
      break;
    case 1:
      history.add(`item${k}_summary_required`, alterTable(item, `ALTER COLUMN "summary" SET NOT NULL`), ["set-not-null", LOCK]);
      break;
    default:
      history.add(`item${k}_name_optional`, alterTable(item, `ALTER COLUMN "name" DROP NOT NULL`), ["drop-not-null", LOCK]);
  }

  const toFloat = alterTable(item, `ALTER COLUMN "price" SET DATA TYPE DOUBLE PRECISION`);
  if (k % 2 === 0) history.add(`item${k}_price_float`, toFloat, ["change-column-type", LOCK]);
  else history.add(`item${k}_code_text`, alterTable(item, `ALTER COLUMN "code" SET DATA TYPE TEXT`), [LOCK]);

  const live = q(`${item}Live`);
  if (k % 3 === 0) {
    history.add(`item${k}_live_view`, `CREATE VIEW ${live} AS SELECT "id", "name" FROM ${q(item)} WHERE "status" = 'LIVE';`);
    const withCode = `CREATE OR REPLACE VIEW ${live} AS SELECT "id", "name", "code" FROM ${q(item)} WHERE "status" = 'LIVE';`;
    history.add(`item${k}_live_view_columns`, withCode);
  } else if (k % 3 === 1 && k > 1) {
    history.add(`drop_item${k - 1}_live_view`, `DROP VIEW ${q(`Item${k - 1}Live`)};`, ["drop-view"]);
  }

  if (k % 4 === 0) {
    const join = `_${item}ToTag`;
    history.add(
      `item${k}_tags`,
      `${createTable(join, [`"A" INTEGER NOT NULL`, `"B" INTEGER NOT NULL`], ["A", "B"])}

${createIndex(`${join}_B_index`, join, "B")}

${foreignKey(join, "A", item, "CASCADE")}

${foreignKey(join, "B", "Tag", "CASCADE")}`,
      [LOCK],
    );
  }

  switch (k % 4) {
    case 0:
      history.add(`drop_item${k}_name_index`, `-- DropIndex\nDROP INDEX ${q(`${item}_name_idx`)};`, [
        "drop-index-without-concurrently",
        LOCK,
      ]);
      break;
    case 1:
      history.add(`rename_item${k}_note`, alterTable(item, `RENAME COLUMN "note" TO "memo"`), ["rename-column", LOCK]);
      break;
    case 2: {
      const lost = "All the data in the column will be lost.";
      const warning = dropWarning(`You are about to drop the column \`note\` on the \`${item}\` table. ${lost}`);
      history.add(`drop_item${k}_note`, `${warning}\n${alterTable(item, `DROP COLUMN "note"`)}`, ["drop-column", LOCK]);
      break;
    }
    default: {
      const parentKey = q(`${item}_parentId_fkey`);
      const addKey = `ADD CONSTRAINT ${parentKey} FOREIGN KEY ("parentId") REFERENCES ${q(item)}("id") NOT VALID`;
      history.add(`item${k}_parent_key`, `SET lock_timeout = '5s';\n${alterTable(item, `ADD COLUMN "parentId" INTEGER`, addKey)}`);
      history.add(`item${k}_parent_key_validate`, `ALTER TABLE ${q(item)} VALIDATE CONSTRAINT ${parentKey};`);
    }
  }

  if (k % 5 === 0) {
    const recreation = recreateEnum(status, ["DRAFT", "LIVE", "ARCHIVED"], item, "status", "DRAFT");
    history.add(`item${k}_status_without_hidden`, recreation, ["enum-value-removal", LOCK]);
  }
  if (k % 4 === 2) {
    history.add(`item${k}_created_index_concurrently`, `CREATE INDEX CONCURRENTLY ${q(`${item}_createdAt_idx`)} ON ${q(item)}("createdAt");`);
  }
}

/** Retirements that reach back to older features: a table and its enum dropped, a table renamed by hand. */
function retirements(history: HistoryBuilder, k: number): void {
  if (k % 6 === 0 && k >= 6) {
    const old = `Item${k - 3}`;
    history.add(
      `drop_item${k - 3}`,
      `${dropWarning(`You are about to drop the \`${old}\` table. If the table is not empty, all the data it contains will be lost.`)}
-- DropForeignKey
ALTER TABLE ${q(old)} DROP CONSTRAINT ${q(`${old}_ownerId_fkey`)};

-- DropTable
DROP TABLE ${q(old)};

-- DropEnum
DROP TYPE ${q(`${old}Status`)};`,
      ["drop-table", LOCK],
    );
  }
  if (k % 7 === 0) {
    history.add(`rename_item${k - 1}`, `ALTER TABLE ${q(`Item${k - 1}`)} RENAME TO ${q(`Item${k - 1}Archive`)};`, ["rename-table", LOCK]);
  }
}

/** The history in merge order: the first migration creates what every feature builds on. */
export function generatedHistory(): GeneratedMigration[] {
  const history = new HistoryBuilder();
  history.add(
    "init",
    `-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

${createTable("User", [`"id" SERIAL NOT NULL`, `"email" VARCHAR(320) NOT NULL`, `"name" TEXT`, `"role" "Role" NOT NULL DEFAULT 'USER'`])}

${createTable("Tag", [`"id" SERIAL NOT NULL`, `"label" TEXT NOT NULL`])}

${createIndex("User_email_key", "User", "email", true)}`,
  );
  for (let k = 1; k <= 11; k++) {
    featureRound(history, k);
    retirements(history, k);
    // A branch that waited a week: it creates a table nothing merged since touches, so the order does not matter.
    if (k % 4 === 3) {
      const auditLog = createTable(`AuditLog${k}`, [`"id" SERIAL NOT NULL`, `"message" TEXT NOT NULL`]);
      history.addLate(`audit_log_${k}`, 7, auditLog, [], { kind: "out-of-order", severity: "warning" });
    }
  }
  history.add("user_email_text", alterTable("User", `ALTER COLUMN "email" SET DATA TYPE TEXT`), [LOCK]);
  history.add("role_owner", `ALTER TYPE "Role" RENAME VALUE 'ADMIN' TO 'OWNER';`, ["enum-value-rename"]);
  history.add("item9_live_view_rename", `ALTER VIEW "Item9Live" RENAME TO "Item9Published";`, ["rename-view"]);
  return history.migrations;
}

function snapshot(migrations: readonly GeneratedMigration[]): MigrationSnapshot {
  return { migrations: new Map(migrations.map((migration) => [migration.name, migration.sql])), lockProvider: "postgresql" };
}

/** Each migration as the pull request that added it, onto every migration merged before it. */
export function generatedPullRequests(history: readonly GeneratedMigration[]): PullRequestSnapshots[] {
  return history.map((migration, k) => ({
    commit: migration.name,
    date: migration.name.slice(0, 8),
    subject: migration.name.replace(/^\d+_/, ""),
    base: snapshot(history.slice(0, k)),
    head: snapshot(history.slice(0, k + 1)),
  }));
}

/** Where a generated migration's file sits, as the check names it. */
export function generatedMigrationPath(name: string): string {
  return path.posix.join(GENERATED_MIGRATIONS_DIR, name, "migration.sql");
}
