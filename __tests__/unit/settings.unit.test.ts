// Inputs as a workflow gives them: validated before anything runs, with messages that say what to fix.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { GateError } from "../../src/errors.js";
import { readSettings, secretFormsOfUrl, type InputReader } from "../../src/settings.js";
import { gateErrorOf } from "../support/gate-error.js";

const workspace = mkdtempSync(path.join(tmpdir(), "settings-"));
mkdirSync(path.join(workspace, "apps", "api"), { recursive: true });

const DATABASE_URL = "postgresql://app:s3cret@db.example.com:5432/shop";
const SERVICE_ID = "0123456789abcdef01234567";
const ENVIRONMENT_ID = "abcdef0123456789abcdef01";

function reader(inputs: Record<string, string>): InputReader {
  return (name) => inputs[name] ?? "";
}

const settingsFor = (inputs: Record<string, string>) => readSettings(reader(inputs), workspace);

function rejection(inputs: Record<string, string>): GateError {
  return gateErrorOf(() => settingsFor(inputs), "expected the inputs to be refused");
}

const migrate = (extra: Record<string, string> = {}) => ({ command: "migrate", "database-url": DATABASE_URL, ...extra });
const zeabur = { "zeabur-api-key": "zk-key-123", "zeabur-service-id": SERVICE_ID, "zeabur-environment-id": ENVIRONMENT_ID };

describe("defaults", () => {
  test("only database-url and zeabur ids given: the documented defaults", () => {
    const settings = settingsFor({ "database-url": DATABASE_URL, ...zeabur });
    expect(settings).toMatchObject({
      command: "deploy",
      workingDirectory: workspace,
      deployPath: workspace,
      databaseUrl: DATABASE_URL,
      maxAttempts: 5,
      timeoutMs: 30 * 60_000,
      terminateStaleLockAfterMs: undefined,
      ddlLockWaitMs: 10_000,
      backup: "never",
      backupPath: path.join(workspace, "prisma-backups"),
      settleMs: 60_000,
      healthUrl: undefined,
      wait: true,
      waitTimeoutMs: 20 * 60_000,
      failOn: "error",
      exclude: [],
      zeabur: { apiKey: "zk-key-123", serviceId: SERVICE_ID, environmentId: ENVIRONMENT_ID, apiUrl: "https://api.zeabur.com" },
    });
  });

  test("values are read and folders resolved against the workspace", () => {
    const settings = settingsFor(
      migrate({
        "working-directory": "apps/api",
        "max-attempts": "3",
        timeout: "1h30m",
        "terminate-stale-lock-after": "10m",
        "ddl-lock-wait": "0",
        wait: "no",
        "fail-on": "warning",
        "postgres-version": "9.6",
      }),
    );
    expect(settings).toMatchObject({
      command: "migrate",
      workingDirectory: path.join(workspace, "apps", "api"),
      maxAttempts: 3,
      timeoutMs: 90 * 60_000,
      terminateStaleLockAfterMs: 10 * 60_000,
      ddlLockWaitMs: 0,
      wait: false,
      failOn: "warning",
      postgresVersion: 9.6,
      zeabur: undefined,
    });
  });

  test("exclude: one pattern a line, blank lines and # comments dropped", () => {
    const settings = settingsFor(migrate({ exclude: "\n  node_modules/**  \n# tests are not shipped\n*.test.ts\n\n" }));
    expect(settings.exclude).toEqual(["node_modules/**", "*.test.ts"]);
  });

  test("a trailing slash on zeabur-api-url is dropped", () => {
    const settings = settingsFor({ command: "upload", ...zeabur, "zeabur-api-url": "http://127.0.0.1:4000/" });
    expect(settings.zeabur?.apiUrl).toBe("http://127.0.0.1:4000");
  });
});

describe("invalid inputs: each refused with a message naming the input and the expected form", () => {
  test.each<[string, Record<string, string>, RegExp]>([
    ["command", migrate({ command: "migrat" }), /^Invalid command 'migrat'\. Expected one of: deploy, migrate, upload, check, status, resolve, squash\.$/],
    ["resolve with both decisions", migrate({ command: "resolve", "rolled-back": "20260102000000_a", applied: "20260102000000_a" }), /^rolled-back and applied were both given\./],
    ["resolve force without applied", migrate({ command: "resolve", "rolled-back": "20260102000000_a", force: "because" }), /^force only applies to applied/],
    ["resolve applied without a shadow", migrate({ command: "resolve", applied: "20260102000000_a" }), /^applied needs shadow-database-url/],
    ["several database URLs outside squash", migrate({ "database-url": `${DATABASE_URL}\n${DATABASE_URL}` }), /^database-url holds 2 URLs; only squash takes more than one\./],
    ["squash without a shadow", migrate({ command: "squash" }), /^shadow-database-url is required for squash/],
    ["resolve migration name", migrate({ command: "resolve", "rolled-back": "../etc; rm -rf" }), /^Invalid rolled-back '\.\.\/etc; rm -rf'\. Expected the name of a migration folder/],
    ["max-attempts", migrate({ "max-attempts": "abc" }), /^Invalid max-attempts 'abc'\. Expected a whole number of at least 1\.$/],
    ["max-attempts 0", migrate({ "max-attempts": "0" }), /^Invalid max-attempts '0'/],
    ["timeout", migrate({ timeout: "soon" }), /^Invalid timeout 'soon'\. Expected a duration such as 90s, 5m, 1h/],
    ["timeout 0", migrate({ timeout: "0s" }), /^Invalid timeout '0s'/],
    ["terminate-stale-lock-after", migrate({ "terminate-stale-lock-after": "forever" }), /^Invalid terminate-stale-lock-after 'forever'/],
    ["health-url", { command: "upload", ...zeabur, "health-url": "ftp://shop.example.com/health" }, /^Invalid health-url 'ftp:\/\/shop\.example\.com\/health'\. Expected an http\(s\) URL/],
    ["settle-period", migrate({ "settle-period": "a while" }), /^Invalid settle-period 'a while'/],
    ["backup", migrate({ backup: "sometimes" }), /^Invalid backup 'sometimes'\. Expected one of: never, destructive, always\.$/],
    ["ddl-lock-wait", migrate({ "ddl-lock-wait": "briefly" }), /^Invalid ddl-lock-wait 'briefly'\. Expected a duration such as 10s, 1m or a number of seconds, or 0 to turn it off\.$/],
    ["wait", migrate({ wait: "maybe" }), /^Invalid wait 'maybe'\. Expected true or false\.$/],
    ["wait-timeout", migrate({ "wait-timeout": "-5m" }), /^Invalid wait-timeout '-5m'/],
    ["fail-on", migrate({ "fail-on": "always" }), /^Invalid fail-on 'always'\. Expected one of: error, warning, never\.$/],
    ["postgres-version", migrate({ "postgres-version": "9.5" }), /^Invalid postgres-version '9\.5'\. Expected a PostgreSQL major version such as 16 or 9\.6 \(9\.6 and later\)\.$/],
    ["working-directory", migrate({ "working-directory": "apps/nowhere" }), /^The working-directory 'apps\/nowhere' does not exist \(resolved to .*apps\/nowhere\)\.$/],
    ["deploy-path", migrate({ "deploy-path": "dist/missing" }), /^The deploy-path 'dist\/missing' does not exist/],
    ["database-url not a URL", migrate({ "database-url": "postgres//app:pw@db" }), /^Invalid database-url: it is not a URL\./],
    ["database-url scheme", migrate({ "database-url": "mysql://app:pw@db/shop" }), /^Invalid database-url: the scheme is 'mysql'\./],
    ["database-url without database", migrate({ "database-url": "postgresql://app:pw@db.example.com:5432" }), /^Invalid database-url: it names no database/],
    ["zeabur-api-url", { command: "upload", ...zeabur, "zeabur-api-url": "ftp://zeabur" }, /^Invalid zeabur-api-url 'ftp:\/\/zeabur'/],
  ])("%s", (_name, inputs, message) => {
    const error = rejection(inputs);
    expect(error.reason).toBe("invalid-input");
    expect(error.message).toMatch(message);
  });

  test("a deploy-path naming a file says it is not a folder, and which folder holds it", () => {
    writeFileSync(path.join(workspace, "apps", "api", "server.js"), "");
    const error = rejection(migrate({ "deploy-path": "apps/api/server.js" }));
    expect(error.message).toMatch(/^The deploy-path 'apps\/api\/server\.js' is a file, not a folder \(resolved to .*server\.js\)\.$/);
    expect(error.nextSteps.join(" ")).toContain("apps/api");
  });

  test("a missing folder comes with the checkout hint", () => {
    expect(rejection(migrate({ "working-directory": "apps/nowhere" })).nextSteps.join(" ")).toContain("actions/checkout");
  });

  test("an invalid database-url never echoes the password", () => {
    const error = rejection(migrate({ "database-url": "mysql://app:Very$ecret@db/shop" }));
    expect(error.message).not.toContain("Very$ecret");
  });
});

describe("database-url", () => {
  test.each(["migrate", "deploy", "status"])("required for %s, with how to pass it", (command) => {
    const error = rejection({ command, ...zeabur });
    expect(error.message).toBe(`Input database-url is required for command '${command}'.`);
    expect(error.nextSteps.join(" ")).toContain("secrets.DATABASE_URL");
  });

  test("not required for upload", () => {
    expect(settingsFor({ command: "upload", ...zeabur }).databaseUrl).toBeUndefined();
  });
});

describe("shadow-database-url", () => {
  test("required for check, with a service-container example", () => {
    const error = rejection({ command: "check", "database-url": DATABASE_URL });
    expect(error.message).toMatch(/shadow-database-url is required for command 'check'/);
    expect(error.nextSteps.join(" ")).toContain("shadow-database-url: postgresql://");
  });

  test("refused when it is the same database as database-url, even written differently", () => {
    const error = rejection({ command: "check", "database-url": DATABASE_URL, "shadow-database-url": "postgres://other:pw@db.example.com/shop" });
    expect(error.message).toMatch(/same database as database-url/);
  });

  test("accepted when it is another database", () => {
    const shadow = "postgresql://postgres:postgres@localhost:5432/shadow";
    expect(settingsFor({ command: "check", "database-url": DATABASE_URL, "shadow-database-url": shadow }).shadowDatabaseUrl).toBe(shadow);
  });
});

describe("zeabur inputs", () => {
  test.each(["deploy", "upload"])("all three required for %s, the missing ones named", (command) => {
    const error = rejection({ command, "database-url": DATABASE_URL, "zeabur-service-id": SERVICE_ID });
    expect(error.message).toBe(`Input zeabur-api-key, zeabur-environment-id are required for command '${command}'.`);
    expect(error.nextSteps.join(" ")).toMatch(/Zeabur dashboard/);
  });

  test("one missing is named alone", () => {
    const error = rejection({ command: "upload", "zeabur-api-key": "k-123", "zeabur-service-id": SERVICE_ID });
    expect(error.message).toBe("Input zeabur-environment-id is required for command 'upload'.");
  });

  test.each([
    ["zeabur-service-id", "svc-123"],
    ["zeabur-environment-id", "ABCDEF0123456789ABCDEF01"],
    ["zeabur-service-id", "0123456789abcdef0123456"],
  ])("%s '%s' is not a 24-hex id", (name, value) => {
    const error = rejection({ command: "upload", ...zeabur, [name]: value });
    expect(error.message).toContain(`Invalid ${name} '${value}'. Zeabur ids are 24 hexadecimal characters`);
  });

  test("not asked for by migrate", () => {
    expect(settingsFor(migrate()).zeabur).toBeUndefined();
  });
});

describe("secretFormsOfUrl", () => {
  test("the URL, the password as written, decoded and re-encoded", () => {
    const url = "postgresql://app:p%40ss%2Fw%3Ard@db.example.com:5432/shop";
    const forms = secretFormsOfUrl(url);
    expect(forms).toContain(url);
    expect(forms).toContain("p%40ss%2Fw%3Ard");
    expect(forms).toContain("p@ss/w:rd");
    expect(forms).toContain(encodeURIComponent("p@ss/w:rd"));
  });

  test("the password of a client identity file (sslpassword), as written and decoded", () => {
    const forms = secretFormsOfUrl("postgresql://app:pw@db.example.com/shop?sslidentity=id.p12&sslpassword=id%2Bp%40ss+w");
    expect(forms).toContain("id+p@ss w");
    expect(forms).toContain(encodeURIComponent("id+p@ss w"));
    expect(forms).toContain("id%2Bp%40ss+w");
  });

  test("a URL without a password, or not a URL, is masked whole", () => {
    expect(secretFormsOfUrl("postgresql://db.example.com/shop")).toEqual(["postgresql://db.example.com/shop"]);
    expect(secretFormsOfUrl("not a url")).toEqual(["not a url"]);
  });
});

describe("contract-migrations", () => {
  test("defaults to allow, and takes block and after-deploy", () => {
    expect(settingsFor(migrate())).toMatchObject({ contractMigrations: "allow" });
    expect(settingsFor(migrate({ "contract-migrations": "block" }))).toMatchObject({ contractMigrations: "block" });
    expect(settingsFor({ ...zeabur, "database-url": DATABASE_URL, "contract-migrations": "after-deploy" })).toMatchObject({ contractMigrations: "after-deploy" });
  });

  test("an unknown mode is refused with the ones it takes", () => {
    expect(rejection(migrate({ "contract-migrations": "later" })).message).toBe("Invalid contract-migrations 'later'. Expected one of: allow, block, after-deploy.");
  });

  test("after-deploy is refused for migrate, which deploys nothing to wait for", () => {
    const error = rejection(migrate({ "contract-migrations": "after-deploy" }));
    expect(error.reason).toBe("invalid-input");
    expect(error.message).toContain("contract-migrations after-deploy needs command deploy");
    expect(error.nextSteps.join(" ")).toContain("`contract-migrations: block`");
  });

  test("after-deploy is refused for a deploy that is not followed (wait: false)", () => {
    const error = rejection({ ...zeabur, "database-url": DATABASE_URL, "contract-migrations": "after-deploy", wait: "false" });
    expect(error.message).toContain("contract-migrations after-deploy needs wait true");
    expect(error.nextSteps).toEqual(["Pass `wait: true`."]);
  });
});
