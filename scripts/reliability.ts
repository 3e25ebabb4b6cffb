// npm run reliability: runs the fault tests with Jest's JSON report, then writes RELIABILITY.md
// from it (scripts/reliability-report.ts). `-- --from report.json` reuses a report instead.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repositoryRoot } from "./action-metadata.js";
import { countReliability, renderReliability, type FaultDeclaration, type SecretScan, type TestOutcome } from "./reliability-report.js";

const records = path.join(repositoryRoot, "__tests__", ".work", "reliability");

function readJsonLines<T>(prefix: string): T[] {
  if (!existsSync(records)) return [];
  return readdirSync(records)
    .filter((file) => file.startsWith(prefix) && file.endsWith(".jsonl"))
    .flatMap((file) => readFileSync(path.join(records, file), "utf8").split("\n").filter(Boolean))
    .map((line) => JSON.parse(line) as T);
}

const fromIndex = process.argv.indexOf("--from");
let reportFile: string;
if (fromIndex > 0) {
  reportFile = path.resolve(process.argv[fromIndex + 1]);
} else {
  rmSync(records, { recursive: true, force: true });
  reportFile = path.join(mkdtempSync(path.join(tmpdir(), "reliability-")), "jest.json");
  const jest = spawnSync(
    process.execPath,
    ["--experimental-vm-modules", path.join(repositoryRoot, "node_modules", "jest", "bin", "jest.js"), "__tests__/faults", "--json", `--outputFile=${reportFile}`],
    { cwd: repositoryRoot, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (!existsSync(reportFile)) {
    console.error(`Jest wrote no report (exit code ${jest.status}); RELIABILITY.md was not changed.`);
    process.exit(1);
  }
}

const report = JSON.parse(readFileSync(reportFile, "utf8")) as { testResults: Array<{ assertionResults: TestOutcome[] }> };
const outcomes = report.testResults.flatMap((file) => file.assertionResults.map(({ title, status }) => ({ title, status })));
// A declaration is recorded once per process that loaded the test file; keep one per id.
const declarations = [...new Map(readJsonLines<FaultDeclaration>("cases-").map((declaration) => [declaration.id, declaration])).values()];
const scans = readJsonLines<SecretScan>("secret-scans-");

writeFileSync(path.join(repositoryRoot, "RELIABILITY.md"), renderReliability(declarations, outcomes, scans, new Date()));
const counts = countReliability(declarations, outcomes, scans);
console.log(
  `RELIABILITY.md: ${counts.injected} faults injected, ${counts.survived} survived with the right outcome, ${counts.failed} failed, ${counts.secretsFound} secrets found in ${counts.secretScans} scans.`,
);
process.exit(counts.failed > 0 || counts.notRun > 0 || counts.secretsFound > 0 ? 1 : 0);
