// npm run docs: regenerates README's tables from action.yml and src/.
// npm run docs -- --check: exits 1, naming the stale tables, when README is not what it would write.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readActionMetadata, repositoryRoot, type ActionMetadata } from "./action-metadata.js";
import { regenerateReadme, staleSections } from "./readme-tables.js";

const readmePath = path.join(repositoryRoot, "README.md");
const readme = readFileSync(readmePath, "utf8");
let action: ActionMetadata;
try {
  action = readActionMetadata();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

if (process.argv.includes("--check")) {
  const stale = staleSections(readme, action);
  if (stale.length > 0) {
    console.error(`README.md is stale: its generated ${stale.join(", ")} table(s) differ from action.yml and src/. Run 'npm run docs' and commit README.md.`);
    process.exit(1);
  }
  console.log("README.md's generated tables are current.");
} else {
  const fresh = regenerateReadme(readme, action);
  if (fresh !== readme) writeFileSync(readmePath, fresh);
  console.log(fresh === readme ? "README.md was already current." : "README.md: tables regenerated.");
}
