// action.yml read the way GitHub's runner reads it: as strict YAML, where a duplicate key or an
// unquoted `: ` inside a plain scalar is an error that fails the step before the action runs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface ActionInput {
  description: string;
  default?: string;
  required?: boolean;
}

export interface ActionMetadata {
  name: string;
  description: string;
  author?: string;
  branding?: { icon?: string; color?: string };
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; pre?: string; post?: string };
}

/** Parses action.yml text; throws with every parse error and warning, as the runner would refuse it. */
export function parseActionMetadata(text: string, file = "action.yml"): ActionMetadata {
  const document = parseDocument(text, { strict: true, uniqueKeys: true, prettyErrors: true });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) {
    throw new Error(`${file} is not valid YAML:\n${problems.map((problem) => problem.message).join("\n")}`);
  }
  return document.toJS() as ActionMetadata;
}

export function readActionMetadata(root = repositoryRoot): ActionMetadata {
  const file = path.join(root, "action.yml");
  return parseActionMetadata(readFileSync(file, "utf8"), file);
}
