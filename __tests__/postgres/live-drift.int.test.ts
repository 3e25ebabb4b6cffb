// Drift of a live database from its migrations, found by replaying the migrations into a
// shadow database on the real PostgreSQL of the test run and comparing the two catalogs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { GateError } from "../../src/errors.js";
import { diffCatalogs, reconcileRecipe, type CatalogDifference } from "../../src/postgres/catalog-diff.js";
import { readCatalog } from "../../src/postgres/catalog.js";
import { connect, schemaOf } from "../../src/postgres/connection.js";
import { readHistoryRows } from "../../src/postgres/history.js";
import { replayMigrations } from "../../src/postgres/replay.js";
import { compareHistory } from "../../src/prisma/migration-history.js";
import { checksumsOf, readLocalMigrations, type LocalMigration } from "../../src/prisma/project.js";
import { createDatabase, withClient } from "../support/database.js";

const INIT_SQL = `-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
`;

const POST_SQL = `-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateView
CREATE VIEW "PostCount" AS SELECT "authorId", count(*) AS posts FROM "Post" GROUP BY "authorId";
`;

const PENDING_SQL = `-- AlterTable
ALTER TABLE "User" ADD COLUMN "name" TEXT;

-- CreateIndex
CREATE INDEX "User_name_idx" ON "User"("name");
`;

const HOTFIX_INDEX = `CREATE INDEX "User_email_lower_idx" ON "User" (lower("email"))`;

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A migrations folder as `prisma migrate dev` leaves it, read the way the action reads it. */
function migrationsFolder(files: Record<string, string>): LocalMigration[] {
  const directory = mkdtempSync(path.join(tmpdir(), "pgd-drift-"));
  folders.push(directory);
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(directory, name));
    writeFileSync(path.join(directory, name, "migration.sql"), sql);
  }
  return readLocalMigrations(directory);
}

const PRISMA_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Applies migrations the way `prisma migrate deploy` does and records them in Prisma's history table. */
async function deploy(url: string, migrations: readonly LocalMigration[]): Promise<void> {
  await withClient(url, async (client) => {
    const schema = schemaOf(url);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(PRISMA_HISTORY_TABLE);
    for (const migration of migrations) {
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
         VALUES (gen_random_uuid(), $1, $2, now(), 1)`,
        [checksumsOf(migration.sql)[0], migration.name],
      );
    }
  });
}

async function runSql(url: string, sql: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(`SET search_path TO "${schemaOf(url)}"`);
    await client.query(sql);
  });
}

async function catalogOf(url: string) {
  const client = await connect(url);
  try {
    return await readCatalog(client, schemaOf(url));
  } finally {
    await client.end();
  }
}

/** The check as the action runs it: the live history names what to replay. */
async function liveDrift(liveUrl: string, shadowUrl: string, local: readonly LocalMigration[]): Promise<CatalogDifference[]> {
  const client = await connect(liveUrl);
  const rows = await readHistoryRows(client, schemaOf(liveUrl)).finally(() => client.end());
  const applied = compareHistory(local, rows ?? []).applied;
  await replayMigrations(shadowUrl, local, { onlyNames: applied });
  return diffCatalogs(await catalogOf(shadowUrl), await catalogOf(liveUrl));
}

function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("schema", schema);
  return parsed.toString();
}

describe("live drift against replayed migrations", () => {
  const applied = { "20260101000000_init": INIT_SQL, "20260102000000_post": POST_SQL };

  it("reports exactly the index a hotfix created by hand, with the recipe to capture it", async () => {
    const local = migrationsFolder(applied);
    const live = await createDatabase("live");
    await deploy(live, local);
    await runSql(live, HOTFIX_INDEX);

    const differences = await liveDrift(live, await createDatabase("shadow"), local);

    const definition = 'CREATE INDEX "User_email_lower_idx" ON "User" USING btree (lower(email))';
    expect(differences).toEqual([
      {
        kind: "extra",
        object: "index",
        name: "User_email_lower_idx",
        parent: "User",
        description: `index "User_email_lower_idx" on "User" exists in the database but in no migration: ${definition}`,
        sql: `${definition};`,
      },
    ]);
    const recipe = reconcileRecipe(differences, { migrationName: "20260103000000_user_email_lower" }).join("\n");
    expect(recipe).toContain(`${definition};`);
    expect(recipe).toContain('npx prisma migrate resolve --applied 20260103000000_user_email_lower');
  });

  it("the recipe's SQL, applied as a migration, makes the difference disappear", async () => {
    const local = migrationsFolder(applied);
    const live = await createDatabase("live");
    await deploy(live, local);
    await runSql(live, HOTFIX_INDEX);
    const shadow = await createDatabase("shadow");
    const [difference] = await liveDrift(live, shadow, local);

    const captured = migrationsFolder({ ...applied, "20260103000000_user_email_lower": `-- CreateIndex\n${difference.sql}\n` });
    await replayMigrations(shadow, captured);
    expect(diffCatalogs(await catalogOf(shadow), await catalogOf(live))).toEqual([]);
  });

  it("reports nothing when the database is what its migrations produce", async () => {
    const local = migrationsFolder(applied);
    const live = await createDatabase("live");
    await deploy(live, local);
    expect(await liveDrift(live, await createDatabase("shadow"), local)).toEqual([]);
  });

  it("compares a live schema with a shadow schema of another name", async () => {
    const local = migrationsFolder(applied);
    const live = withSchema(await createDatabase("live"), "app");
    await deploy(live, local);
    expect(await liveDrift(live, await createDatabase("shadow"), local)).toEqual([]);
  });

  it("does not count a pending migration as drift", async () => {
    const local = migrationsFolder({ ...applied, "20260103000000_user_name": PENDING_SQL });
    const live = await createDatabase("live");
    await deploy(live, local.slice(0, 2));
    const shadow = await createDatabase("shadow");

    expect(await liveDrift(live, shadow, local)).toEqual([]);

    // Replaying the whole folder instead shows what the pending migration will add.
    await replayMigrations(shadow, local);
    const differences = diffCatalogs(await catalogOf(shadow), await catalogOf(live));
    expect(differences.map((difference) => [difference.kind, difference.object, difference.name])).toEqual([
      ["missing", "column", "name"],
      ["missing", "index", "User_name_idx"],
    ]);
  });

  it("reads columns, enum values, defaults and constraints changed by hand", async () => {
    const local = migrationsFolder(applied);
    const live = await createDatabase("live");
    await deploy(live, local);
    await runSql(
      live,
      `ALTER TYPE "Role" ADD VALUE 'MODERATOR' AFTER 'USER';
       ALTER TABLE "User" ADD COLUMN "nickname" VARCHAR(64);
       ALTER TABLE "Post" ALTER COLUMN "title" SET DEFAULT 'untitled';
       ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";
       ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;`,
    );

    const differences = await liveDrift(live, await createDatabase("shadow"), local);

    expect(differences.map((difference) => difference.description)).toEqual([
      `value 'MODERATOR' of enum "Role" exists in the database but in no migration`,
      'column "nickname" of "User" exists in the database but in no migration: character varying(64)',
      `column "title" of "Post" differs: default none in the migrations, 'untitled'::text in the database`,
      'constraint "Post_authorId_fkey" on "Post" differs: FOREIGN KEY ("authorId") REFERENCES "User"(id) ON UPDATE CASCADE ON DELETE RESTRICT in the migrations, ' +
        'FOREIGN KEY ("authorId") REFERENCES "User"(id) ON UPDATE CASCADE ON DELETE CASCADE in the database',
    ]);
  });
});

describe("an out-of-order history", () => {
  const history = {
    "20260101000000_init": INIT_SQL,
    "20260102000000_add_guest": `-- AlterEnum\nALTER TYPE "Role" ADD VALUE 'GUEST';\n`,
    "20260103000000_add_owner": `-- AlterEnum\nALTER TYPE "Role" ADD VALUE 'OWNER';\n`,
  };

  /** Production deployed init and add_owner; add_guest, older by name, was merged and deployed after. */
  async function deployedOutOfOrder(local: readonly LocalMigration[]): Promise<string> {
    const [init, guest, owner] = local;
    const live = await createDatabase("live");
    await deploy(live, [init, owner]);
    await deploy(live, [guest]);
    return live;
  }

  it("is no drift: the migrations are replayed in the order the database applied them", async () => {
    const local = migrationsFolder(history);
    const live = await deployedOutOfOrder(local);
    expect((await catalogOf(live)).enums).toEqual([{ name: "Role", labels: ["USER", "ADMIN", "OWNER", "GUEST"] }]);

    expect(await liveDrift(live, await createDatabase("shadow"), local)).toEqual([]);
  });

  it("leaves a fresh database with the enum in name order, which the comparison explains instead of calling it drift", async () => {
    const local = migrationsFolder(history);
    const live = await deployedOutOfOrder(local);
    const fresh = await createDatabase("shadow");
    await replayMigrations(fresh, local);

    const differences = diffCatalogs(await catalogOf(fresh), await catalogOf(live));
    expect(differences).toEqual([expect.objectContaining({ kind: "changed", object: "enum", name: "Role", explanation: expect.stringContaining("Same values, another order") })]);
    expect(differences[0].description).toBe('enum "Role" orders its values differently: (USER, ADMIN, GUEST, OWNER) in the migrations, (USER, ADMIN, OWNER, GUEST) in the database');
  });
});

describe("replayMigrations", () => {
  it("refuses a shadow database that has a migration history, and leaves it untouched", async () => {
    const local = migrationsFolder({ "20260101000000_init": INIT_SQL });
    const real = await createDatabase("real");
    await deploy(real, local);

    const refusal = await replayMigrations(real, local).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(GateError);
    expect((refusal as GateError).reason).toBe("invalid-input");
    expect((refusal as GateError).message).toMatch(/has a migration history \(public\._prisma_migrations holds rows\).*refused to reset it/);
    const tables = await withClient(real, (client) => client.query(`SELECT to_regclass('"User"') AS found`));
    expect(tables.rows[0].found).toBe('"User"');
  });

  it("resets the schema, so objects left from an earlier use do not survive", async () => {
    const local = migrationsFolder({ "20260101000000_init": INIT_SQL });
    const shadow = await createDatabase("shadow");
    await runSql(shadow, `CREATE TABLE "Leftover" (id int); CREATE TYPE "Role" AS ENUM ('OTHER')`);

    const result = await replayMigrations(shadow, local);

    expect(result).toEqual({ schema: "public", applied: ["20260101000000_init"], notFound: [] });
    const catalog = await catalogOf(shadow);
    expect(catalog.tables).toEqual(["User"]);
    expect(catalog.enums).toEqual([{ name: "Role", labels: ["USER", "ADMIN"] }]);
  });

  it("names applied migrations that the folder does not hold", async () => {
    const local = migrationsFolder({ "20260101000000_init": INIT_SQL });
    const result = await replayMigrations(await createDatabase("shadow"), local, { onlyNames: ["20260101000000_init", "20251231000000_lost"] });
    expect(result.notFound).toEqual(["20251231000000_lost"]);
  });

  it("names the failing migration, the line and the database error", async () => {
    const local = migrationsFolder({
      "20260101000000_init": INIT_SQL,
      "20260102000000_broken": `-- AlterTable\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n\nALTER TABLE "User" ADD COLUMN "score" INTEGR;\n`,
    });
    const shadow = await createDatabase("shadow");

    const failure = await replayMigrations(shadow, local).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).reason).toBe("migration-failed");
    expect((failure as GateError).message).toBe(
      `Replaying migration "20260102000000_broken" into the shadow database failed at line 4 of ${local[1].file}: 42704 type "integr" does not exist.`,
    );
    // One file is one implicit transaction: nothing of the failed migration remains.
    const columns = (await catalogOf(shadow)).columns.map((column) => column.name);
    expect(columns).not.toContain("age");
  });

  it("stops a migration that runs past the statement timeout", async () => {
    const local = migrationsFolder({ "20260101000000_slow": "SELECT pg_sleep(30);\n" });
    const failure = await replayMigrations(await createDatabase("shadow"), local, { statementTimeoutMs: 200 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).message).toMatch(/"20260101000000_slow".*57014 canceling statement due to statement timeout/);
  });
});
