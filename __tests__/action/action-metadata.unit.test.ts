// action.yml as GitHub's runner reads it, held against the code: the inputs the settings read,
// their defaults, the outputs the action sets and the failure reasons it can report.
import { existsSync } from "node:fs";
import path from "node:path";
import { FAILURE_REASONS } from "../../src/failure-reasons.js";
import { OPTIONS } from "../../src/options.js";
import { collectOutputs, OUTPUT_NAMES } from "../../src/outputs.js";
import { newRunReport } from "../../src/report/run-report.js";
import { parseActionMetadata, readActionMetadata, repositoryRoot } from "../../scripts/action-metadata.js";

const action = readActionMetadata();
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

describe("action.yml parses as strict YAML", () => {
  test("the committed file", () => {
    expect(action.name).toBe("Prisma Gated Deploy");
  });

  test("an unquoted ': ' inside a plain scalar is refused, as the runner refuses it", () => {
    expect(() => parseActionMetadata("inputs:\n  base-ref:\n    description: check only: the branch\n")).toThrow(/not valid YAML/);
  });

  test("a duplicate key is refused", () => {
    expect(() => parseActionMetadata("name: a\nname: b\n")).toThrow(/not valid YAML/);
  });
});

describe("runs", () => {
  test("node24, the runtime GitHub runs JavaScript actions with", () => {
    expect(action.runs.using).toBe("node24");
  });

  test("main is the committed bundle", () => {
    expect(action.runs.main).toBe("dist/index.js");
    expect(existsSync(path.join(repositoryRoot, action.runs.main))).toBe(true);
  });
});

describe("inputs: action.yml and the options table", () => {
  test("the same names, in the same order", () => {
    expect(Object.keys(action.inputs)).toEqual(OPTIONS.map((option) => option.name));
  });

  test.each(OPTIONS.map((option) => [option.name, option] as const))("%s: same default and description", (name, option) => {
    const declared = action.inputs[name];
    // The runner gives an input without a default the empty string.
    expect(String(declared.default ?? "")).toBe(option.default);
    expect(oneLine(declared.description)).toBe(oneLine(option.description));
  });

  test("none is required: true (requirements depend on the command; the settings enforce them with a clear message)", () => {
    expect(Object.entries(action.inputs).filter(([, input]) => input.required === true)).toEqual([]);
  });
});

describe("outputs", () => {
  test("declared outputs are the outputs the action sets", () => {
    expect(Object.keys(action.outputs)).toEqual([...OUTPUT_NAMES]);
    expect(Object.keys(collectOutputs(newRunReport()))).toEqual(Object.keys(action.outputs));
  });

  test("failure-reason's description lists exactly the reasons the code can report", () => {
    const description = oneLine(action.outputs["failure-reason"].description);
    const listed = description.replace(/^Empty on success; otherwise /, "").replace(/\.$/, "").split(/, | or /);
    expect(listed).toEqual(FAILURE_REASONS.map((reason) => reason.id));
  });
});

describe("marketplace metadata", () => {
  test("description under 125 characters (the release form refuses longer)", () => {
    expect(action.description.length).toBeLessThan(125);
  });

  test("branding uses one of the colours the marketplace accepts", () => {
    expect(["white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"]).toContain(action.branding?.color);
    expect(action.branding?.icon).toMatch(/^[a-z0-9-]+$/);
  });
});
