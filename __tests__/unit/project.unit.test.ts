// What the action reads from the repository: URL variables, migration folders, checksums.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checksumsOf, migrationsDirectory, readLocalMigrations, urlEnvironmentVariables } from "../../src/prisma/project.js";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "project-"));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), content);
  }
  return dir;
}

describe("urlEnvironmentVariables", () => {
  test("the url and directUrl variables of schema.prisma, plus DATABASE_URL", () => {
    const dir = project({
      "prisma/schema.prisma": `datasource db {\n  provider  = "postgresql"\n  url       = env("POOLED_URL")\n  directUrl = env( "DIRECT_URL" )\n}\n`,
    });
    expect(urlEnvironmentVariables(dir).sort()).toEqual(["DATABASE_URL", "DIRECT_URL", "POOLED_URL"]);
  });

  test("a multi-file schema folder (prisma/schema/*.prisma)", () => {
    const dir = project({
      "prisma/schema/datasource.prisma": `datasource db {\n  provider = "postgresql"\n  url = env("APP_DB")\n}\n`,
      "prisma/schema/user.prisma": "model User {\n  id Int @id\n}\n",
    });
    expect(urlEnvironmentVariables(dir).sort()).toEqual(["APP_DB", "DATABASE_URL"]);
  });

  test("no schema (Prisma 7 with prisma.config.ts): DATABASE_URL", () => {
    expect(urlEnvironmentVariables(project({}))).toEqual(["DATABASE_URL"]);
  });

  test("a shadowDatabaseUrl variable is not handed the real database", () => {
    const dir = project({
      "prisma/schema.prisma": `datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n  shadowDatabaseUrl = env("SHADOW_URL")\n}\n`,
    });
    expect(urlEnvironmentVariables(dir)).toEqual(["DATABASE_URL"]);
  });
});

describe("readLocalMigrations", () => {
  test("folders holding a migration.sql, sorted by name, with their SQL and path", () => {
    const dir = project({
      "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
      "prisma/migrations/20260103000000_c/migration.sql": "SELECT 3;\n",
      "prisma/migrations/0_init/migration.sql": "SELECT 0;\n",
      "prisma/migrations/20260101000000_a/migration.sql": "SELECT 1;\n",
      "prisma/migrations/20260102000000_empty/README.md": "no migration here\n",
    });
    const migrations = readLocalMigrations(migrationsDirectory(dir));
    expect(migrations.map((migration) => migration.name)).toEqual(["0_init", "20260101000000_a", "20260103000000_c"]);
    expect(migrations[1]).toEqual({
      name: "20260101000000_a",
      file: path.join(dir, "prisma", "migrations", "20260101000000_a", "migration.sql"),
      sql: "SELECT 1;\n",
    });
  });

  test("no migrations folder: none", () => {
    expect(readLocalMigrations(migrationsDirectory(project({})))).toEqual([]);
  });
});

describe("checksumsOf", () => {
  const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

  test("Prisma's checksum (hex SHA-256 of the file) and its other line-ending form", () => {
    const lf = "CREATE TABLE a (id int);\nSELECT 1;\n";
    const crlf = lf.replace(/\n/g, "\r\n");
    expect(checksumsOf(lf)).toEqual([sha256(lf), sha256(crlf)]);
    expect(checksumsOf(crlf)).toEqual(expect.arrayContaining([sha256(crlf), sha256(lf)]));
    expect(checksumsOf(lf)[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  test("a one-line file without newline has a single checksum", () => {
    expect(checksumsOf("SELECT 1;")).toEqual([sha256("SELECT 1;")]);
  });
});
