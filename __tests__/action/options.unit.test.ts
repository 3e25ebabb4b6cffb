// The options table is the settings' only source of names, defaults and secrecy: every row is
// read, nothing else is, and every secret row is masked.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { COMMANDS, OPTIONS, type Command, type OptionName } from "../../src/options.js";
import { redact } from "../../src/redact.js";
import { readSettings } from "../../src/settings.js";

const workspace = mkdtempSync(path.join(tmpdir(), "options-"));
const valid: Record<OptionName, string> = {
  command: "deploy",
  "working-directory": ".",
  "database-url": "postgresql://app:db-pass-7f3a@db.example.com:5432/shop",
  "direct-url": "postgresql://app:direct-pass-4c8b@direct.example.com:5432/shop",
  "max-attempts": "3",
  timeout: "5m",
  "terminate-stale-lock-after": "10m",
  "allow-stale-build": "false",
  "ddl-lock-wait": "15s",
  backup: "destructive",
  "contract-migrations": "block",
  "backup-path": "backups",
  "settle-period": "5s",
  "health-url": "https://api.example.com/health",
  "zeabur-api-key": "zeabur-key-2b9c",
  "zeabur-service-id": "0123456789abcdef01234567",
  "zeabur-environment-id": "abcdef0123456789abcdef01",
  "zeabur-api-url": "https://api.zeabur.com",
  "deploy-path": ".",
  exclude: "*.log",
  "upload-timeout": "10m",
  wait: "true",
  "wait-timeout": "5m",
  "github-environment": "staging",
  "github-token": "ghs_token-5d1e",
  "shadow-database-url": "postgresql://postgres:shadow-pass-9e4d@localhost:5432/shadow",
  "base-ref": "main",
  "fail-on": "warning",
  "postgres-version": "16",
  // A decision takes one of the two; the other is read and left empty.
  "rolled-back": "",
  applied: "20260102000000_add_orders",
  force: "completed by hand in the incident of 2026-11-29",
  "down-sql": "down.sql",
  append: "",
  "dry-run": "true",
};

/** The names readSettings asks for when running `command` with every input given. */
function namesRead(command: Command): Set<string> {
  const read = new Set<string>();
  readSettings((name) => {
    read.add(name);
    return name === "command" ? command : valid[name];
  }, workspace);
  return read;
}

test("every option in the table is read by some command, and nothing outside it", () => {
  const read = new Set(COMMANDS.flatMap((command) => [...namesRead(command)]));
  expect([...read].sort()).toEqual(OPTIONS.map((option) => option.name).sort());
});

test.each(COMMANDS)("%s reads every option the table lists for it", (command) => {
  const read = namesRead(command);
  const listed = OPTIONS.filter((option) => (option.commands as readonly string[]).includes(command)).map((option) => option.name);
  expect(listed.filter((name) => !read.has(name))).toEqual([]);
});

test("every secret option is masked, with the password of a URL on its own", () => {
  for (const command of COMMANDS) namesRead(command);
  for (const secret of OPTIONS.filter((option) => option.secret)) {
    expect(redact(`value: ${valid[secret.name]}`)).toBe("value: ***");
  }
  expect(redact("password db-pass-7f3a")).toBe("password ***");
  expect(redact("Authorization: Bearer zeabur-key-2b9c")).toBe("Authorization: ***");
});

test("an empty input takes the table's default, and an expression default is the runner's alone", () => {
  const settings = readSettings((name) => (name === "command" ? "upload" : ["zeabur-api-key", "zeabur-service-id", "zeabur-environment-id"].includes(name) ? valid[name] : ""), workspace);
  expect(settings).toMatchObject({ command: "upload", maxAttempts: 5, githubEnvironment: "production", failOn: "error", wait: true });
  expect(settings.zeabur?.apiUrl).toBe("https://api.zeabur.com");
  expect(settings.githubToken).toBeUndefined();
});
