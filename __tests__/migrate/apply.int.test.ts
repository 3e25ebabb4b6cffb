// The push-to-main flow: pending migrations are applied once; a rerun applies nothing.
import { createFixtureApp, INIT_USER_SQL, PRISMA_MAJORS, type FixtureOptions } from "../support/fixture-app.js";
import { createDatabase, migrationRows, passwordOf } from "../support/database.js";
import { runAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";

const THREE_MIGRATIONS: Array<[string, string]> = [
  ["20260101000000_init", INIT_USER_SQL],
  ["20260102000000_post", `CREATE TABLE "Post" ("id" SERIAL NOT NULL, "title" TEXT NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\n`],
  ["20260103000000_user_name", `ALTER TABLE "User" ADD COLUMN "name" TEXT;\n`],
];

const PROJECTS: Array<{ name: string; fixture: FixtureOptions; prismaVersion: string }> = [
  ...PRISMA_MAJORS.map((major) => ({ name: `Prisma ${major}`, fixture: { prisma: major }, prismaVersion: major === 6 ? "6.19.3" : "7.10.1" })),
  { name: "Prisma 6 with directUrl (migrations bypass the pooler URL)", fixture: { prisma: 6, kind: "direct-url" }, prismaVersion: "6.19.3" },
];

describe.each(PROJECTS)("$name", ({ fixture, prismaVersion }) => {
  test("applies three pending migrations, then a rerun with nothing pending applies nothing", async () => {
    const url = await createDatabase("apply");
    const app = createFixtureApp(fixture);
    for (const [name, sql] of THREE_MIGRATIONS) app.addMigration(name, sql);
    const inputs = { command: "migrate", "database-url": url, "working-directory": app.dir };

    const first = await runAction({ inputs });
    expect(first.exitCode).toBe(0);
    expect(first.outputs["failure-reason"]).toBe("");
    expect(JSON.parse(first.outputs["migrations-applied"])).toEqual(THREE_MIGRATIONS.map(([name]) => name));
    expect(JSON.parse(first.outputs.pending)).toEqual(THREE_MIGRATIONS.map(([name]) => name));
    expect(first.outputs.attempts).toBe("1");
    expect(first.summary).toContain("succeeded");
    expect(first.summary).toContain(prismaVersion);
    expect(first.summary).toContain("20260103000000_user_name");
    const rows = await migrationRows(url);
    expect(rows.map((row) => row.migration_name)).toEqual(THREE_MIGRATIONS.map(([name]) => name));
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);

    const rerun = await runAction({ inputs });
    expect(rerun.exitCode).toBe(0);
    expect(JSON.parse(rerun.outputs["migrations-applied"])).toEqual([]);
    expect(JSON.parse(rerun.outputs.pending)).toEqual([]);
    expect(rerun.stdout).toContain("No pending migrations to apply.");
    expect(await migrationRows(url)).toHaveLength(3);

    for (const run of [first, rerun]) expectSecretAbsent(run, passwordOf(url));
  });
});
