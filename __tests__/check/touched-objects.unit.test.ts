import { describe, expect, it } from "@jest/globals";
import { sharedObjects, touchedObjects } from "../../src/check/touched-objects.js";

const objects = (sql: string) => [...touchedObjects(sql).objects].sort();

describe("touchedObjects", () => {
  it("reads Prisma's statements object by object, columns apart from their table", () => {
    const sql = `CREATE TABLE "Post" ("id" SERIAL NOT NULL, "authorId" INTEGER NOT NULL);
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TYPE "Role" ADD VALUE 'GUEST';
ALTER TABLE "User" ADD COLUMN "bio" TEXT, ALTER COLUMN "name" DROP NOT NULL, DROP COLUMN "legacy";
DROP INDEX "User_email_key";
COMMENT ON COLUMN "User"."bio" IS 'shown on the profile';`;
    expect(objects(sql)).toEqual([
      "column:Post.authorId",
      "column:User.bio",
      "column:User.legacy",
      "column:User.name",
      "constraint:Post.Post_authorId_fkey",
      "index:Post_authorId_idx",
      "index:User_email_key",
      "table:Post",
      "type:Role",
    ]);
    expect([...touchedObjects(sql).reads]).toEqual(["column:User.id"]);
    expect(touchedObjects(sql).opaque).toEqual([]);
  });

  it("calls a DO block, a function or a SELECT opaque", () => {
    expect(touchedObjects(`DO $$ BEGIN PERFORM 1; END $$;`).opaque).toHaveLength(1);
    expect(touchedObjects(`CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;`).opaque).toHaveLength(1);
    expect(touchedObjects(`SELECT backfill();`).opaque).toHaveLength(1);
  });
});

describe("sharedObjects", () => {
  it("finds no overlap between different columns of one table, and overlap between a table and its columns", () => {
    const addBio = touchedObjects(`ALTER TABLE "User" ADD COLUMN "bio" TEXT;`);
    expect(sharedObjects(addBio, touchedObjects(`ALTER TABLE "User" ADD COLUMN "avatar" TEXT;`))).toEqual([]);
    expect(sharedObjects(addBio, touchedObjects(`DROP TABLE "User";`))).toEqual(["column:User.bio"]);
    expect(sharedObjects(touchedObjects(`UPDATE "User" SET "bio" = '' WHERE "id" = 1;`), addBio)).toEqual(["table:User"]);
    expect(sharedObjects(touchedObjects(`ALTER TYPE "Role" ADD VALUE 'A';`), touchedObjects(`ALTER TYPE "Role" ADD VALUE 'B';`))).toEqual(["type:Role"]);
    // A foreign key to User(id) does not depend on the other columns of User.
    const referencesUser = touchedObjects(`ALTER TABLE "Post" ADD CONSTRAINT "f" FOREIGN KEY ("a") REFERENCES "User"("id");`);
    expect(sharedObjects(referencesUser, addBio)).toEqual([]);
    expect(sharedObjects(referencesUser, touchedObjects(`ALTER TABLE "Team" ADD CONSTRAINT "g" FOREIGN KEY ("b") REFERENCES "User"("id");`))).toEqual([]);
    expect(sharedObjects(referencesUser, touchedObjects(`DROP TABLE "User";`))).toEqual(["column:User.id"]);
  });
});
