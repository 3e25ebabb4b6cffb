// Expand or contract, read from the SQL Prisma writes, and what contract-migrations makes of it:
// the split around the deploy, the refusals, the summary and the config Prisma runs the prefix with.
import { classifyMigrations, type ClassifiedMigration } from "../../src/check/migration-phases.js";
import type { MigrationSql } from "../../src/prisma/project.js";
import { GateError } from "../../src/errors.js";
import { planContract, type DeploySplit } from "../../src/gate/contract-plan.js";
import { appliesMigrationsPrefix, prefixConfigSource } from "../../src/prisma/migrations-prefix.js";
import { renderContractSection } from "../../src/report/contract-section.js";

const APPLIED: MigrationSql[] = [
  {
    name: "0_init",
    sql: `CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'GUEST');
CREATE TABLE "User" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, "name" VARCHAR(50), "bio" TEXT, "age" INTEGER, "role" "Role" NOT NULL DEFAULT 'USER', CONSTRAINT "User_pkey" PRIMARY KEY ("id"));`,
  },
];

/** Prisma's migration when an enum value is removed: the type is recreated and swapped in. */
const ENUM_VALUE_REMOVED = `-- AlterEnum
BEGIN;
CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN');
ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'USER';
COMMIT;
`;

function classify(sql: string, applied = APPLIED): ClassifiedMigration {
  return classifyMigrations([{ name: "1_change", sql }], applied)[0];
}

describe("classifyMigrations", () => {
  test.each([
    ["a new nullable column", `ALTER TABLE "User" ADD COLUMN "nickname" TEXT;`, "expand", ['column "User"."nickname"']],
    ["a new table", `CREATE TABLE "Order" ("id" SERIAL NOT NULL, CONSTRAINT "Order_pkey" PRIMARY KEY ("id"));`, "expand", ['table "Order"']],
    ["a new enum value", `ALTER TYPE "Role" ADD VALUE 'OWNER';`, "expand", ["value 'OWNER' of \"Role\""]],
    ["an index", `CREATE INDEX "User_email_idx" ON "User"("email");`, "neutral", []],
    ["a data fix", `UPDATE "User" SET "name" = NULL WHERE "name" = '';`, "neutral", []],
    ["a dropped column", `ALTER TABLE "User" DROP COLUMN "bio";`, "contract", []],
    ["a dropped table", `DROP TABLE "User";`, "contract", []],
    ["SET NOT NULL on an existing column", `ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;`, "contract", []],
    ["DROP NOT NULL on an existing column", `ALTER TABLE "User" ALTER COLUMN "email" DROP NOT NULL;`, "contract", []],
    ["a type change", `ALTER TABLE "User" ALTER COLUMN "age" SET DATA TYPE TEXT;`, "contract", []],
    ["an enum value removed (the type recreated and swapped in)", ENUM_VALUE_REMOVED, "contract", []],
    ["a renamed column", `ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";`, "mixed", ['column "User"."fullName"']],
    ["a renamed table", `ALTER TABLE "User" RENAME TO "Member";`, "mixed", ['table "Member"']],
    ["a dropped view", `DROP VIEW "ActiveUser";`, "contract", []],
    ["a renamed view", `ALTER VIEW "ActiveUser" RENAME TO "CurrentUser";`, "mixed", ['view "CurrentUser"']],
    ["a renamed enum type", `ALTER TYPE "Role" RENAME TO "UserRole";`, "mixed", ['type "UserRole"']],
    ["a required column without a default (the running version's inserts fail)", `ALTER TABLE "User" ADD COLUMN "plan" TEXT NOT NULL;`, "mixed", ['column "User"."plan"']],
    ["a column added and made required in one file", `ALTER TABLE "User" ADD COLUMN "plan" TEXT;\nUPDATE "User" SET "plan" = 'free';\nALTER TABLE "User" ALTER COLUMN "plan" SET NOT NULL;`, "mixed", ['column "User"."plan"']],
  ])("%s is %s", (_what, sql, phase, additions) => {
    const classified = classify(sql);
    expect(classified.phase).toBe(phase);
    expect(classified.additions).toEqual(additions);
  });

  test("a contract step names its rule and line", () => {
    expect(classify(`-- AlterTable\nALTER TABLE "User" DROP COLUMN "bio";`).contractSteps).toEqual([
      { ruleId: "drop-column", line: 2 },
    ]);
  });

  test("a contract step acknowledged with gate:ignore and a reason does not count, and keeps its reason", () => {
    const classified = classify(`-- gate:ignore drop-column release 41 stopped reading bio\nALTER TABLE "User" DROP COLUMN "bio";`);
    expect(classified.phase).toBe("neutral");
    expect(classified.contractSteps).toEqual([expect.objectContaining({ ruleId: "drop-column", acknowledged: "release 41 stopped reading bio" })]);
  });

  test("restricting a table an earlier pending migration creates breaks nobody", () => {
    const [create, restrict] = classifyMigrations(
      [
        { name: "1_orders", sql: `CREATE TABLE "Order" ("id" SERIAL NOT NULL, "note" TEXT);` },
        { name: "2_required", sql: `ALTER TABLE "Order" ALTER COLUMN "note" SET NOT NULL;` },
      ],
      APPLIED,
    );
    expect(create.phase).toBe("expand");
    expect(restrict.phase).toBe("neutral");
  });

  test("a widening the applied history makes known is no contract", () => {
    expect(classify(`ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(100);`).phase).toBe("neutral");
  });

  test("an object the same file creates and drops again is no addition", () => {
    expect(classify(`CREATE TABLE "scratch" ("id" INTEGER);\nDROP TABLE "scratch";`).additions).toEqual([]);
  });
});

const optionName = (option: string) => option;

function migration(name: string, phase: ClassifiedMigration["phase"]): ClassifiedMigration {
  const contract = phase === "contract" || phase === "mixed";
  return {
    name,
    phase,
    contractSteps: contract ? [{ ruleId: "drop-column", line: 2 }] : [],
    additions: phase === "expand" || phase === "mixed" ? ['column "User"."nickname"'] : [],
  };
}

function split(...classified: ClassifiedMigration[]): DeploySplit {
  const result = planContract(classified, "after-deploy", optionName);
  if (result instanceof GateError) throw result;
  return result;
}

function refusal(...classified: ClassifiedMigration[]): GateError {
  const result = planContract(classified, "after-deploy", optionName);
  if (!(result instanceof GateError)) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result;
}

describe("planContract, after-deploy", () => {
  test("without a contract migration, everything is applied before the deploy", () => {
    expect(split(migration("1", "expand"), migration("2", "neutral"))).toEqual({ beforeDeploy: ["1", "2"], afterDeploy: [] });
  });

  test("the first contract migration and everything after it wait for the healthy deployment", () => {
    expect(split(migration("1", "expand"), migration("2", "neutral"), migration("3", "contract"), migration("4", "neutral"), migration("5", "contract"))).toEqual({
      beforeDeploy: ["1", "2"],
      afterDeploy: ["3", "4", "5"],
    });
  });

  test("a contract migration first: nothing before the deploy", () => {
    expect(split(migration("1", "contract"))).toEqual({ beforeDeploy: [], afterDeploy: ["1"] });
  });

  test("a mixed migration is refused, naming what it adds", () => {
    const error = refusal(migration("1", "expand"), migration("2", "mixed"));
    expect(error.reason).toBe("contract-blocked");
    expect(error.message).toContain('Pending migration 2 both adds what the new version may use (column "User"."nickname")');
    expect(error.message).toContain("dropping a column (line 2)");
  });

  test("an expand migration after a contract one is refused: no split is safe", () => {
    const error = refusal(migration("1", "contract"), migration("2", "expand"));
    expect(error.reason).toBe("contract-blocked");
    expect(error.message).toContain("it comes after the contract migration 1");
    expect(error.nextSteps[0]).toContain("sorts before 1");
  });
});

describe("planContract, block and allow", () => {
  test("block with nothing breaking: everything before the deploy", () => {
    expect(planContract([migration("1", "expand"), migration("2", "neutral")], "block", optionName)).toEqual({ beforeDeploy: ["1", "2"], afterDeploy: [] });
  });

  test("block names every contract and mixed migration with what makes it so, and how to proceed", () => {
    const error = planContract([migration("1", "expand"), migration("2", "contract"), migration("3", "mixed")], "block", optionName);
    if (!(error instanceof GateError)) throw new Error("expected a refusal");
    expect(error.reason).toBe("contract-blocked");
    expect(error.message).toContain("2 pending migration(s) remove or restrict what the running version may still use, and contract-migrations is block: 2 (dropping a column (line 2)), 3 (dropping a column (line 2))");
    expect(error.nextSteps.join("\n")).toContain("contract-migrations after-deploy (with command deploy)");
  });

  test("allow applies contract and mixed migrations with the rest, before the deploy", () => {
    expect(planContract([migration("1", "contract"), migration("2", "mixed")], "allow", optionName)).toEqual({ beforeDeploy: ["1", "2"], afterDeploy: [] });
  });
});

describe("renderContractSection", () => {
  const contract = {
    mode: "after-deploy" as const,
    migrations: [migration("1_add", "expand"), migration("2_drop", "contract")],
    heldForDeploy: ["2_drop"],
  };

  test("shows each migration's phase, its reasons and when it runs", () => {
    const section = renderContractSection(contract) ?? "";
    expect(section).toContain("`contract-migrations: after-deploy`");
    expect(section).toContain('| `1_add` | expand | adds column "User"."nickname" | before the deploy |');
    expect(section).toContain("| `2_drop` | contract | drop-column (line 2) | after the new deployment is healthy |");
  });

  test.each([
    [undefined, "Not applied: `2_drop`. The run stopped before the deploy, so nothing was deployed"],
    ["not-applied" as const, "Not applied: `2_drop`. The run stopped before the new deployment was healthy"],
    ["applied" as const, "Applied after the new deployment was healthy: `2_drop`."],
    ["stopped-after-healthy" as const, "The new deployment is healthy and serving, but the run stopped before `2_drop` were applied"],
  ])("held migrations %s: says so", (heldOutcome, text) => {
    expect(renderContractSection({ ...contract, heldOutcome })).toContain(text);
  });

  test("a refusal marks the breaking ones blocked and the rest not run; nothing pending: no section", () => {
    const refused = renderContractSection({ ...contract, mode: "block", heldForDeploy: [], refusal: { message: "refused", nextSteps: [] } });
    expect(refused).toContain("| `2_drop` | contract | drop-column (line 2) | blocked |");
    expect(refused).toContain('| `1_add` | expand | adds column "User"."nickname" | not run |');
    expect(renderContractSection({ ...contract, mode: "block", heldForDeploy: [] })).toContain('| `1_add` | expand | adds column "User"."nickname" | now |');
    expect(renderContractSection({ ...contract, migrations: [] })).toBeUndefined();
  });
});

test.each([
  ["6.19.3", true],
  ["6.20.0", true],
  ["7.0.0", true],
  ["6.18.2", false],
  ["6.4.1", false],
])("Prisma %s applies a copy of the migrations folder through --config: %s", (version, applies) => {
  expect(appliesMigrationsPrefix(version)).toBe(applies);
});

describe("prefixConfigSource", () => {
  test("without a project config: the schema and the copied migrations, nothing else", () => {
    expect(prefixConfigSource({ schema: "/app/prisma/schema.prisma" }, "/tmp/x/migrations")).toBe(
      'export default { schema: "/app/prisma/schema.prisma", migrations: { path: "/tmp/x/migrations" } };\n',
    );
  });

  test("with one: the project's config, with only the schema and the migrations path replaced by absolute ones", () => {
    const source = prefixConfigSource({ schema: "/app/prisma/schema.prisma", configFile: "/app/prisma.config.ts" }, "/tmp/x/migrations");
    expect(source).toContain('import projectConfig from "/app/prisma.config.ts";');
    expect(source).toContain('export default { ...projectConfig, schema: "/app/prisma/schema.prisma", migrations: { ...projectConfig.migrations, path: "/tmp/x/migrations" } };');
  });
});
