// The one-core rule: commands and everything below them speak to the reporting port, never to
// the GitHub runner directly, and take their folders from the front-end, not the environment.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

const files = sourceFiles(src).map((file) => ({ name: path.relative(src, file).split(path.sep).join("/"), text: readFileSync(file, "utf8") }));

/** The GitHub front-end and the GitHub API adapters are GitHub's; the rest must run anywhere. */
const githubSide = (name: string) => name.startsWith("action/") || name.startsWith("github/");

test("@actions/core is imported only by the action front-end and the GitHub adapters", () => {
  const offenders = files.filter((file) => !githubSide(file.name) && /from\s+["']@actions\/core["']/.test(file.text)).map((file) => file.name);
  expect(offenders).toEqual([]);
  // The rule is about something real: the front-end does use it.
  expect(files.some((file) => file.name.startsWith("action/") && file.text.includes("@actions/core"))).toBe(true);
});

test("the commands and the core read no environment variables: the front-end passes what they need", () => {
  // Handing the whole environment on to a child process (`...process.env`) is not reading it.
  const offenders = files
    .filter((file) => /^(commands|core|report|zeabur|postgres|check|sql)\//.test(file.name) && /process\.env(\.[A-Za-z_]|\[)/.test(file.text))
    .map((file) => file.name);
  expect(offenders).toEqual([]);
});
