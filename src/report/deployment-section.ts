// The Zeabur part of the job summary: what was uploaded, which deployment it started, how it
// ended, and, when it did not succeed, the build log lines that say why. Pure.
import { classifyDeploymentStatus } from "../zeabur/protocol.js";
import { codeBlock, inlineCode, table } from "./markdown.js";

export interface DeploymentSectionInput {
  readonly upload?: { readonly uploadId: string; readonly attempts: number; readonly bytes?: number };
  readonly deployment?: { readonly deploymentId: string; readonly deploymentUrl: string };
  /** Absent when the run did not wait for the deployment (or never got to it). */
  readonly result?: {
    readonly status: string;
    readonly buildLogTail: readonly string[];
    readonly runtimeLogTail?: readonly string[];
    readonly previousDeployment?: { readonly id: string; readonly url?: string };
  };
  /** Set when the deployment reported RUNNING and then turned unhealthy. */
  readonly unhealthy?: boolean;
}

function describeStatus(status: string): string {
  if (!status) return "⏱️ not read before the wait ended";
  switch (classifyDeploymentStatus(status)) {
    case "succeeded":
      return `✅ ${inlineCode(status)}`;
    case "failed":
      return `❌ ${inlineCode(status)}`;
    case "in-progress":
      return `⏱️ still ${inlineCode(status)} when the wait ended`;
  }
}

function linkTo(text: string, url: string): string {
  // Only web links: the URL comes from a remote answer and ends up rendered as a link.
  return /^https?:\/\//i.test(url) ? `[${text}](${url.replace(/[()\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)})` : `${text} (${url})`;
}

export function renderDeploymentSection(input: DeploymentSectionInput): string {
  const rows: string[][] = [];
  if (input.upload) {
    const sent = input.upload.attempts === 1 ? "sent once" : `sent ${input.upload.attempts} times`;
    const size = input.upload.bytes === undefined ? "" : `, ${input.upload.bytes.toLocaleString("en-US")} bytes`;
    rows.push(["Upload", `${inlineCode(input.upload.uploadId)} (${sent}${size})`]);
  } else {
    rows.push(["Upload", "not done"]);
  }
  if (input.deployment) {
    rows.push(["Deployment", linkTo(inlineCode(input.deployment.deploymentId), input.deployment.deploymentUrl)]);
    rows.push(["Status", input.result ? describeStatus(input.result.status) : "not followed (wait: false)"]);
  }

  const previous = input.result?.previousDeployment;
  if (input.unhealthy && previous) {
    rows.push(["Previous running deployment", previous.url ? linkTo(inlineCode(previous.id), previous.url) : inlineCode(previous.id)]);
  }
  const parts = ["### Zeabur deployment", table(["", ""], rows)];
  const tail = input.result?.buildLogTail ?? [];
  const succeeded = input.result !== undefined && classifyDeploymentStatus(input.result.status) === "succeeded";
  if (!succeeded && tail.length > 0) {
    parts.push(`#### Last ${tail.length} build log ${tail.length === 1 ? "line" : "lines"}`, codeBlock(tail.join("\n")));
  }
  const runtime = input.result?.runtimeLogTail ?? [];
  if (runtime.length > 0) {
    parts.push(`#### Last ${runtime.length} runtime log ${runtime.length === 1 ? "line" : "lines"}`, codeBlock(runtime.join("\n")));
  }
  return parts.join("\n\n");
}
