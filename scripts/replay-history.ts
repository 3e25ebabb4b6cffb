// npm run replay-history -- <path to a clone or mirror> [--migrations <dir>] [--last <n>] [--ref <commit>]
// Replays the last n (default 25) migration-adding commits of a real Prisma project as pull
// requests and prints every finding as a markdown table (docs/real-histories.md records the
// verdicts). Nothing of the project is copied into this repository.
// npm run replay-history -- --generated: the same for the generated history that npm test replays.
import path from "node:path";
import { GENERATED_MIGRATIONS_DIR, generatedHistory, generatedPullRequests } from "./generated-history.js";
import { renderReplay, replayPullRequest, replayPullRequests } from "./real-history.js";

const args = process.argv.slice(2);
if (args[0] === "--generated") {
  const replayed = generatedPullRequests(generatedHistory()).map((pullRequest) => replayPullRequest(pullRequest, GENERATED_MIGRATIONS_DIR));
  console.log(renderReplay("generated", replayed));
  process.exit(0);
}
const option = (name: string) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args.splice(at, 2)[1];
};
const migrationsDir = option("--migrations");
const count = Number(option("--last") ?? 25);
const ref = option("--ref");
const [repo] = args;
if (!repo || !Number.isInteger(count) || count < 1) {
  console.error("Usage: npm run replay-history -- <path to a git clone> [--migrations <dir>] [--last <n>] [--ref <commit>], or -- --generated");
  process.exit(2);
}
console.log(renderReplay(path.basename(path.resolve(repo)), replayPullRequests(repo, { migrationsDir, count, ref })));
