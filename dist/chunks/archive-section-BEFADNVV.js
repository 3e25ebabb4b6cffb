/** Paths listed per list; the summary stays readable and far below GitHub's size limit. */
const LISTED_PATHS = 30;
const PATH_DISPLAY_LIMIT = 160;
const REASON_TEXT = {
    "ignore-file": "ignore file",
    "exclude-input": "`exclude` input",
    "env-file": "env file",
    symlink: "symbolic link",
    "git-dir": "`.git`",
};
function formatBytes(bytes) {
    const units = ["KiB", "MiB", "GiB"];
    if (bytes < 1024)
        return `${bytes} B`;
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}
/** A code span that survives backticks and overlong names in a path. */
function code(text) {
    const shown = text.length > PATH_DISPLAY_LIMIT ? `${text.slice(0, PATH_DISPLAY_LIMIT)}…` : text;
    const longestRun = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longestRun + 1);
    const pad = shown.startsWith("`") || shown.endsWith("`") ? " " : "";
    return `${fence}${pad}${shown}${pad}${fence}`;
}
function pathList(paths, total) {
    const listed = paths.slice(0, LISTED_PATHS).map(code).join(", ");
    return total > LISTED_PATHS ? `${listed} and ${(total - LISTED_PATHS).toLocaleString("en")} more` : listed;
}
function ignoreRulesText(archive) {
    if (archive.ignoreFile === ".zeaburignore")
        return "`.zeaburignore` at the root (it replaces `.gitignore`, as in Zeabur's CLI)";
    if (archive.ignoreFile === ".gitignore")
        return "`.gitignore` at the root (no `.zeaburignore`; nested ignore files are not applied, as in Zeabur's CLI)";
    return "none: no `.zeaburignore` or `.gitignore` at the root";
}
function renderArchiveSection(archive) {
    const lines = [
        "### Uploaded archive",
        "",
        "| | |",
        "|---|---|",
        `| Files | ${archive.files.toLocaleString("en")} |`,
        `| Size | ${formatBytes(archive.bytes)} (${archive.bytes.toLocaleString("en")} bytes) |`,
        `| SHA-256 (base64) | \`${archive.sha256Base64}\` |`,
        `| Ignore rules | ${ignoreRulesText(archive)} |`,
        `| Left out | ${archive.excludedCount.toLocaleString("en")} entr${archive.excludedCount === 1 ? "y" : "ies"} |`,
        "",
    ];
    if (archive.envFilesExcluded.length > 0) {
        lines.push(`**Env files not uploaded** (they usually hold secrets): ${pathList(archive.envFilesExcluded, archive.envFilesExcluded.length)}. ` +
            "To upload one, add a negation such as `!.env.production` to the `exclude` input; secrets are safer as Zeabur variables.", "");
    }
    if (archive.symlinksSkipped.length > 0) {
        lines.push(`**Symbolic links skipped** (never followed): ${pathList(archive.symlinksSkipped, archive.symlinksSkipped.length)}. ` +
            "Copy what they point to into the folder if the deployment needs it.", "");
    }
    if (archive.excludedCount > 0) {
        const listed = archive.excluded.slice(0, LISTED_PATHS);
        lines.push(`<details><summary>Left out (${archive.excludedCount.toLocaleString("en")})</summary>`, "");
        for (const entry of listed)
            lines.push(`- ${code(entry.path)}: ${REASON_TEXT[entry.reason]}`);
        if (archive.excludedCount > listed.length)
            lines.push(`- … and ${(archive.excludedCount - listed.length).toLocaleString("en")} more`);
        lines.push("", "</details>", "");
    }
    return lines.join("\n");
}

export { formatBytes as f, renderArchiveSection as r };
