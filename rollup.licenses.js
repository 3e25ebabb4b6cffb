// Writes dist/licenses.txt: the license of every package whose code is in the bundle, read from
// the package itself (package.json's `license`, its LICENSE/LICENCE/COPYING file and, as
// Apache-2.0 asks, its NOTICE file). The build fails when a bundled package names no license.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The folder of the package a bundled file belongs to: the last node_modules/<name> or node_modules/@scope/<name> in its path. */
function packageRootOf(file) {
  const parts = file.split(path.sep);
  const index = parts.lastIndexOf("node_modules");
  if (index < 0) return undefined;
  const length = parts[index + 1]?.startsWith("@") ? 3 : 2;
  return parts.slice(0, index + length).join(path.sep);
}

function filesNamed(root, pattern) {
  return readdirSync(root)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => readFileSync(path.join(root, name), "utf8").trim());
}

/** The "License" section of a README, for packages that put their license text only there. */
function readmeLicenseSection(root) {
  const readme = readdirSync(root).find((name) => /^readme(\.md)?$/i.test(name));
  if (!readme) return undefined;
  const match = /^(#+) *licen[cs]e *\n([\s\S]*?)(?=^#{1,6} |(?![\s\S]))/im.exec(readFileSync(path.join(root, readme), "utf8"));
  return match?.[2].trim() || undefined;
}

function describePackage(root) {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const license = typeof manifest.license === "string" ? manifest.license : manifest.license?.type;
  return {
    name: manifest.name,
    version: manifest.version,
    license,
    repository: typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url,
    texts: filesNamed(root, /^(licen[cs]e|copying)([.-][\w.-]+)?$/i),
    readmeLicense: readmeLicenseSection(root),
    notices: filesNamed(root, /^notice(\.(md|txt))?$/i),
  };
}

/**
 * One instance serves every bundle of the build: each bundle adds its packages, and the file
 * written after the last bundle lists the packages of all of them.
 */
export function bundledLicenses({ fileName = "licenses.txt", project }) {
  const roots = new Set();
  const bundles = new Set();
  return {
    name: "bundled-licenses",
    generateBundle(options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== "chunk") continue;
        if (chunk.isEntry) bundles.add(`dist/${chunk.fileName}`);
        for (const [id, module] of Object.entries(chunk.modules)) {
          if (module.renderedLength === 0) continue;
          // Plugin-made ids: "\0/path/file.js?commonjs-module".
          const file = id.replace(/^\0/, "").replace(/\?.*$/, "");
          const root = packageRootOf(file);
          if (root && existsSync(path.join(root, "package.json"))) roots.add(root);
        }
      }
      // The same package may be installed twice (nested under two dependents): listed once.
      const unique = new Map([...roots].map(describePackage).map((entry) => [`${entry.name}@${entry.version}`, entry]));
      const packages = [...unique.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
      const unlicensed = packages.filter((entry) => !entry.license);
      if (unlicensed.length > 0) this.error(`Bundled packages without a license in their package.json: ${unlicensed.map((entry) => entry.name).join(", ")}`);
      const sections = packages.map((entry) =>
        [
          `${entry.name}@${entry.version}`,
          `License: ${entry.license}`,
          ...(entry.repository ? [`Repository: ${entry.repository}`] : []),
          "",
          entry.texts.length > 0
            ? entry.texts.join("\n\n")
            : entry.readmeLicense
              ? `(From the License section of the package's README: it ships no license file.)\n\n${entry.readmeLicense}`
              : `(The package ships no license text; its package.json declares ${entry.license}.)`,
          ...entry.notices.map((notice) => `\nNOTICE:\n${notice}`),
        ].join("\n"),
      );
      const header = `${project} bundles the following ${packages.length} packages into ${[...bundles].join(" and ")}. Their licenses follow.`;
      this.emitFile({ type: "asset", fileName, source: `${header}\n\n${sections.join(`\n\n${"-".repeat(80)}\n\n`)}\n` });
    },
  };
}
