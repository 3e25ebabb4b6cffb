import { renderDeploymentSection } from "../../src/report/deployment-section.js";

const deployment = {
  deploymentId: "0123456789abcdef01234567",
  deploymentUrl: "https://zeabur.com/projects/p/services/s/deployments/0123456789abcdef01234567?envID=e",
};

describe("renderDeploymentSection", () => {
  test("a running deployment: upload, link, status, no log", () => {
    const markdown = renderDeploymentSection({
      upload: { uploadId: "up1", attempts: 1, bytes: 1234567 },
      deployment,
      result: { status: "RUNNING", buildLogTail: ["should not show"] },
    });
    expect(markdown).toContain("### Zeabur deployment");
    expect(markdown).toContain("`up1` (sent once, 1,234,567 bytes)");
    expect(markdown).toContain(`[\`${deployment.deploymentId}\`](${deployment.deploymentUrl})`);
    expect(markdown).toContain("✅ `RUNNING`");
    expect(markdown).not.toContain("should not show");
  });

  test("a failed deployment shows its last build log lines in a code block", () => {
    const markdown = renderDeploymentSection({
      upload: { uploadId: "up1", attempts: 3 },
      deployment,
      result: { status: "FAILED", buildLogTail: ["npm ERR! missing script: build", "error: exit 1"] },
    });
    expect(markdown).toContain("sent 3 times");
    expect(markdown).toContain("❌ `FAILED`");
    expect(markdown).toContain("#### Last 2 build log lines\n\n```\nnpm ERR! missing script: build\nerror: exit 1\n```");
  });

  test("a wait that ended before the deployment did says so", () => {
    const markdown = renderDeploymentSection({ deployment, result: { status: "BUILDING", buildLogTail: ["step 3"] } });
    expect(markdown).toContain("still `BUILDING` when the wait ended");
    expect(markdown).toContain("step 3");
  });

  test("without waiting, and before any upload", () => {
    expect(renderDeploymentSection({ upload: { uploadId: "u", attempts: 1 }, deployment })).toContain("not followed (wait: false)");
    expect(renderDeploymentSection({})).toContain("| Upload | not done |");
  });

  test("log lines with fences and URLs that are not web links cannot break the markdown", () => {
    const markdown = renderDeploymentSection({
      deployment: { deploymentId: "d", deploymentUrl: "javascript:alert(1)" },
      result: { status: "CRASHED", buildLogTail: ["```", "done"] },
    });
    expect(markdown).not.toContain("](javascript:");
    expect(markdown).toContain("````\n```\ndone\n````");
  });
});
