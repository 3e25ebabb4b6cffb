import { describe, expect, it } from "@jest/globals";
import { diffCatalogs, reconcileRecipe, type CatalogColumn, type CatalogSnapshot } from "../../src/postgres/catalog-diff.js";

function column(table: string, name: string, overrides: Partial<CatalogColumn> = {}): CatalogColumn {
  return { table, name, type: "text", nullable: false, default: null, identity: null, generated: null, ...overrides };
}

/** What the fixture's migrations produce: a User table with a Role enum. */
function baseline(): CatalogSnapshot {
  return {
    tables: ["User"],
    columns: [
      column("User", "id", { type: "integer", default: `nextval('"User_id_seq"'::regclass)` }),
      column("User", "email"),
      column("User", "role", { type: '"Role"', default: `'USER'::"Role"` }),
    ],
    indexes: [{ name: "User_email_key", table: "User", definition: 'CREATE UNIQUE INDEX "User_email_key" ON "User" USING btree (email)', unique: true }],
    constraints: [{ name: "User_pkey", table: "User", type: "primary key", definition: "PRIMARY KEY (id)" }],
    enums: [{ name: "Role", labels: ["USER", "ADMIN"] }],
    sequences: [{ name: "User_id_seq", type: "integer", start: "1", increment: "1", min: "1", max: "2147483647", cycle: false }],
    views: [],
    extensions: [],
    functions: [],
    triggers: [],
  };
}

describe("diffCatalogs", () => {
  it("finds nothing between identical catalogs", () => {
    expect(diffCatalogs(baseline(), baseline())).toEqual([]);
  });

  it("ignores column order", () => {
    const reordered = baseline();
    reordered.columns.reverse();
    expect(diffCatalogs(baseline(), reordered)).toEqual([]);
  });

  it("reports an index created by hand, with the statement that recreates it", () => {
    const live = baseline();
    const definition = 'CREATE INDEX "User_email_lower_idx" ON "User" USING btree (lower(email))';
    live.indexes.push({ name: "User_email_lower_idx", table: "User", definition, unique: false });
    const differences = diffCatalogs(baseline(), live);
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
  });

  it("reports a column dropped by hand as missing", () => {
    const live = baseline();
    live.columns = live.columns.filter((item) => item.name !== "email");
    const differences = diffCatalogs(baseline(), live);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ kind: "missing", object: "column", name: "email", parent: "User", sql: 'ALTER TABLE "User" DROP COLUMN "email";' });
    expect(differences[0].description).toBe('column "email" of "User" is created by the migrations but missing from the database: text NOT NULL');
  });

  it("reports a column added by hand with its full definition", () => {
    const live = baseline();
    live.columns.push(column("User", "nickname", { type: "character varying(64)", nullable: true, default: "'anon'::character varying" }));
    const [difference] = diffCatalogs(baseline(), live);
    expect(difference).toMatchObject({ kind: "extra", object: "column", name: "nickname" });
    expect(difference.sql).toBe(`ALTER TABLE "User" ADD COLUMN "nickname" character varying(64) DEFAULT 'anon'::character varying;`);
  });

  it("reports a changed type, nullability and default of one column as one change", () => {
    const live = baseline();
    live.columns[1] = column("User", "email", { type: "character varying(320)", nullable: true, default: "''::character varying" });
    const differences = diffCatalogs(baseline(), live);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ kind: "changed", object: "column", name: "email", parent: "User" });
    expect(differences[0].description).toBe(
      'column "email" of "User" differs: type text in the migrations, character varying(320) in the database; ' +
        "NOT NULL in the migrations, nullable in the database; default none in the migrations, ''::character varying in the database",
    );
    expect(differences[0].sql).toBe(
      [
        'ALTER TABLE "User" ALTER COLUMN "email" SET DATA TYPE character varying(320);',
        'ALTER TABLE "User" ALTER COLUMN "email" DROP NOT NULL;',
        `ALTER TABLE "User" ALTER COLUMN "email" SET DEFAULT ''::character varying;`,
      ].join("\n"),
    );
  });

  it("reports a dropped default", () => {
    const live = baseline();
    live.columns[2] = { ...live.columns[2], default: null };
    const [difference] = diffCatalogs(baseline(), live);
    expect(difference.description).toBe(`column "role" of "User" differs: default 'USER'::"Role" in the migrations, none in the database`);
    expect(difference.sql).toBe('ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;');
  });

  it("reports an enum value added by hand, placed where it is", () => {
    const live = baseline();
    live.enums = [{ name: "Role", labels: ["USER", "MODERATOR", "ADMIN"] }];
    expect(diffCatalogs(baseline(), live)).toEqual([
      {
        kind: "extra",
        object: "enum-value",
        name: "MODERATOR",
        parent: "Role",
        description: `value 'MODERATOR' of enum "Role" exists in the database but in no migration`,
        sql: `ALTER TYPE "Role" ADD VALUE 'MODERATOR' AFTER 'USER';`,
      },
    ]);
  });

  it("reports a reordered enum without SQL: PostgreSQL cannot reorder values", () => {
    const live = baseline();
    live.enums = [{ name: "Role", labels: ["ADMIN", "USER"] }];
    const differences = diffCatalogs(baseline(), live);
    expect(differences).toEqual([expect.objectContaining({ kind: "changed", object: "enum", name: "Role", sql: null, explanation: expect.stringContaining("another order") })]);
  });

  it("explains a reorder only when the values are the same: a value added by hand is drift", () => {
    const live = baseline();
    live.enums = [{ name: "Role", labels: ["ADMIN", "USER", "GUEST"] }];
    const differences = diffCatalogs(baseline(), live);
    expect(differences.map((difference) => [difference.object, difference.explanation === undefined])).toEqual([
      ["enum", true],
      ["enum-value", true],
    ]);
  });

  it("reports a table created by hand once, not each of its columns and indexes", () => {
    const live = baseline();
    live.tables.push("Audit");
    live.columns.push(column("Audit", "id", { type: "bigint" }), column("Audit", "note", { nullable: true }));
    live.constraints.push({ name: "Audit_pkey", table: "Audit", type: "primary key", definition: "PRIMARY KEY (id)" });
    live.indexes.push({ name: "Audit_note_idx", table: "Audit", definition: 'CREATE INDEX "Audit_note_idx" ON "Audit" USING btree (note)', unique: false });
    const differences = diffCatalogs(baseline(), live);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ kind: "extra", object: "table", name: "Audit" });
    expect(differences[0].sql).toBe(
      [
        'CREATE TABLE "Audit" (\n    "id" bigint NOT NULL,\n    "note" text\n);',
        'ALTER TABLE "Audit" ADD CONSTRAINT "Audit_pkey" PRIMARY KEY (id);',
        'CREATE INDEX "Audit_note_idx" ON "Audit" USING btree (note);',
      ].join("\n"),
    );
  });

  it("reports a changed foreign key", () => {
    const withPost = (onDelete: string): CatalogSnapshot => {
      const snapshot = baseline();
      snapshot.tables.push("Post");
      snapshot.columns.push(column("Post", "authorId", { type: "integer" }));
      snapshot.constraints.push({ name: "Post_authorId_fkey", table: "Post", type: "foreign key", definition: `FOREIGN KEY ("authorId") REFERENCES "User"(id) ON DELETE ${onDelete}` });
      return snapshot;
    };
    const [difference] = diffCatalogs(withPost("RESTRICT"), withPost("CASCADE"));
    expect(difference).toMatchObject({ kind: "changed", object: "constraint", name: "Post_authorId_fkey", parent: "Post" });
    expect(difference.sql).toBe(
      'ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";\nALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"(id) ON DELETE CASCADE;',
    );
  });
});

describe("reconcileRecipe", () => {
  it("is empty when nothing differs", () => {
    expect(reconcileRecipe([])).toEqual([]);
  });

  it("captures a hotfix index in a migration and marks it applied where it already is", () => {
    const live = baseline();
    const definition = 'CREATE INDEX "User_email_lower_idx" ON "User" USING btree (lower(email))';
    live.indexes.push({ name: "User_email_lower_idx", table: "User", definition, unique: false });
    const steps = reconcileRecipe(diffCatalogs(baseline(), live), { migrationName: "20260301000000_user_email_lower" });
    const text = steps.join("\n");
    expect(text).toContain("prisma/migrations/20260301000000_user_email_lower/migration.sql");
    expect(text).toContain("npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --script");
    expect(steps).toContain(`SQL derived from the database's catalog (review it before committing):\n${definition};`);
    expect(text).toContain('npx prisma migrate resolve --applied 20260301000000_user_email_lower');
    expect(text).not.toContain("missing from the database");
  });

  it("names what it cannot express and warns before dropping what the migrations create", () => {
    const live = baseline();
    live.enums = [{ name: "Role", labels: ["ADMIN", "USER"] }];
    live.indexes = [];
    const steps = reconcileRecipe(diffCatalogs(baseline(), live));
    expect(steps).toContain("No SQL can be derived from the catalog for: changed enum \"Role\". Write those statements by hand.");
    expect(steps.join("\n")).toContain('DROP INDEX "User_email_key";');
    expect(steps.join("\n")).toMatch(/missing from the database\. If they were removed on purpose/);
  });
});

describe("reconcileRecipe with the project's own locations", () => {
  it("names the schema folder, the migrations folder and the generating command it is given", () => {
    const difference = { kind: "extra" as const, object: "index" as const, name: "i", parent: "User", description: "index i", sql: 'CREATE INDEX "i" ON "User" ("a");' };
    const recipe = reconcileRecipe([difference], { schema: "prisma/schema", migrationsDir: "db/migrations", generateCommand: "npx prisma migrate diff --from-migrations db/migrations --to-schema prisma/schema --script" }).join("\n");
    expect(recipe).toContain("Describe the change in prisma/schema as well");
    expect(recipe).toContain("db/migrations/<YYYYMMDDHHMMSS>_capture_hotfix/migration.sql");
    expect(recipe).toContain("`npx prisma migrate diff --from-migrations db/migrations --to-schema prisma/schema --script`");
    expect(recipe).not.toContain("schema.prisma");
  });
});

describe("functions and triggers", () => {
  const touch = { name: "touch", arguments: "", definition: "CREATE OR REPLACE FUNCTION touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN RETURN NEW; END $function$\n" };
  const trigger = { name: "User_touch", table: "User", definition: 'CREATE TRIGGER "User_touch" BEFORE UPDATE ON "User" FOR EACH ROW EXECUTE FUNCTION touch()' };
  const withBoth = (): CatalogSnapshot => ({ ...baseline(), functions: [touch], triggers: [trigger] });

  it("a function and a trigger created by hand are drift, with the SQL that captures them", () => {
    const differences = diffCatalogs(baseline(), withBoth());
    expect(differences.map((difference) => [difference.kind, difference.object, difference.name])).toEqual([
      ["extra", "function", "touch()"],
      ["extra", "trigger", "User_touch"],
    ]);
    expect(differences[1].sql).toBe(`${trigger.definition};`);
  });

  it("a function whose body changed, or a trigger dropped by hand, is named", () => {
    const changed = { ...withBoth(), functions: [{ ...touch, definition: touch.definition.replace("RETURN NEW", "RETURN NULL") }], triggers: [] };
    expect(diffCatalogs(withBoth(), changed).map((difference) => [difference.kind, difference.object])).toEqual([
      ["changed", "function"],
      ["missing", "trigger"],
    ]);
  });
});
