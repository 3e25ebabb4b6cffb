// The index only decides which rules the `ignore` package is asked about: its verdict on every
// path must be the package's own over the whole list.
import fc from "fast-check";
import ignore from "ignore";
import { IndexedIgnore, requiredSegment } from "../../src/zeabur/indexed-ignore.js";

const names = ["build", "cache", "keep.txt", "a", "b", ".env", "node_modules", "x.tmp", "日本"];
const segment = fc.oneof(fc.constantFrom(...names), fc.constantFrom("*", "**", "*.tmp", "b*", "?", "[ab]", "."));
const pattern = fc
  .tuple(
    fc.constantFrom("", "!", "/", "**/", "#", "\\#", " "),
    fc.array(segment, { minLength: 1, maxLength: 3 }),
    fc.constantFrom("", "/", " ", "\\ ", "/**"),
  )
  .map(([prefix, segments, suffix]) => `${prefix}${segments.join("/")}${suffix}`);
const pathOf = fc
  .tuple(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([segments, folder]) => `${segments.join("/")}${folder ? "/" : ""}`);

test("every path gets the verdict and the rule the package gives over the whole list", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(pattern, fc.constantFrom("", "   ", "#", "# build")), { maxLength: 12 }), fc.array(pathOf, { minLength: 1, maxLength: 8 }), (patterns, paths) => {
      // Two lists, as an ignore file and the exclude input are: each rule keeps its list's mark.
      const split = Math.floor(patterns.length / 2);
      const lists = [
        { mark: "file", patterns: patterns.slice(0, split) },
        { mark: "input", patterns: patterns.slice(split) },
      ];
      const indexed = new IndexedIgnore(lists, { ignorecase: false });
      const whole = ignore({ ignorecase: false }).add(lists.flatMap((list) => list.patterns.map((text) => ({ pattern: text, mark: list.mark }))));
      for (const path of paths) {
        const expected = whole.test(path);
        const actual = indexed.test(path);
        expect({ path, ignored: actual.ignored, unignored: actual.unignored, rule: actual.rule?.mark }).toEqual({
          path,
          ignored: expected.ignored,
          unignored: expected.unignored,
          rule: expected.rule?.mark,
        });
      }
    }),
    { numRuns: 400 },
  );
});

test("a rule is indexed under a literal segment it requires, and left to every path otherwise", () => {
  expect(requiredSegment("build-7/")).toBe("build-7");
  expect(requiredSegment("**/cache-1/*.tmp")).toBe("cache-1");
  expect(requiredSegment("!keep-3.txt")).toBe("keep-3.txt");
  expect(requiredSegment("/src/generated")).toBe("generated");
  for (const general of ["*.log", "foo\\ ", "build ", " build", "\\#x", "**"]) expect(requiredSegment(general)).toBeUndefined();
});

test("a 100,000-line ignore file leaves an ordinary path to the rules that name its segments", () => {
  const lines = Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? `build-${i}/` : `!keep-${i}.txt`));
  const indexed = new IndexedIgnore([{ mark: "file", patterns: [...lines, "*.log"] }], { ignorecase: false });
  expect(indexed.test("src/main.js").ignored).toBe(false);
  expect(indexed.test("app.log").ignored).toBe(true);
  expect(indexed.test("build-40/").ignored).toBe(true);
  expect(indexed.test("deep/build-40/x.js").ignored).toBe(true);
  expect(indexed.test("build-41/").ignored).toBe(false);
});
