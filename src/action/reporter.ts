// The reporting port as GitHub shows it: log lines, annotations on files, collapsible groups,
// masked secrets. The only place, with the GitHub adapters, that speaks to @actions/core.
import * as core from "@actions/core";
import type { Reporter, SourceLocation } from "../core/ports.js";
import { redact, registerSecret } from "../redact.js";
import { inertForRunner } from "../report/workflow-commands.js";

function annotation(at: SourceLocation | undefined): core.AnnotationProperties | undefined {
  return at && { file: at.file, startLine: at.line, title: at.title && redact(at.title) };
}

/**
 * Plain log lines are the one way text reaches stdout unescaped (@actions/core escapes line breaks
 * in the data of warnings, errors, notices, debug lines and group titles): a migration's name or
 * Prisma's output in one must not act as a workflow command.
 */
function logLine(message: string): void {
  core.info(inertForRunner(redact(message)));
}

export function actionReporter(): Reporter {
  return {
    info: logLine,
    warning: (message, at) => core.warning(redact(message), annotation(at)),
    error: (message, at) => core.error(redact(message), annotation(at)),
    notice: (message, at) => core.notice(redact(message), annotation(at)),
    debug: (message) => core.debug(redact(message)),
    // A log has no line to rewrite: each state of a wait is one line.
    progress: logLine,
    async step(title, body) {
      core.startGroup(redact(title));
      try {
        return await body();
      } finally {
        core.endGroup();
      }
    },
    registerSecret(secret) {
      if (registerSecret(secret)) core.setSecret(secret);
    },
  };
}
