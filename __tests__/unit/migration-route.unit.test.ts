// Which URL Prisma migrates through and why, and what counts as a transaction pooler: the
// layouts of Supabase, Neon and a plain server, decided without a network.
import { chooseMigrationRoute, configEnvironment, describeRoute, transactionPoolerRefusal, type MigrationRoute, type MigrationUrlInputs } from "../../src/prisma/migration-url.js";
import { judgePooler, transactionPoolerShape } from "../../src/postgres/pooler.js";
import { datasourceVariables } from "../../src/prisma/project.js";

const SUPABASE_POOLED = "postgresql://postgres.abcd:pw-pooled@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?pgbouncer=true";
const SUPABASE_SESSION = "postgresql://postgres.abcd:pw-session@aws-0-eu-central-1.pooler.supabase.com:5432/postgres";
const NEON_POOLED = "postgresql://app:pw-neon@ep-cool-darkness-123456-pooler.eu-central-1.aws.neon.tech/shop?sslmode=require";
const NEON_DIRECT = "postgresql://app:pw-neon@ep-cool-darkness-123456.eu-central-1.aws.neon.tech/shop?sslmode=require";
const RDS = "postgresql://app:pw-rds@shop.abc123.eu-central-1.rds.amazonaws.com:5432/shop?sslmode=verify-full&sslrootcert=global-bundle.pem";

function route(inputs: Partial<MigrationUrlInputs> & Pick<MigrationUrlInputs, "databaseUrl">): MigrationRoute {
  const choice = chooseMigrationRoute({ major: 6, schema: {}, stepEnv: {}, ...inputs });
  if (!choice.ok) throw new Error(choice.problem);
  return choice.route;
}

describe("a transaction pooler by the URL's shape", () => {
  test.each([
    ["Supabase's transaction pooler", SUPABASE_POOLED, "pgbouncer=true"],
    ["Supabase's transaction pooler without pgbouncer=true", SUPABASE_POOLED.replace("?pgbouncer=true", ""), "port is 6543"],
    ["Neon's pooled host", NEON_POOLED, "-pooler host"],
  ])("%s is one", (_name, url, why) => {
    expect(transactionPoolerShape(url)).toContain(why);
  });

  test.each([
    ["Supabase's session pooler on 5432", SUPABASE_SESSION],
    ["Neon's direct host", NEON_DIRECT],
    ["RDS", RDS],
    ["a plain server", "postgresql://app:pw@db.internal:5432/shop"],
  ])("%s is not", (_name, url) => {
    expect(transactionPoolerShape(url)).toBeUndefined();
  });
});

describe("a transaction pooler by its behaviour", () => {
  const selfHosted = "postgresql://app:pw@pgbouncer.internal:5432/shop";
  test("a backend shared between two open connections is transaction pooling", () => {
    expect(judgePooler(selfHosted, { proxied: true, sharedBackend: true })).toMatchObject({ kind: "transaction-pooler" });
    // A pooler that passes the server's key data through is found the same way.
    expect(judgePooler(selfHosted, { proxied: false, sharedBackend: true })).toMatchObject({ kind: "transaction-pooler" });
  });

  test("a proxy whose backends stay put is a session pooler; a server answering itself is direct", () => {
    expect(judgePooler(SUPABASE_SESSION, { proxied: true, sharedBackend: false })).toEqual({ kind: "session-pooler" });
    expect(judgePooler(selfHosted, { proxied: false, sharedBackend: false })).toEqual({ kind: "direct" });
  });

  test("behaviour never overrules the URL's shape", () => {
    expect(judgePooler(SUPABASE_POOLED, { proxied: true, sharedBackend: false })).toMatchObject({ kind: "transaction-pooler" });
  });
});

describe("Prisma 6: migrations go through the schema's directUrl", () => {
  const schema = datasourceVariables([{ path: "schema.prisma", text: 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n}\n' }]);

  test("the Supabase layout: DIRECT_URL from the step's env is kept, database-url stays the application's", () => {
    const chosen = route({ databaseUrl: SUPABASE_POOLED, schema, stepEnv: { DIRECT_URL: SUPABASE_SESSION, DATABASE_URL: SUPABASE_POOLED } });
    expect(chosen).toMatchObject({ url: SUPABASE_SESSION, variable: "DIRECT_URL", env: { DIRECT_URL: SUPABASE_SESSION, DATABASE_URL: SUPABASE_POOLED } });
    const described = describeRoute(chosen, SUPABASE_POOLED);
    expect(described).toBe(
      "aws-0-eu-central-1.pooler.supabase.com:5432/postgres, through DIRECT_URL, the schema's directUrl, as the step's env sets it, because database-url is a transaction pooler (it carries pgbouncer=true)",
    );
    expect(described).not.toContain("pw-");
  });

  test("direct-url fills DIRECT_URL when the step does not set it", () => {
    const chosen = route({ databaseUrl: SUPABASE_POOLED, directUrl: SUPABASE_SESSION, schema });
    expect(chosen).toMatchObject({ url: SUPABASE_SESSION, variable: "DIRECT_URL", env: { DIRECT_URL: SUPABASE_SESSION, DATABASE_URL: SUPABASE_POOLED } });
    expect(chosen.because).toBe("through direct-url, given to Prisma as DIRECT_URL, the schema's directUrl");
  });

  test("direct-url and a different DIRECT_URL in the step's env are refused, naming both servers without credentials", () => {
    const choice = chooseMigrationRoute({ major: 6, databaseUrl: SUPABASE_POOLED, directUrl: NEON_DIRECT, schema, stepEnv: { DIRECT_URL: SUPABASE_SESSION } });
    expect(choice.ok).toBe(false);
    if (choice.ok) return;
    expect(choice.problem).toContain("ep-cool-darkness-123456.eu-central-1.aws.neon.tech");
    expect(choice.problem).toContain("aws-0-eu-central-1.pooler.supabase.com:5432");
    expect(choice.problem).not.toMatch(/pw-/);
  });

  test("a direct database-url fills an unset directUrl variable, as before", () => {
    const direct = "postgresql://app:pw@db.internal:5432/shop";
    expect(route({ databaseUrl: direct, schema })).toMatchObject({ url: direct, variable: "DIRECT_URL", env: { DIRECT_URL: direct } });
  });

  test("only a pooled URL: the route is the pooler, and the refusal says how to give a direct one", () => {
    const chosen = route({ databaseUrl: SUPABASE_POOLED, schema: { url: "DATABASE_URL" } });
    expect(chosen).toMatchObject({ url: SUPABASE_POOLED, variable: "DATABASE_URL" });
    const verdict = judgePooler(chosen.url);
    expect(verdict.kind).toBe("transaction-pooler");
    const refusal = transactionPoolerRefusal({ major: 6, databaseUrl: SUPABASE_POOLED, schema: { url: "DATABASE_URL" }, stepEnv: {} }, chosen, "it carries pgbouncer=true", "prisma/schema.prisma");
    expect(refusal.problem).toContain("pg_advisory_lock(72707369)");
    expect(refusal.problem).toContain("nothing was migrated or deployed");
    const advice = refusal.nextSteps.join("\n");
    expect(advice).toContain("direct-url: ${{ secrets.DIRECT_URL }}");
    expect(advice).toContain('`directUrl = env("DIRECT_URL")` to the datasource block of prisma/schema.prisma');
    expect(advice).toContain("pooler.supabase.com:5432");
    expect(advice).toContain("without `-pooler`");
  });
});

describe("Neon: the pooled host beside the direct one", () => {
  test("direct-url with a schema that has no directUrl: the CLI gets the direct host as the url", () => {
    const chosen = route({ databaseUrl: NEON_POOLED, directUrl: NEON_DIRECT, schema: { url: "DATABASE_URL" } });
    expect(chosen).toMatchObject({ url: NEON_DIRECT, variable: "DATABASE_URL", env: { DATABASE_URL: NEON_DIRECT } });
    expect(describeRoute(chosen, NEON_POOLED)).toBe(
      "ep-cool-darkness-123456.eu-central-1.aws.neon.tech:5432/shop, through direct-url, given to Prisma as DATABASE_URL, the schema's url (it has no directUrl), because database-url is a transaction pooler (its host ep-cool-darkness-123456-pooler.eu-central-1.aws.neon.tech is a -pooler host)",
    );
  });
});

describe("Prisma 7: migrations go through prisma.config.ts's datasource.url", () => {
  test("a config reading DIRECT_URL, set in the step's env", () => {
    const chosen = route({
      major: 7,
      databaseUrl: SUPABASE_POOLED,
      config: { url: SUPABASE_SESSION, variablesRead: ["NODE_ENV", "DIRECT_URL"] },
      stepEnv: { DIRECT_URL: SUPABASE_SESSION },
    });
    expect(chosen).toMatchObject({ url: SUPABASE_SESSION, variable: "DIRECT_URL" });
    expect(chosen.because).toBe("through DIRECT_URL, which prisma.config.ts's datasource.url reads, as the step's env sets it");
  });

  test("a config reading DIRECT_URL loads with direct-url when the step does not set it, and never over the step's", () => {
    expect(configEnvironment({ databaseUrl: SUPABASE_POOLED, directUrl: SUPABASE_SESSION, stepEnv: {} })).toEqual({ DATABASE_URL: SUPABASE_POOLED, DIRECT_URL: SUPABASE_SESSION });
    expect(configEnvironment({ databaseUrl: SUPABASE_POOLED, directUrl: SUPABASE_SESSION, stepEnv: { DIRECT_URL: "postgresql://x@y/z" } })).toEqual({ DATABASE_URL: SUPABASE_POOLED });
    const chosen = route({ major: 7, databaseUrl: SUPABASE_POOLED, directUrl: SUPABASE_SESSION, config: { url: SUPABASE_SESSION, variablesRead: ["DIRECT_URL"] } });
    expect(chosen).toMatchObject({ url: SUPABASE_SESSION, variable: "DIRECT_URL", env: { DIRECT_URL: SUPABASE_SESSION } });
  });

  test("a config reading DATABASE_URL gets direct-url for the CLI", () => {
    const chosen = route({ major: 7, databaseUrl: NEON_POOLED, directUrl: NEON_DIRECT, config: { url: NEON_POOLED, variablesRead: ["DATABASE_URL"] } });
    expect(chosen).toMatchObject({ url: NEON_DIRECT, variable: "DATABASE_URL", env: { DATABASE_URL: NEON_DIRECT } });
  });

  test("a config that builds its URL from no one variable cannot be handed direct-url", () => {
    const choice = chooseMigrationRoute({
      major: 7,
      databaseUrl: NEON_POOLED,
      directUrl: NEON_DIRECT,
      schema: {},
      config: { url: `${NEON_POOLED}&connection_limit=1`, variablesRead: ["DATABASE_URL"] },
      stepEnv: {},
    });
    expect(choice).toMatchObject({ ok: false });
  });
});
