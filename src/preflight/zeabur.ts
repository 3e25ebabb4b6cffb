// Whether Zeabur will take the deploy, judged from one read-only GraphQL answer before the
// first change: the key (`me`), the service (`service(_id:)`) and the environment
// (`environment(_id:)`), and that the environment is one of the service's project. Pure.
// The query shapes are those of Zeabur's CLI (pkg/api: GetUserInfo, GetService, GetEnvironment);
// stand-ins/fake-zeabur.ts says which answer comes from which source.
import { GateError } from "../errors.js";
import { describeErrorAnswer, excerptOfBody, type OptionSpelling } from "../zeabur/protocol.js";
import { shellQuote } from "../report/shell.js";
import { failedCheck, type Judged } from "./checks.js";

export interface GraphqlError {
  readonly message?: string;
  /** The field the error belongs to, e.g. ["service"]: GraphQL's own rule for field errors. */
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: { readonly code?: string };
}

interface TargetData {
  me?: { username?: string } | null;
  service?: { _id: string; name?: string; project?: { _id: string; name?: string } | null } | null;
  environment?: { _id: string; name?: string; projectID?: string } | null;
}

export interface TargetIds {
  readonly serviceId: string;
  readonly environmentId: string;
  readonly apiUrl: string;
}

export type TargetVerdict =
  /** Asking again may give another answer: the network, a 5xx, a rate limit. */
  | { readonly kind: "retry"; readonly why: string }
  /** `mismatch` is set when the environment belongs to another project: that project's environments name the right id. */
  | { readonly kind: "judged"; readonly checks: Judged[]; readonly mismatch?: EnvironmentMismatch };

/** Codes Zeabur's GraphQL gives for a moment's trouble rather than for the request. */
const TRANSIENT_CODES = new Set(["INTERNAL_SERVER_ERROR", "RATE_LIMITED", "TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE"]);
/** The server could not run the query at all: its schema no longer has a field the action asks for. */
const QUERY_REFUSED_CODES = new Set(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_REQUEST"]);

function said(error: GraphqlError): string {
  return [error.extensions?.code, error.message].filter(Boolean).join(": ") || "no message";
}

const ID_HELP = "Copy it from the service's page in the Zeabur dashboard: …/projects/<project>/services/<service id>?envID=<environment id>.";

/**
 * The verdict on one answer to DEPLOY_TARGET_QUERY. `status` is the HTTP status, `body` the
 * raw answer. Failures name the input to fix and are `invalid-input`: the run has touched
 * nothing, and only the input can make the deploy work. A Zeabur that cannot answer at all is
 * `zeabur-api-error`: an upload now would meet the same trouble after the migrations ran.
 */
export function judgeDeployTarget(status: number, body: string, ids: TargetIds, name: OptionSpelling): TargetVerdict {
  let parsed: { data?: TargetData | null; errors?: GraphqlError[] } | undefined;
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const errors = parsed?.errors ?? [];
  if (status === 401 || errors.some((error) => error.extensions?.code === "UNAUTHENTICATED")) {
    const why = errors.length > 0 ? errors.map(said).join("; ") : describeErrorAnswer(status, body);
    return judged(
      failedCheck(
        "Zeabur",
        name("zeabur-api-key"),
        new GateError("invalid-input", `Zeabur refused ${name("zeabur-api-key")} (HTTP ${status}, ${why}): the key is wrong, revoked or expired. Nothing was migrated or deployed.`, [
          `Create an API key in the Zeabur dashboard (Settings → Developer) and give it as ${name("zeabur-api-key")}; in a workflow, from a secret: \`gh secret set ZEABUR_API_KEY\`.`,
          `Check the key works: \`curl -sS -H "Authorization: Bearer $ZEABUR_API_KEY" -H 'Content-Type: application/json' -d '{"query":"{ me { username } }"}' ${shellQuote(`${ids.apiUrl}/graphql`)}\``,
        ]),
      ),
    );
  }
  if (status === 429 || status >= 500) return { kind: "retry", why: describeErrorAnswer(status, body) };
  if (!parsed || typeof parsed !== "object") {
    return judged(
      failedCheck(
        "Zeabur",
        name("zeabur-api-url"),
        new GateError("zeabur-api-error", `Zeabur's GraphQL API at ${ids.apiUrl}/graphql did not answer GraphQL (HTTP ${status}: ${excerptOfBody(body) || "an empty body"}). Nothing was migrated or deployed.`, [
          `Check ${name("zeabur-api-url")}: leave it empty for https://api.zeabur.com.`,
        ]),
      ),
    );
  }
  const fieldErrors = (field: string) => errors.filter((error) => error.path?.[0] === field);
  const unplaced = errors.filter((error) => !error.path || error.path.length === 0);
  const unplacedCoded = (codes: ReadonlySet<string>) => unplaced.some((error) => codes.has(error.extensions?.code ?? ""));
  if (unplacedCoded(TRANSIENT_CODES)) return { kind: "retry", why: unplaced.map(said).join("; ") };
  if (unplacedCoded(QUERY_REFUSED_CODES)) {
    // Zeabur changed its schema: that says nothing about the key or the ids, and blocking
    // every deploy for it would be worse than finding a wrong id at upload time.
    const detail = `Zeabur's API no longer answers the check's query (${unplaced.map(said).join("; ")}); the key, service and environment are checked at upload time only.`;
    const subject = `${name("zeabur-api-key")}, ${name("zeabur-service-id")}, ${name("zeabur-environment-id")}`;
    return judged({ area: "Zeabur", subject, outcome: "unverifiable", detail });
  }
  if (status !== 200) {
    return judged(
      failedCheck(
        "Zeabur",
        name("zeabur-api-url"),
        new GateError("zeabur-api-error", `Zeabur's GraphQL API answered ${describeErrorAnswer(status, body)} to a read-only query. Nothing was migrated or deployed.`, [
          `Check ${name("zeabur-api-url")} and Zeabur's status page (https://status.zeabur.com), then re-run.`,
        ]),
      ),
    );
  }
  const data = parsed.data ?? {};
  const checks: Judged[] = [];
  // An error no field claims while nothing came back: FORBIDDEN and its kin are about what the key may see.
  const blanket = parsed.data == null ? unplaced : [];
  const me = data.me;
  checks.push({ area: "Zeabur", subject: name("zeabur-api-key"), outcome: "passed", detail: me?.username ? `accepted (account ${me.username})` : "accepted" });

  // A non-null field's error nulls the whole answer: a field no error names is then unanswered, not unknown.
  const unanswered = (field: string, errorsOfField: readonly GraphqlError[]): Judged | undefined =>
    parsed?.data == null && errorsOfField.length === 0
      ? { area: "Zeabur", subject: name(field), outcome: "unverifiable", detail: "not answered: Zeabur's answer was cut short by another field's error; it is checked at upload time" }
      : undefined;
  const service = data.service;
  const serviceErrors = [...fieldErrors("service"), ...blanket];
  const serviceUnanswered = unanswered("zeabur-service-id", serviceErrors);
  if (serviceUnanswered) {
    checks.push(serviceUnanswered);
  } else if (!service) {
    const why = serviceErrors.length > 0 ? serviceErrors.map(said).join("; ") : "no such service";
    checks.push(
      failedCheck(
        "Zeabur",
        name("zeabur-service-id"),
        new GateError(
          "invalid-input",
          `Zeabur has no service ${ids.serviceId} that ${name("zeabur-api-key")} may deploy to (${why}). Nothing was migrated or deployed.`,
          [`Check ${name("zeabur-service-id")}. ${ID_HELP}`, `Check that ${name("zeabur-api-key")} belongs to the account or team that owns the service's project.`],
        ),
      ),
    );
  } else {
    const project = service.project?.name ? ` in project ${service.project.name}` : "";
    checks.push({ area: "Zeabur", subject: name("zeabur-service-id"), outcome: "passed", detail: `service ${service.name ?? service._id}${project}` });
  }

  const environment = data.environment;
  const environmentErrors = [...fieldErrors("environment"), ...blanket];
  const environmentUnanswered = unanswered("zeabur-environment-id", environmentErrors);
  if (environmentUnanswered) return judged(...checks, environmentUnanswered);
  if (!environment) {
    const why = environmentErrors.length > 0 ? environmentErrors.map(said).join("; ") : "no such environment";
    checks.push(
      failedCheck(
        "Zeabur",
        name("zeabur-environment-id"),
        new GateError(
          "invalid-input",
          `Zeabur has no environment ${ids.environmentId} that ${name("zeabur-api-key")} may see (${why}). Nothing was migrated or deployed.`,
          [`Check ${name("zeabur-environment-id")}: it is the \`envID\` of the service's dashboard URL. ${ID_HELP}`],
        ),
      ),
    );
    return judged(...checks);
  }
  const serviceProject = service?.project?._id;
  if (service && serviceProject && environment.projectID && environment.projectID !== serviceProject) {
    const mismatch: EnvironmentMismatch = {
      serviceName: service.name ?? ids.serviceId,
      serviceProject,
      environmentName: environment.name ?? "unnamed",
      environmentProject: environment.projectID,
    };
    checks.push(environmentMismatchCheck(ids, name, mismatch, []));
    return { kind: "judged", checks, mismatch };
  }
  checks.push({ area: "Zeabur", subject: name("zeabur-environment-id"), outcome: "passed", detail: `environment ${environment.name ?? environment._id}${service ? ", of the service's project" : ""}` });
  return judged(...checks);
}

function judged(...checks: Judged[]): TargetVerdict {
  return { kind: "judged", checks };
}

export interface EnvironmentMismatch {
  readonly serviceName: string;
  readonly serviceProject: string;
  readonly environmentName: string;
  readonly environmentProject: string;
}

/** The environment belongs to another project than the service; `environments` are the service's project's, to name the right id. */
export function environmentMismatchCheck(
  ids: TargetIds,
  name: OptionSpelling,
  mismatch: EnvironmentMismatch,
  environments: ReadonlyArray<{ _id: string; name?: string }>,
): Judged {
  const listed = environments.map((environment) => `${environment.name ?? "unnamed"} (${environment._id})`).join(", ");
  return failedCheck(
    "Zeabur",
    name("zeabur-environment-id"),
    new GateError(
      "invalid-input",
      `${name("zeabur-environment-id")} ${ids.environmentId} (${mismatch.environmentName}) belongs to project ${mismatch.environmentProject}, not to project ${mismatch.serviceProject} of service ${mismatch.serviceName}: Zeabur would refuse the deploy.${listed ? ` The service's project has: ${listed}.` : ""} Nothing was migrated or deployed.`,
      [`Set ${name("zeabur-environment-id")} to the environment of the service's project. ${ID_HELP}`],
    ),
  );
}
