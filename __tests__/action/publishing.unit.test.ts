// What a person needs before trusting and using a published action: its license and those of
// the code bundled with it, where it lives, how it is versioned, how to report a vulnerability.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { repositoryRoot } from "../../scripts/action-metadata.js";
import { markdownWorkflows } from "../../scripts/lint-actions.js";

const read = (relative: string) => readFileSync(path.join(repositoryRoot, relative), "utf8");
const manifest = JSON.parse(read("package.json")) as {
  version: string;
  license: string;
  dependencies: Record<string, string>;
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
  author: string;
  engines: { node: string };
};
const REPOSITORY = "github.com/prisma-gated-deploy/prisma-gated-deploy";

test("LICENSE is the MIT license package.json names", () => {
  expect(manifest.license).toBe("MIT");
  expect(read("LICENSE")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
});

describe("dist/licenses.txt", () => {
  const licenses = read("dist/licenses.txt");
  const listed = [...licenses.matchAll(/^(@?[^@\s]+)@(\d[^\s]*)\nLicense: (.+)$/gm)].map(([, name, version, license]) => ({ name, version, license }));

  test.each(Object.keys(manifest.dependencies))("lists the bundled dependency %s with its installed version", (name) => {
    const installed = (JSON.parse(read(`node_modules/${name}/package.json`)) as { version: string }).version;
    expect(listed).toContainEqual(expect.objectContaining({ name, version: installed }));
  });

  test("carries the license texts, the Apache-2.0 one included", () => {
    expect(listed.filter((entry) => entry.license === "Apache-2.0").length).toBeGreaterThan(0);
    expect(licenses).toContain("Apache License\n                           Version 2.0");
    expect(licenses).not.toContain("ships no license text");
    expect(licenses.split("Permission is hereby granted, free of charge").length - 1).toBeGreaterThanOrEqual(
      listed.filter((entry) => entry.license === "MIT").length,
    );
  });
});

test("package.json says where the project lives and who makes it", () => {
  expect(manifest.repository.url).toContain(REPOSITORY);
  expect(manifest.homepage).toContain(REPOSITORY);
  expect(manifest.bugs.url).toBe(`https://${REPOSITORY}/issues`);
  expect(manifest.author).toMatch(/prisma-gated-deploy/);
});

test("engines asks for the Node the bundled dependencies need (content-type: >=22)", () => {
  const contentType = JSON.parse(read("node_modules/content-type/package.json")) as { engines: { node: string } };
  expect(contentType.engines.node).toBe(">=22");
  expect(manifest.engines.node).toBe(">=22");
});

describe("versioning", () => {
  test("CHANGELOG has a section for the version in package.json", () => {
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(read("CHANGELOG.md")).toContain(`## [${manifest.version}]`);
  });

  test("README's examples use the moving major tag of that version", () => {
    const uses = [...read("README.md").matchAll(/uses: prisma-gated-deploy\/prisma-gated-deploy@(\S+)/g)].map((match) => match[1]);
    expect(uses.length).toBeGreaterThan(0);
    expect(new Set(uses)).toEqual(new Set([`v${manifest.version.split(".")[0]}`]));
  });

  test("README describes the release: semver tag, moving major tag, dist rebuilt and verified first", () => {
    const releasing = read("README.md").split("### Releasing")[1]?.split("\n### ")[0] ?? "";
    expect(releasing).toMatch(/git tag -a v\d+\.\d+\.\d+/);
    expect(releasing).toMatch(/git tag -fa v1 /);
    expect(releasing).toContain("npm run build && test -z \"$(git status --porcelain -- dist/)\"");
  });
});

test("README's workflow examples: actions at their current major, a timeout on every job", () => {
  const examples = markdownWorkflows(read("README.md"), "README.md").map((example) => parse(example.content) as { jobs: Record<string, { "timeout-minutes"?: number; steps?: Array<{ uses?: string }> }> });
  const uses = examples.flatMap((workflow) => Object.values(workflow.jobs).flatMap((job) => (job.steps ?? []).map((step) => step.uses ?? "")));
  expect(uses.filter((action) => /^actions\/(checkout|setup-node)@/.test(action) && !action.endsWith("@v6"))).toEqual([]);
  const jobs = examples.flatMap((workflow) => Object.entries(workflow.jobs));
  expect(jobs.length).toBeGreaterThanOrEqual(3);
  expect(jobs.filter(([, job]) => typeof job["timeout-minutes"] !== "number").map(([name]) => name)).toEqual([]);
});

test("Dependabot updates npm packages and the actions the workflows use", () => {
  const config = parse(read(".github/dependabot.yml")) as { version: number; updates: Array<{ "package-ecosystem": string; directory: string }> };
  expect(config.version).toBe(2);
  expect(config.updates.map((update) => update["package-ecosystem"]).sort()).toEqual(["github-actions", "npm"]);
});

test("SECURITY.md says how to report a vulnerability privately", () => {
  expect(read("SECURITY.md")).toContain(`https://${REPOSITORY}/security/advisories/new`);
});

test("README's layout names only paths that exist", () => {
  const layout = read("README.md").split("### Layout")[1].split("\n### ")[0];
  const paths = [...layout.matchAll(/^\| ([^|]+) \|/gm)].flatMap((row) => [...row[1].matchAll(/`([^`]+)`/g)].map((match) => match[1]));
  expect(paths.length).toBeGreaterThan(10);
  expect(paths.filter((entry) => !existsSync(path.join(repositoryRoot, entry)))).toEqual([]);
});
