import { ansiCQuote, isUtf8, utf8Replacement } from "../../src/file-names.js";

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));

describe("file names that are not UTF-8", () => {
  test.each([
    ["plain", bytes("20260101000000_init"), true],
    ["accents and emoji", bytes("café-日本語-🚀"), true],
    ["a Latin-1 byte", bytes("caf", [0xe9]), false],
    ["an overlong slash", bytes([0xc0, 0xaf]), false],
    ["a surrogate", bytes([0xed, 0xa0, 0x80]), false],
    ["a cut sequence", bytes("x", [0xe6, 0x97]), false],
  ])("%s", (_name, name, valid) => {
    expect(isUtf8(name)).toBe(valid);
  });

  test("shown as bash's $'…': bad bytes and control characters as \\xNN, quotes and backslashes escaped, the rest as it is", () => {
    expect(ansiCQuote(bytes("20260102000000_caf", [0xe9], "_it's\\é\n"))).toBe("$'20260102000000_caf\\xe9_it\\'s\\\\é\\x0a'");
  });

  test("the name to rename it to: each bad byte as _", () => {
    expect(utf8Replacement(bytes("caf", [0xe9], "-ok-", [0xff, 0xfe]))).toBe("caf_-ok-__");
  });
});
