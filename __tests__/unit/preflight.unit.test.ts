// The read-only checks before the first change, as pure decisions: what Zeabur's answer says
// about the key and ids, what the pending SQL needs from the role and whether it has it, what
// GitHub's answers say about the token.
import { GateError } from "../../src/errors.js";
import { recordChecks, type Judged, type PreflightCheck } from "../../src/preflight/checks.js";
import { judgeDatabasePrivileges, privilegeNeeds, type RoleFacts } from "../../src/preflight/database.js";
import { commentResource, DEPLOYMENT_RESOURCE, judgeAccess, tokenKind, type AccessObservation } from "../../src/preflight/github.js";
import { environmentMismatchCheck, judgeDeployTarget, type TargetVerdict } from "../../src/preflight/zeabur.js";
import type { Reporter } from "../../src/core/ports.js";

const name = (option: string) => option;
const ids = { serviceId: "a".repeat(24), environmentId: "b".repeat(24), apiUrl: "https://api.zeabur.com" };
const PROJECT = "c".repeat(24);

function judged(verdict: TargetVerdict): Judged[] {
  if (verdict.kind !== "judged") throw new Error(`expected a verdict, got ${verdict.kind}: ${verdict.why}`);
  return verdict.checks;
}

function failures(checks: readonly Judged[]): Array<{ subject: string; reason: string; message: string }> {
  return checks.flatMap((check) => ("error" in check && check.error instanceof GateError ? [{ subject: check.subject, reason: check.error.reason, message: check.error.message }] : []));
}

const target = (data: unknown, errors?: unknown[]) => JSON.stringify(errors ? { data, errors } : { data });
const service = { _id: ids.serviceId, name: "api", project: { _id: PROJECT, name: "shop" } };
const environment = { _id: ids.environmentId, name: "production", projectID: PROJECT };

describe("Zeabur: the key, the service and the environment", () => {
  test("all three known and of one project: passed, naming the account, service and environment", () => {
    const checks = judged(judgeDeployTarget(200, target({ me: { username: "ada" }, service, environment }), ids, name));
    expect(checks.map((check) => [check.subject, check.outcome])).toEqual([
      ["zeabur-api-key", "passed"],
      ["zeabur-service-id", "passed"],
      ["zeabur-environment-id", "passed"],
    ]);
    expect(checks.map((check) => check.detail).join(" ")).toMatch(/account ada.*service api in project shop.*environment production/);
  });

  test("HTTP 401 UNAUTHENTICATED: the key is named, never the ids", () => {
    const body = JSON.stringify({ errors: [{ message: "unauthorized", extensions: { code: "UNAUTHENTICATED" } }], data: null });
    const [failure] = failures(judged(judgeDeployTarget(401, body, ids, name)));
    expect(failure).toMatchObject({ subject: "zeabur-api-key", reason: "invalid-input" });
    expect(failure.message).toContain("Zeabur refused zeabur-api-key (HTTP 401, UNAUTHENTICATED: unauthorized)");
  });

  test("an unknown service, as a null field with an error whose path names it", () => {
    const body = target({ me: { username: "ada" }, service: null, environment }, [{ message: "service not found", path: ["service"], extensions: { code: "NOT_FOUND" } }]);
    const checks = judged(judgeDeployTarget(200, body, ids, name));
    expect(failures(checks)).toEqual([expect.objectContaining({ subject: "zeabur-service-id", reason: "invalid-input" })]);
    expect(failures(checks)[0].message).toContain(`no service ${ids.serviceId} that zeabur-api-key may deploy to (NOT_FOUND: service not found)`);
  });

  test("an unknown environment when the whole data is null (a non-null field's error): the path still tells which input", () => {
    const body = JSON.stringify({ data: null, errors: [{ message: "environment not found", path: ["environment"], extensions: { code: "NOT_FOUND" } }] });
    expect(failures(judged(judgeDeployTarget(200, body, ids, name))).map((failure) => failure.subject)).toEqual(["zeabur-environment-id"]);
  });

  test("a FORBIDDEN no field claims, with nothing answered: both ids are named", () => {
    const body = JSON.stringify({ data: null, errors: [{ message: "permission denied", extensions: { code: "FORBIDDEN" } }] });
    expect(failures(judged(judgeDeployTarget(200, body, ids, name))).map((failure) => failure.subject)).toEqual(["zeabur-service-id", "zeabur-environment-id"]);
  });

  test("an environment of another project: refused, and the service's project's environments listed", () => {
    const verdict = judgeDeployTarget(200, target({ me: null, service, environment: { ...environment, projectID: "d".repeat(24) } }), ids, name);
    expect(verdict.kind === "judged" && verdict.mismatch?.serviceProject).toBe(PROJECT);
    expect(failures(judged(verdict)).map((failure) => failure.subject)).toEqual(["zeabur-environment-id"]);
    const named = environmentMismatchCheck(ids, name, verdict.kind === "judged" && verdict.mismatch ? verdict.mismatch : ({} as never), [{ _id: "e".repeat(24), name: "production" }]);
    expect(named.detail).toContain(`The service's project has: production (${"e".repeat(24)}). Nothing was migrated or deployed.`);
  });

  test.each([
    [503, "<html>Service Unavailable</html>"],
    [429, "{}"],
    [200, JSON.stringify({ data: null, errors: [{ message: "boom", extensions: { code: "INTERNAL_SERVER_ERROR" } }] })],
  ])("HTTP %i %s is asked again", (status, body) => {
    expect(judgeDeployTarget(status, body, ids, name).kind).toBe("retry");
  });

  test("a query Zeabur's schema no longer accepts: not verifiable, and the run goes on", () => {
    const body = JSON.stringify({ data: null, errors: [{ message: 'Cannot query field "me"', extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
    expect(judged(judgeDeployTarget(400, body, ids, name)).map((check) => check.outcome)).toEqual(["unverifiable"]);
  });

  test("an answer that is not GraphQL (a wrong zeabur-api-url): zeabur-api-error naming that input", () => {
    const [failure] = failures(judged(judgeDeployTarget(404, "<html><body>Not Found</body></html>", ids, name)));
    expect(failure).toMatchObject({ subject: "zeabur-api-url", reason: "zeabur-api-error" });
    expect(failure.message).toContain("HTTP 404: Not Found");
  });
});

describe("Database: what the pending SQL needs", () => {
  test("statement by statement: creating, altering, writing, referencing, and what cannot be read", () => {
    const needs = privilegeNeeds([
      { name: "m1", sql: `CREATE TABLE "Post" ("id" SERIAL, "authorId" INTEGER REFERENCES "User"("id"));\nALTER TABLE "User" DROP COLUMN "email";` },
      { name: "m2", sql: `INSERT INTO "Setting" ("k") VALUES ('x');\nCREATE INDEX "Order_at_idx" ON "Order"("at");\nALTER TYPE "Role" ADD VALUE 'ADMIN';` },
      { name: "m3", sql: `DO $$ BEGIN PERFORM 1; END $$;` },
    ]);
    expect(needs.createInSchema).toBe("m1");
    expect(Object.fromEntries(needs.ownedRelations)).toEqual({ Post: "m1", User: "m1", Order_at_idx: "m2", Order: "m2" });
    expect(Object.fromEntries(needs.ownedTypes)).toEqual({ Role: "m2" });
    expect(Object.fromEntries([...needs.tablePrivileges].map(([table, privileges]) => [table, Object.fromEntries(privileges)]))).toEqual({
      User: { REFERENCES: "m1" },
      Setting: { INSERT: "m2" },
    });
    expect(needs.unreadable.map((item) => item.migration)).toEqual(["m3"]);
  });
});

describe("Database: whether the role has it", () => {
  const facts = (overrides: Partial<RoleFacts> = {}): RoleFacts => ({
    role: "app",
    superuser: false,
    database: "shop",
    schema: "public",
    schemaCreate: true,
    databaseCreate: false,
    readAllStats: true,
    signalBackend: true,
    history: { select: true, insert: true, update: true },
    relations: new Map([["User", { owner: "app", owned: true, privileges: new Set() }]]),
    types: new Map(),
    ...overrides,
  });
  const gate = { terminatesStaleLocks: false, name };
  const alterUser = privilegeNeeds([{ name: "m1", sql: `ALTER TABLE "User" DROP COLUMN "email";` }]);

  test("a superuser may do everything: one passed check", () => {
    expect(judgeDatabasePrivileges(alterUser, facts({ superuser: true }), gate).map((check) => check.outcome)).toEqual(["passed"]);
  });

  test("owning what it alters, seeing every session: passed", () => {
    const checks = judgeDatabasePrivileges(alterUser, facts(), gate);
    expect(checks.every((check) => check.outcome === "passed")).toBe(true);
    expect(checks.map((check) => check.detail).join(" ")).toContain("owns what the pending migrations alter: User");
  });

  test("a table owned by another role: an error naming the owner, the migration and the GRANT, safe to paste", () => {
    const checks = judgeDatabasePrivileges(alterUser, facts({ relations: new Map([["User", { owner: "admin's", owned: false, privileges: new Set() }]]) }), gate);
    const failed = checks.find((check) => check.outcome === "failed") as Judged & { error: GateError };
    expect(failed.subject).toBe("ownership of table User");
    expect(failed.error.reason).toBe("db-permission-denied");
    expect(failed.error.message).toContain('migration m1 alters table User, owned by admin\'s');
    expect(failed.error.nextSteps[0]).toContain(`psql "$OWNER_DATABASE_URL" -c 'GRANT "admin'\\''s" TO "app";'`);
  });

  test("every missing privilege is told at once, in one command", () => {
    const needs = privilegeNeeds([{ name: "m1", sql: `CREATE TABLE "Post" ("id" INTEGER);\nINSERT INTO "User" ("id") VALUES (1);` }]);
    const checks = judgeDatabasePrivileges(needs, facts({ schemaCreate: false, history: { select: true, insert: false, update: false }, relations: new Map([["User", { owner: "admin", owned: false, privileges: new Set() }]]) }), gate);
    const failed = checks.filter((check): check is Judged & { error: GateError } => check.outcome === "failed");
    expect(failed.map((check) => check.subject)).toEqual(["CREATE on schema public", "_prisma_migrations", "INSERT on table User"]);
    expect(failed[0].error.nextSteps[0]).toContain(
      `GRANT USAGE, CREATE ON SCHEMA "public" TO "app"; GRANT INSERT, UPDATE ON TABLE "public"."_prisma_migrations" TO "app"; GRANT INSERT ON TABLE "public"."User" TO "app";`,
    );
  });

  test("no _prisma_migrations yet: Prisma creates it, which needs CREATE on the schema even with nothing else to create", () => {
    const checks = judgeDatabasePrivileges(privilegeNeeds([]), facts({ schemaCreate: false, history: undefined }), gate);
    expect(checks.find((check) => check.outcome === "failed")?.detail).toContain("Prisma creates _prisma_migrations in it");
  });

  test("what only the gate's own diagnosis needs is a warning, never an error", () => {
    const checks = judgeDatabasePrivileges(alterUser, facts({ readAllStats: false, signalBackend: false }), { terminatesStaleLocks: true, name });
    expect(checks.filter((check) => check.outcome === "warning").map((check) => check.subject)).toEqual(["pg_read_all_stats", "pg_signal_backend"]);
    expect(checks.some((check) => check.outcome === "failed")).toBe(false);
    expect(checks.map((check) => check.detail).join(" ")).toContain('GRANT pg_signal_backend TO "app";');
  });
});

describe("GitHub: what the token may do", () => {
  const observed = (overrides: Partial<AccessObservation>): AccessObservation => ({ token: "installation", repository: "acme/shop", repo: { status: 200 }, probe: { status: 200 }, ...overrides });

  test.each([
    ["ghp_x", "classic"],
    ["github_pat_x", "fine-grained"],
    ["ghs_x", "installation"],
    ["gho_x", "oauth"],
    ["token", "unknown"],
  ])("%s is a %s token", (token, kind) => {
    expect(tokenKind(token)).toBe(kind);
  });

  test("a GITHUB_TOKEN that may not even read deployments cannot create one: a warning naming the job permission", () => {
    const judgement = judgeAccess(observed({ probe: { status: 403, message: "Resource not accessible by integration", acceptedPermissions: "deployments=read" } }), DEPLOYMENT_RESOURCE);
    expect(judgement.outcome).toBe("warning");
    expect(judgement.detail).toContain("GitHub requires deployments=read");
    expect(judgement.detail).toContain("`permissions: deployments: write`");
  });

  test("a GITHUB_TOKEN that may read them: write access cannot be known read-only", () => {
    expect(judgeAccess(observed({}), DEPLOYMENT_RESOURCE).outcome).toBe("unverifiable");
  });

  test("a classic token: its scopes and its user's write access decide", () => {
    const classic = (scopes: string[], push: boolean) => observed({ token: "classic", repo: { status: 200, scopes, push } });
    expect(judgeAccess(classic(["repo_deployment"], true), DEPLOYMENT_RESOURCE).outcome).toBe("passed");
    expect(judgeAccess(classic(["read:org"], true), DEPLOYMENT_RESOURCE).detail).toContain("its scopes are read:org, and it needs repo or repo_deployment");
    expect(judgeAccess(classic(["repo"], false), commentResource(7)).detail).toContain("cannot comment on pull request #7 (its user may not write to acme/shop)");
  });

  test("a refused token or no answer at all", () => {
    expect(judgeAccess(observed({ repo: { status: 401, message: "Bad credentials" } }), DEPLOYMENT_RESOURCE).outcome).toBe("warning");
    expect(judgeAccess(observed({ repo: { message: "ECONNREFUSED" } }), DEPLOYMENT_RESOURCE).outcome).toBe("unverifiable");
  });
});

test("recording: every check is logged and kept, warnings among the run's warnings, then the first failure is thrown", () => {
  const lines: string[] = [];
  const reporter = { info: (line: string) => lines.push(`info ${line}`), warning: (line: string) => lines.push(`warning ${line}`) } as unknown as Reporter;
  const into: { preflight?: PreflightCheck[]; warnings: string[] } = { warnings: [] };
  const error = new GateError("invalid-input", "wrong key");
  expect(() =>
    recordChecks(
      [
        { area: "GitHub", subject: "Deployments", outcome: "warning", detail: "cannot" },
        { area: "Zeabur", subject: "zeabur-api-key", outcome: "failed", detail: "wrong key", error } as Judged,
        { area: "Zeabur", subject: "zeabur-service-id", outcome: "passed", detail: "api" },
      ],
      into,
      reporter,
    ),
  ).toThrow(error);
  expect(into.preflight?.map((check) => check.subject)).toEqual(["Deployments", "zeabur-api-key", "zeabur-service-id"]);
  expect(into.preflight?.some((check) => "error" in check)).toBe(false);
  expect(into.warnings).toEqual(["GitHub (Deployments): cannot"]);
  expect(lines).toEqual(["warning GitHub (Deployments): cannot", "info Checked before any change: ✓ Zeabur: zeabur-service-id: api"]);
});
