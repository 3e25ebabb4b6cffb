// A realistic history of 17 migrations as `prisma migrate dev` and hand edits leave them:
// tables added and dropped, a column renamed, enums created and extended (one value inserted
// before another), indexes replaced, a foreign key changed, a function and a trigger; and the
// Prisma schema it ends at. The function and trigger are what the schema cannot express.
import { INIT_USER_SQL, type FixtureApp } from "../support/fixture-app.js";

export const HISTORY: ReadonlyArray<readonly [string, string]> = [
  ["20260101000000_init", INIT_USER_SQL],
  ["20260102000000_user_name", `ALTER TABLE "User" ADD COLUMN "name" TEXT;\n`],
  [
    "20260103000000_posts",
    `CREATE TABLE "Post" (\n    "id" SERIAL NOT NULL,\n    "title" TEXT NOT NULL,\n    "authorId" INTEGER NOT NULL,\n\n    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")\n);\n\nALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;\n`,
  ],
  ["20260104000000_comments", `CREATE TABLE "Comment" (\n    "id" SERIAL NOT NULL,\n    "postId" INTEGER NOT NULL,\n    "text" TEXT NOT NULL,\n\n    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")\n);\n`],
  ["20260105000000_roles", `CREATE TYPE "Role" AS ENUM ('MEMBER', 'ADMIN');\n\nALTER TABLE "User" ADD COLUMN "role" "Role" NOT NULL DEFAULT 'MEMBER';\n`],
  ["20260106000000_rename_name", `ALTER TABLE "User" RENAME COLUMN "name" TO "displayName";\n`],
  ["20260107000000_post_title_index", `CREATE INDEX "Post_title_idx" ON "Post"("title");\n`],
  ["20260108000000_post_body", `ALTER TABLE "Post" ADD COLUMN "body" TEXT;\n`],
  ["20260109000000_editor_role", `ALTER TYPE "Role" ADD VALUE 'EDITOR' BEFORE 'ADMIN';\n`],
  ["20260110000000_drop_comments", `DROP TABLE "Comment";\n`],
  ["20260111000000_post_status", `CREATE TYPE "PostStatus" AS ENUM ('DRAFT', 'PUBLISHED');\n\nALTER TABLE "Post" ADD COLUMN "status" "PostStatus" NOT NULL DEFAULT 'DRAFT';\n`],
  ["20260112000000_replace_index", `DROP INDEX "Post_title_idx";\n\nCREATE INDEX "Post_authorId_status_idx" ON "Post"("authorId", "status");\n`],
  [
    "20260113000000_cascade_posts",
    `ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";\n\nALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;\n`,
  ],
  [
    "20260114000000_timestamps",
    `ALTER TABLE "User" ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;\n\nALTER TABLE "Post" ADD COLUMN "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;\n`,
  ],
  ["20260115000000_touch_trigger", ""], // filled in below: the same SQL as the appended file
  ["20260116000000_tags", `CREATE TABLE "Tag" (\n    "id" SERIAL NOT NULL,\n    "name" TEXT NOT NULL,\n\n    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")\n);\n\nCREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");\n`],
  ["20260117000000_archived", `ALTER TYPE "PostStatus" ADD VALUE 'ARCHIVED';\n`],
];

/** What the schema cannot express, kept in a file that squash appends to the baseline. */
export const TRIGGER_SQL = `CREATE FUNCTION "touch_updated_at"() RETURNS trigger AS $$
BEGIN
  NEW."updatedAt" := CURRENT_TIMESTAMP;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Post_touch" BEFORE UPDATE ON "Post" FOR EACH ROW EXECUTE FUNCTION "touch_updated_at"();
`;

const ROLE_IN_ORDER = "MEMBER\n  EDITOR\n  ADMIN";

/** The Prisma 6 schema the history ends at; `roleOrder` lets a test write it wrong. */
export function schemaText(roleOrder = ROLE_IN_ORDER): string {
  return `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

enum Role {
  ${roleOrder}
}

enum PostStatus {
  DRAFT
  PUBLISHED
  ARCHIVED
}

model User {
  id          Int      @id @default(autoincrement())
  email       String   @unique
  displayName String?
  role        Role     @default(MEMBER)
  createdAt   DateTime @default(now())
  posts       Post[]
}

model Post {
  id        Int        @id @default(autoincrement())
  title     String
  authorId  Int
  body      String?
  status    PostStatus @default(DRAFT)
  updatedAt DateTime   @default(now())
  author    User       @relation(fields: [authorId], references: [id], onDelete: Cascade)

  @@index([authorId, status])
}

model Tag {
  id   Int    @id @default(autoincrement())
  name String @unique
}
`;
}

/** Writes the history (the first `count` migrations), the schema and the file to append. */
export function writeHistory(app: FixtureApp, count = HISTORY.length, schema = schemaText()): string[] {
  const written = HISTORY.slice(0, count).map(([name, sql]) => {
    app.addMigration(name, sql || TRIGGER_SQL);
    return name;
  });
  app.writeFile("prisma/schema.prisma", schema);
  app.writeFile("prisma/squash-extra.sql", TRIGGER_SQL);
  return written;
}
