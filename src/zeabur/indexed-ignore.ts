// Gitignore-style rules, decided by the `ignore` package, but indexed so that a path is tested
// only against the rules that can match it. The package compiles a regular expression for every
// rule it tests a path against; a 100,000-line ignore file then costs hundreds of megabytes at
// the first path. Most rules name a literal path segment (`build-7/`, `**/cache/*.tmp`,
// `!keep.txt`): such a rule can only match a path that has that segment, so it is only handed
// to the package for such paths. The verdict is the package's own: a rule that cannot match a
// path does not change it, and the candidates keep their order. Pure.
import ignore, { type Ignore, type TestResult } from "ignore";

/** Patterns from one source (an ignore file, an input), in order, and the mark their rules carry. */
export interface PatternList {
  readonly mark: string;
  readonly patterns: readonly string[];
}

/** Characters that make a segment a glob rather than a name. */
const GLOB = /[*?[\]]/;

/**
 * A path segment every path the rule matches must have, or undefined when the rule is left to
 * the package for every path: escapes and surrounding spaces (which the package reads by rules
 * of its own), and rules with no literal segment (`*.log`).
 */
export function requiredSegment(pattern: string): string | undefined {
  if (pattern.includes("\\") || pattern.trim() !== pattern) return undefined;
  const segments = (pattern.startsWith("!") ? pattern.slice(1) : pattern).split("/").filter((segment) => segment !== "");
  const literals = segments.filter((segment) => !GLOB.test(segment) && segment !== "." && segment !== "..");
  return literals.at(-1);
}

export class IndexedIgnore {
  /** Every list's patterns, in order; a rule is its index here (a plain string each, for memory). */
  private readonly patterns: string[] = [];
  /** The mark of each list, by the index its patterns start at. */
  private readonly marks: { readonly from: number; readonly mark: string }[] = [];
  private readonly bySegment = new Map<string, number[]>();
  /** Rules tried on every path, by index. */
  private readonly everywhere: number[] = [];
  /** One instance of the package per set of candidate rules met so far, by the set's indexes. */
  private readonly instances = new Map<string, Ignore>();

  constructor(
    lists: readonly PatternList[],
    private readonly options: { readonly ignorecase: boolean },
  ) {
    for (const list of lists) {
      this.marks.push({ from: this.patterns.length, mark: list.mark });
      for (const pattern of list.patterns) this.index(pattern, this.patterns.push(pattern) - 1);
    }
  }

  private index(pattern: string, index: number): void {
    // Comments and blank lines are no rules: left out, they cost nothing per path.
    if (pattern.startsWith("#") || pattern.trim() === "") return;
    // Case-insensitive matching would need the index to fold case: then every rule is tried.
    const segment = this.options.ignorecase ? undefined : requiredSegment(pattern);
    if (segment === undefined) {
      this.everywhere.push(index);
      return;
    }
    const indexes = this.bySegment.get(segment);
    if (indexes) indexes.push(index);
    else this.bySegment.set(segment, [index]);
  }

  private markOf(index: number): string {
    return this.marks.findLast((list) => list.from <= index)?.mark ?? "";
  }

  /** The package's verdict on `path` (relative, `/`-separated, a folder with a trailing `/`). */
  test(path: string): TestResult {
    const candidates = new Set(this.everywhere);
    for (const segment of path.split("/")) for (const index of this.bySegment.get(segment) ?? []) candidates.add(index);
    const ordered = [...candidates].sort((a, b) => a - b);
    const key = ordered.join(",");
    let instance = this.instances.get(key);
    if (!instance) {
      const rules = ordered.map((index) => ({ pattern: this.patterns[index], mark: this.markOf(index) }));
      instance = ignore({ ignorecase: this.options.ignorecase }).add(rules);
      this.instances.set(key, instance);
    }
    return instance.test(path);
  }
}
