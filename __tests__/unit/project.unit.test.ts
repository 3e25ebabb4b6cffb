// What the action reads from the repository: where the schema and migrations are, URL variables, migration folders, checksums.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checksumsOf, chooseSchema, migrationsDirFor, readLocalMigrations, urlEnvironmentVariables, type LayoutInputs } from "../../src/prisma/project.js";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "project-"));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), content);
  }
  return dir;
}

describe("urlEnvironmentVariables", () => {
  const file = (text: string) => [{ path: "/p/schema.prisma", text }];

  test("the url and directUrl variables of the schema, plus DATABASE_URL", () => {
    const schema = file(`datasource db {\n  provider  = "postgresql"\n  url       = env("POOLED_URL")\n  directUrl = env( "DIRECT_URL" )\n}\n`);
    expect(urlEnvironmentVariables(schema).sort()).toEqual(["DATABASE_URL", "DIRECT_URL", "POOLED_URL"]);
  });

  test("the datasource may be in any file of a multi-file schema", () => {
    const files = [
      { path: "/p/schema/user.prisma", text: "model User {\n  id Int @id\n}\n" },
      { path: "/p/schema/datasource.prisma", text: `datasource db {\n  provider = "postgresql"\n  url = env("APP_DB")\n}\n` },
    ];
    expect(urlEnvironmentVariables(files).sort()).toEqual(["APP_DB", "DATABASE_URL"]);
  });

  test("no URL in the schema (Prisma 7: prisma.config.ts): DATABASE_URL", () => {
    expect(urlEnvironmentVariables(file(`datasource db {\n  provider = "postgresql"\n}\n`))).toEqual(["DATABASE_URL"]);
  });

  test("a shadowDatabaseUrl variable is not handed the real database", () => {
    expect(urlEnvironmentVariables(file(`datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n  shadowDatabaseUrl = env("SHADOW_URL")\n}\n`))).toEqual(["DATABASE_URL"]);
  });
});

describe("chooseSchema and migrationsDirFor: Prisma's own lookup order", () => {
  const wd = "/repo/app";
  /** A file system holding exactly these entries. */
  const disk = (entries: Record<string, "file" | "directory">) => (file: string) => entries[file];
  const inputs = (major: 6 | 7, entries: Record<string, "file" | "directory">, extra: Partial<LayoutInputs> = {}): LayoutInputs => ({ major, workingDirectory: wd, kindOf: disk(entries), ...extra });

  test.each([6, 7] as const)("Prisma %i: ./schema.prisma comes before ./prisma/schema.prisma; migrations beside it", (major) => {
    const choice = chooseSchema(inputs(major, { "/repo/app/schema.prisma": "file", "/repo/app/prisma/schema.prisma": "file" }));
    expect(choice).toEqual({ found: true, schema: "/repo/app/schema.prisma", kind: "file", foundBy: "Prisma's default location" });
    expect(migrationsDirFor(major, "/repo/app/schema.prisma", "file", [])).toBe("/repo/app/migrations");
  });

  test("the config file's schema wins over the defaults, and its migrations.path over the folder beside the schema", () => {
    const config = { file: "/repo/app/prisma.config.ts", schema: "/repo/app/db/schema", migrationsPath: "/repo/app/db/history" };
    const choice = chooseSchema(inputs(7, { "/repo/app/prisma/schema.prisma": "file", "/repo/app/db/schema": "directory" }, { config }));
    expect(choice).toEqual({ found: true, schema: "/repo/app/db/schema", kind: "directory", foundBy: "`schema` in prisma.config.ts" });
    expect(migrationsDirFor(7, "/repo/app/db/schema", "directory", [], config.migrationsPath)).toBe("/repo/app/db/history");
  });

  test("package.json's prisma.schema counts for Prisma 6 only", () => {
    const packageJson = { file: "/repo/package.json", schema: "/repo/db/schema.prisma" };
    const entries = { "/repo/db/schema.prisma": "file", "/repo/app/prisma/schema.prisma": "file" } as const;
    expect(chooseSchema(inputs(6, entries, { packageJson }))).toMatchObject({ schema: "/repo/db/schema.prisma", foundBy: "`prisma.schema` in package.json" });
    expect(chooseSchema(inputs(7, entries, { packageJson }))).toMatchObject({ schema: "/repo/app/prisma/schema.prisma" });
  });

  test("a multi-file schema folder: Prisma 6 keeps migrations beside the datasource file, Prisma 7 in the folder's root", () => {
    const files = [
      { path: "/repo/app/db/models/user.prisma", text: "model User {\n  id Int @id\n}\n" },
      { path: "/repo/app/db/main/base.prisma", text: `datasource db {\n  provider = "postgresql"\n}\n` },
    ];
    expect(migrationsDirFor(6, "/repo/app/db", "directory", files)).toBe("/repo/app/db/main/migrations");
    expect(migrationsDirFor(7, "/repo/app/db", "directory", files)).toBe("/repo/app/db/migrations");
  });

  test("nothing found: says where Prisma looked", () => {
    const choice = chooseSchema(inputs(6, {}));
    expect(choice.found).toBe(false);
    expect(!choice.found && choice.problem).toMatch(/prisma\.schema` in package\.json, `schema\.prisma` and `prisma\/schema\.prisma`/);
  });

  test("a configured path that does not exist is named, not silently replaced by a default", () => {
    const config = { file: "/repo/app/prisma.config.ts", schema: "/repo/app/db/schema.prisma" };
    const choice = chooseSchema(inputs(7, { "/repo/app/prisma/schema.prisma": "file" }, { config }));
    expect(choice.found).toBe(false);
    expect(!choice.found && choice.problem).toContain("`db/schema.prisma`, which does not exist");
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
    const migrations = readLocalMigrations(path.join(dir, "prisma", "migrations"));
    expect(migrations.map((migration) => migration.name)).toEqual(["0_init", "20260101000000_a", "20260103000000_c"]);
    expect(migrations[1]).toEqual({
      name: "20260101000000_a",
      file: path.join(dir, "prisma", "migrations", "20260101000000_a", "migration.sql"),
      sql: "SELECT 1;\n",
    });
  });

  test("no migrations folder: none", () => {
    expect(readLocalMigrations(path.join(project({}), "prisma", "migrations"))).toEqual([]);
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

  test("a file larger than one hashing slice, with a CRLF across every slice boundary, checksums as a whole", () => {
    // 1 MiB is the slice: put a CR as the last character of the first slice and its LF after it.
    const line = `${"x".repeat(1023)}\r\n`;
    const head = "y".repeat((1 << 20) - 1);
    for (const sql of [`${head}\r\n${line.repeat(1100)}`, `${head}\n${line.repeat(1100)}`, `${line.repeat(2100)}\r`]) {
      const lf = sql.replace(/\r\n/g, "\n");
      expect(checksumsOf(sql)).toEqual([...new Set([sha256(sql), sha256(lf), sha256(lf.replace(/\n/g, "\r\n"))])]);
    }
  });
});
