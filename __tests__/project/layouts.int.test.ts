// Projects whose schema is not at prisma/schema.prisma: the action finds the schema and the
// migrations where the project's own Prisma finds them, uses that answer in every command,
// and says in the summary which files it used.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createFixtureApp, INIT_USER_SQL, type FixtureApp } from "../support/fixture-app.js";
import { createDatabase, migrationRows } from "../support/database.js";
import { runAction } from "../support/run-action.js";

const POST_SQL = `-- CreateTable\nCREATE TABLE "Post" (\n    "id" SERIAL NOT NULL,\n    "title" TEXT NOT NULL,\n\n    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")\n);\n`;
/** documenso's history holds PL/pgSQL blocks: a `;` inside `$$ … $$` must not split the file. */
const DO_BLOCK_SQL = `-- Backfill\nDO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM "User" WHERE "email" = 'admin;root@example.com') THEN\n    INSERT INTO "User" ("email") VALUES ('admin;root@example.com');\n  END IF;\nEND $$;\n`;
const MIGRATIONS: Array<[string, string]> = [
  ["20260101000000_init", INIT_USER_SQL],
  ["20260102000000_post", POST_SQL],
  ["20260103000000_backfill", DO_BLOCK_SQL],
];
const POST_MODEL = `\nmodel Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n`;

function fixtureSchema(app: FixtureApp): string {
  return readFileSync(path.join(app.dir, "prisma", "schema.prisma"), "utf8");
}

function writeMigrations(app: FixtureApp, folder: string): void {
  app.writeFile(`${folder}/migration_lock.toml`, 'provider = "postgresql"\n');
  for (const [name, sql] of MIGRATIONS) app.writeFile(`${folder}/${name}/migration.sql`, sql);
}

test("documenso's layout (schema.prisma and migrations/ in working-directory, Prisma 6): status, migrate and check all use them", async () => {
  const app = createFixtureApp({ prisma: 6 });
  const workingDirectory = path.join(app.dir, "packages", "prisma");
  app.writeFile("packages/prisma/schema.prisma", fixtureSchema(app) + POST_MODEL);
  writeMigrations(app, "packages/prisma/migrations");
  const url = await createDatabase("documenso");
  const names = MIGRATIONS.map(([name]) => name);

  const status = await runAction({ inputs: { command: "status", "database-url": url, "working-directory": workingDirectory } });
  expect(status.exitCode).toBe(0);
  expect(JSON.parse(status.outputs.pending)).toEqual(names);
  expect(status.summary).toContain("`schema.prisma` (Prisma's default location)");
  expect(status.summary).toMatch(/Migrations \| `migrations`/);

  const migrate = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": workingDirectory } });
  expect(migrate.exitCode).toBe(0);
  expect(migrate.stdout).not.toContain("No pending migrations");
  expect(JSON.parse(migrate.outputs["migrations-applied"])).toEqual(names);
  expect((await migrationRows(url)).map((row) => row.migration_name)).toEqual(names);

  const shadow = await createDatabase("documenso_shadow");
  const check = await runAction({ inputs: { command: "check", "shadow-database-url": shadow, "working-directory": workingDirectory } });
  expect(check.stdout).not.toContain("Could not load");
  expect(check.outputs.drift).toBe("false");
  expect(check.exitCode).toBe(0);
  expect(check.summary).toContain("`schema.prisma` (Prisma's default location)");
});

test("Prisma 7 with a multi-file schema and migrations.path set in prisma.config.ts", async () => {
  const app = createFixtureApp({ prisma: 7 });
  app.writeFile(
    "prisma.config.ts",
    `import { defineConfig, env } from "prisma/config";\n\nexport default defineConfig({\n  schema: "db/schema",\n  migrations: { path: "db/history" },\n  datasource: { url: env("DATABASE_URL") },\n});\n`,
  );
  app.writeFile("db/schema/base.prisma", `datasource db {\n  provider = "postgresql"\n}\n`);
  app.writeFile("db/schema/user.prisma", `model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n`);
  writeMigrations(app, "db/history");
  const url = await createDatabase("config7");

  const migrate = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(migrate.exitCode).toBe(0);
  expect(JSON.parse(migrate.outputs["migrations-applied"])).toEqual(MIGRATIONS.map(([name]) => name));
  expect(migrate.summary).toContain("`db/schema` (`schema` in prisma.config.ts)");
  expect(migrate.summary).toMatch(/Migrations \| `db\/history`/);

  // A Comment model in the schema folder that no migration holds: drift, and the command uses these paths.
  app.writeFile("db/schema/comment.prisma", `model Comment {\n  id   Int    @id @default(autoincrement())\n  body String\n}\n`);
  const shadow = await createDatabase("config7_shadow");
  const check = await runAction({ inputs: { command: "check", "shadow-database-url": shadow, "working-directory": app.dir, "fail-on": "never" } });
  expect(check.outputs.drift).toBe("true");
  expect(check.summary).toContain("--from-migrations db/history --to-schema db/schema");
  expect(check.summary).toContain('CREATE TABLE "Comment"');
});

test("Prisma 6 with prisma.schema in package.json", async () => {
  const app = createFixtureApp({ prisma: 6 });
  app.writeFile("package.json", JSON.stringify({ name: "shop-api", private: true, prisma: { schema: "database/main.prisma" } }));
  app.writeFile("database/main.prisma", fixtureSchema(app) + POST_MODEL);
  writeMigrations(app, "database/migrations");
  const url = await createDatabase("pkgjson");
  const migrate = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(migrate.exitCode).toBe(0);
  expect(JSON.parse(migrate.outputs["migrations-applied"])).toEqual(MIGRATIONS.map(([name]) => name));
  expect(migrate.summary).toContain("`database/main.prisma` (`prisma.schema` in package.json)");
});

test("a prisma.config.ts that reads a variable the step does not set: named, before anything touched the database", async () => {
  const app = createFixtureApp({ prisma: 7 });
  app.writeFile(
    "prisma.config.ts",
    `import { defineConfig, env } from "prisma/config";\n\nexport default defineConfig({\n  schema: "prisma/schema.prisma",\n  datasource: { url: env("DATABASE_URL"), shadowDatabaseUrl: env("TEAM_SHADOW_URL") },\n});\n`,
  );
  app.addMigration("20260101000000_init", INIT_USER_SQL);
  const url = await createDatabase("configenv");
  const run = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": app.dir } });
  expect(run.exitCode).toBe(1);
  expect(run.outputs["failure-reason"]).toBe("invalid-input");
  expect(run.outputs.attempts).toBe("0");
  expect(run.summary).toContain('reads the environment variable TEAM_SHADOW_URL (`env("TEAM_SHADOW_URL")`), which this step does not set');
  expect(run.summary).toContain("TEAM_SHADOW_URL: ${{ secrets.TEAM_SHADOW_URL }}");
  expect(await migrationRows(url)).toEqual([]);
});

test("a Prisma 6 schema (url in schema.prisma) under Prisma 7: Prisma's P1012 and its reason reach the summary; Prisma 6 migrates the same schema", async () => {
  const url = await createDatabase("urlinschema");
  const seven = createFixtureApp({ prisma: 7 });
  const six = createFixtureApp({ prisma: 6 });
  seven.writeFile("prisma/schema.prisma", fixtureSchema(six));
  for (const app of [six, seven]) app.addMigration("20260101000000_init", INIT_USER_SQL);

  const refused = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": seven.dir } });
  expect(refused.exitCode).toBe(1);
  expect(refused.outputs["failure-reason"]).toBe("prisma-unsupported");
  expect(refused.summary).toContain("P1012");
  expect(refused.summary).toContain("The datasource property `url` is no longer supported in schema files");
  expect(await migrationRows(url)).toEqual([]);

  const migrated = await runAction({ inputs: { command: "migrate", "database-url": url, "working-directory": six.dir } });
  expect(migrated.exitCode).toBe(0);
});
