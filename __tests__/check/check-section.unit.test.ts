import { describe, expect, it } from "@jest/globals";
import type { HistoryFinding } from "../../src/check/history.js";
import { RULES } from "../../src/check/rules.js";
import { lintMigrations } from "../../src/check/sql-lint.js";
import { renderCheckSection } from "../../src/report/check-section.js";

const FILE = "prisma/migrations/20240301000000_cleanup/migration.sql";
const SQL = `SET lock_timeout = '5s';
-- gate:ignore drop-table replaced by "Event" in March, no reader left
DROP TABLE "AuditLog";
ALTER TABLE "User" DROP COLUMN "legacy", ADD COLUMN "a|b" TEXT NOT NULL;
ALTER TABLE "Post" DROP COLUMN "draft";
`;

const EDITED: HistoryFinding = {
  kind: "edited",
  severity: "error",
  file: "20240101000000_init/migration.sql",
  line: 3,
  message: "Migration 20240101000000_init exists on the base branch and was edited.",
  fix: "Revert the edit.",
};

describe("renderCheckSection", () => {
  it("says all clear when there is nothing to report", () => {
    expect(renderCheckSection({ lint: [], history: [] })).toContain("✅ All clear");
  });

  it("stays all clear when every finding is suppressed, and still lists the suppressions", () => {
    const lint = lintMigrations([{ path: FILE, sql: `SET lock_timeout = '5s';\n-- gate:ignore drop-table no reader left\nDROP TABLE "AuditLog";` }]);
    const markdown = renderCheckSection({ lint, history: [] });
    expect(markdown).toContain("✅ All clear");
    expect(markdown).toContain("1 finding suppressed");
    expect(markdown).toContain(`- \`drop-table\` at \`${FILE}:3\`: no reader left`);
  });

  it("renders one table per file with rule, severity, line and message, and the explanations folded", () => {
    const lint = lintMigrations([{ path: FILE, sql: SQL }]);
    const markdown = renderCheckSection({ lint, history: [] });
    expect(markdown).toContain("**3 errors, 0 warnings**, 1 suppressed.");
    expect(markdown.match(/^#### /gm)).toHaveLength(1);
    expect(markdown).toContain(`#### \`${FILE}\``);
    expect(markdown).toContain('| `drop-column` | ❌ error | 4 | Drops column "legacy" of existing table "User".<br>`ALTER TABLE "User" DROP COLUMN "legacy"` |');
    expect(markdown).toContain('| `add-required-column-without-default` | ❌ error | 4 | Adds required column "a\\|b"');
    expect(markdown).toContain("<details><summary>Why it hurts and the safe sequence</summary>");
    expect(markdown.split(RULES["drop-column"].why)).toHaveLength(2);
    expect(markdown).toContain(RULES["drop-column"].safeSequence);
    expect(markdown).not.toContain(RULES["drop-table"].why);
    expect(markdown).toContain('- `drop-table` at `' + FILE + ':3`: replaced by "Event" in March, no reader left');
  });

  it("lists history findings with their path under the migrations folder and the fix", () => {
    const markdown = renderCheckSection({ lint: [], history: [EDITED], migrationsDir: "prisma/migrations/" });
    expect(markdown).toContain("**1 error, 0 warnings**.");
    expect(markdown).toContain("- ❌ **edited** `prisma/migrations/20240101000000_init/migration.sql` line 3: Migration 20240101000000_init exists on the base branch and was edited. *Fix:* Revert the edit.");
  });

  it("links rule ids to the rules documentation when its address is given", () => {
    const lint = lintMigrations([{ path: FILE, sql: SQL }]);
    const markdown = renderCheckSection({ lint, history: [], rulesUrl: "https://example.com/docs/rules.md" });
    expect(markdown).toContain("[`drop-column`](https://example.com/docs/rules.md#drop-column)");
  });
});
