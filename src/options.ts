// The one table of options. The action's inputs (action.yml, which a test holds against this
// table), the settings reader and the generated documentation all follow from it: a new
// option is one row here plus its declaration in action.yml.

export const COMMANDS = ["deploy", "migrate", "upload", "check", "status", "resolve", "squash"] as const;
export type Command = (typeof COMMANDS)[number];

export interface OptionSpec {
  /** The action input, as written under `with:`. */
  readonly name: string;
  /** The command-line flag. */
  readonly flag: string;
  /** The environment variable a command line falls back to, where a conventional one exists. */
  readonly env?: string;
  /**
   * The default exactly as action.yml declares it. An expression default (`${{ github.token }}`)
   * is evaluated by the runner; outside it there is no default (see `defaultValue`).
   */
  readonly default: string;
  /** Masked, with every derived form, before anything is logged. */
  readonly secret: boolean;
  /** The commands that read it. */
  readonly commands: readonly Command[];
  /** As in action.yml (a test compares them); README's table is generated from action.yml. */
  readonly description: string;
}

const ALL = COMMANDS;
const ZEABUR = ["deploy", "upload"] as const satisfies readonly Command[];
const GATE = ["deploy", "migrate"] as const satisfies readonly Command[];
/** Gate options the pull-request check reads too, to show what the deploy will do. */
const GATE_AND_CHECK = [...GATE, "check"] as const satisfies readonly Command[];

export const OPTIONS = [
  {
    name: "command",
    flag: "--command",
    default: "deploy",
    secret: false,
    commands: ALL,
    description:
      "deploy (migrate, then package and upload to Zeabur only if the migrations succeeded), migrate (migrations only), upload (package and upload only, no database), check (pull-request check: drift, unsafe SQL, deploy plan), status (read-only report of the database), resolve (explain a failed migration; with rolled-back or applied, record that decision), squash (replace the migration history by one baseline proven equivalent, and record it applied in each database-url).",
  },
  {
    name: "working-directory",
    flag: "--working-directory",
    default: ".",
    secret: false,
    commands: ALL,
    description:
      "The folder you run `npx prisma migrate deploy` in (a monorepo app folder such as apps/api). The schema and migrations are found there by Prisma's own rules (prisma.config.ts, package.json's prisma.schema, schema.prisma, prisma/schema.prisma), and the project's own prisma package is resolved from there the way Node does, so a hoisted install works.",
  },
  {
    name: "database-url",
    flag: "--database-url",
    env: "DATABASE_URL",
    default: "",
    secret: true,
    commands: ["deploy", "migrate", "check", "status", "resolve", "squash"],
    description:
      "PostgreSQL URL of the database: the one the application uses, pooled or direct. Required for deploy, migrate, status and resolve; optional for check (read-only credentials: the deploy plan and live drift); for squash, one URL a line (the flag repeated), each database the baseline is recorded in. Passed to Prisma as DATABASE_URL and as the variable the schema's url reads. Prisma migrates through the schema's directUrl (Prisma 7: prisma.config.ts's datasource.url) as the step's env sets it, else direct-url, else this URL; never through a transaction pooler (pgbouncer=true, port 6543, a -pooler host, or one found by its behaviour): without a direct URL the run stops before any change. Masked, with its password raw and decoded.",
  },
  {
    name: "direct-url",
    flag: "--direct-url",
    env: "DIRECT_URL",
    default: "",
    secret: true,
    commands: ["deploy", "migrate", "resolve"],
    description:
      "deploy, migrate, resolve: the direct (or session-mode pooler) PostgreSQL URL to migrate through when database-url is a transaction pooler (Supabase: the session pooler on port 5432; Neon: the host without -pooler). Given to Prisma as the variable the schema's directUrl reads (Prisma 7: the one prisma.config.ts's datasource.url reads, or DIRECT_URL), never replacing a value the step's env sets: a different one is refused. The action's own checks, lock diagnosis and backups connect to the same server. Masked, with its password raw and decoded.",
  },
  {
    name: "max-attempts",
    flag: "--max-attempts",
    default: "5",
    secret: false,
    commands: GATE,
    description:
      "How many times `prisma migrate deploy` may run. Only lock timeouts (P1002) and lost connections (P1001, P1017) are retried, with exponential backoff and jitter; a migration a lost connection cut off (a server restart or failover) only when it provably left nothing, after marking it rolled back.",
  },
  {
    name: "timeout",
    flag: "--timeout",
    default: "30m",
    secret: false,
    commands: GATE,
    description:
      "Deadline for the migration run: 90s, 5m, 1h or plain seconds. A Prisma that is applying migrations when it passes is left to finish (killing it mid-migration would leave a failed migration); the job's timeout-minutes is the hard stop. With contract-migrations after-deploy, the migrations applied after the deploy have a timeout and max-attempts of their own.",
  },
  {
    name: "terminate-stale-lock-after",
    flag: "--terminate-stale-lock-after",
    default: "",
    secret: false,
    commands: GATE,
    description:
      "A duration. When the session holding Prisma's advisory lock has been idle, outside any transaction, for longer than this, terminate it with pg_terminate_backend (re-checked in the same statement). Empty: never terminate. Active sessions and sessions inside a transaction are never terminated.",
  },
  {
    name: "allow-stale-build",
    flag: "--allow-stale-build",
    default: "false",
    secret: false,
    commands: GATE,
    description:
      "Deploy even when the database has applied migrations that this build's prisma/migrations lacks (a newer commit has migrated it). Off: such a build, an old commit or a re-run of an old workflow run, is refused with stale-build, naming the newer migrations.",
  },
  {
    name: "ddl-lock-wait",
    flag: "--ddl-lock-wait",
    default: "10s",
    secret: false,
    commands: GATE_AND_CHECK,
    description:
      "How long a migration may wait for a table lock while the application's queries queue behind it. Past it, the session it waits for is named, and a migration that provably leaves nothing behind when cancelled (one implicit transaction: no transaction control, nothing that cannot run in a transaction) is cancelled with pg_cancel_backend, confirmed unchanged, marked rolled back and retried within max-attempts and timeout. Any other migration is never cancelled: the wait is reported. 0 turns it off. check: set it as the deploy has it; a migration whose lock wait the gate can cancel is then not reported for lacking SET lock_timeout.",
  },
  {
    name: "contract-migrations",
    flag: "--contract-migrations",
    default: "allow",
    secret: false,
    commands: GATE_AND_CHECK,
    description:
      "allow, block or after-deploy. Every pending migration is classified with the check's rules as expand (adds), contract (drops, renames, type changes, SET/DROP NOT NULL, required columns, enum value removal: what the running version may still use), mixed (both) or neutral, and the summary shows it. allow: apply them all. block: stop before anything runs while one is contract or mixed (contract-blocked). after-deploy (deploy only, with wait): apply the migrations before the first contract one, deploy and follow the new version until it is healthy (settle-period, health-url), then apply the rest; if the deployment fails they are not applied. A mixed migration, or an expand one after a contract one, is refused. A contract step acknowledged with -- gate:ignore <rule-id> <reason> does not count. check: set it as the deploy has it; the check shows each new migration's phase and when the deploy applies it, and fails with contract-blocked when the deploy would refuse them.",
  },
  {
    name: "backup",
    flag: "--backup",
    default: "never",
    secret: false,
    commands: GATE,
    description:
      "never, destructive or always. destructive: before migrations that drop a table or a column, change a column's type or remove an enum value, stream exactly the data they destroy (whole dropped tables; the primary key and the affected columns otherwise) out with COPY into gzip files under backup-path, with a restore script beside them, verified by reading the row counts back; plus a full pg_dump when one as new as the server is on PATH. always: also a full custom-format pg_dump, verified with pg_restore --list, before any pending migration. A backup that fails stops the run before anything is migrated.",
  },
  {
    name: "backup-path",
    flag: "--backup-path",
    default: "prisma-backups",
    secret: false,
    commands: GATE,
    description:
      "Folder for backups, relative to the workspace; each run writes a timestamped folder inside. Keep it with actions/upload-artifact (see README).",
  },
  {
    name: "zeabur-api-key",
    flag: "--zeabur-api-key",
    env: "ZEABUR_API_KEY",
    default: "",
    secret: true,
    commands: ZEABUR,
    description: "Zeabur API key (dashboard → Settings → Developer). Store it as a secret; masked, also as its Bearer header.",
  },
  {
    name: "zeabur-service-id",
    flag: "--zeabur-service-id",
    env: "ZEABUR_SERVICE_ID",
    default: "",
    secret: false,
    commands: ZEABUR,
    description: "Zeabur service id (24 hex characters, from the service's dashboard URL).",
  },
  {
    name: "zeabur-environment-id",
    flag: "--zeabur-environment-id",
    env: "ZEABUR_ENVIRONMENT_ID",
    default: "",
    secret: false,
    commands: ZEABUR,
    description: "Zeabur environment id (24 hex characters, the envID in the dashboard URL).",
  },
  {
    name: "zeabur-api-url",
    flag: "--zeabur-api-url",
    env: "ZEABUR_API_URL",
    default: "https://api.zeabur.com",
    secret: false,
    commands: ZEABUR,
    description: "Zeabur API base URL.",
  },
  {
    name: "deploy-path",
    flag: "--deploy-path",
    default: "",
    secret: false,
    commands: ZEABUR,
    description: "Folder to package and upload. Empty: working-directory.",
  },
  {
    name: "exclude",
    flag: "--exclude",
    default: "",
    secret: false,
    commands: ZEABUR,
    description: "Extra gitignore-style patterns to leave out of the archive, one per line.",
  },
  {
    name: "upload-timeout",
    flag: "--upload-timeout",
    default: "30m",
    secret: false,
    commands: ZEABUR,
    description:
      "How long the upload to Zeabur may take in all: creating it, sending the archive and starting the deployment. Each send waits at most 2 min plus 1 s per 256 KiB, and at most a third of this, for the storage's answer, then is tried again; past this the run fails with upload-failed.",
  },
  {
    name: "wait",
    flag: "--wait",
    default: "true",
    secret: false,
    commands: ZEABUR,
    description: "Follow the Zeabur deployment until it is RUNNING or has failed.",
  },
  {
    name: "wait-timeout",
    flag: "--wait-timeout",
    default: "20m",
    secret: false,
    commands: ZEABUR,
    description: "How long to follow the deployment.",
  },
  {
    name: "settle-period",
    flag: "--settle-period",
    default: "60s",
    secret: false,
    commands: ZEABUR,
    description:
      "After the deployment reports RUNNING, keep following it this long; if it turns to a failure status (CRASHED, FAILED, …) the deploy fails with deploy-unhealthy, with its runtime logs and the previous running deployment. 0: RUNNING is enough.",
  },
  {
    name: "health-url",
    flag: "--health-url",
    default: "",
    secret: false,
    commands: ZEABUR,
    description:
      "An http(s) URL of the deployed service that must answer 2xx after RUNNING before the deploy counts as a success; asked again with backoff (at most 10 times, within wait-timeout).",
  },
  {
    name: "github-environment",
    flag: "--github-environment",
    default: "production",
    secret: false,
    commands: ZEABUR,
    description: "Name of the GitHub Deployments environment the deploy is recorded under.",
  },
  {
    name: "github-token",
    flag: "--github-token",
    env: "GITHUB_TOKEN",
    default: "${{ github.token }}",
    secret: true,
    commands: ["deploy", "upload", "check"],
    description: "Token for GitHub Deployments and the pull-request comment.",
  },
  {
    name: "shadow-database-url",
    flag: "--shadow-database-url",
    env: "SHADOW_DATABASE_URL",
    default: "",
    secret: true,
    commands: ["check", "resolve", "squash"],
    description:
      "check, resolve, squash: a disposable PostgreSQL database (e.g. a service container) the migrations are replayed into. It is reset: never point it at a real database. Refused when it names the same database as database-url. resolve uses it to tell which objects of a failed migration exist; squash creates its two scratch databases beside it.",
  },
  {
    name: "base-ref",
    flag: "--base-ref",
    default: "",
    secret: false,
    commands: ["check"],
    description: "check: the branch or commit to compare the migration history with. Empty: the pull request's base.",
  },
  {
    name: "fail-on",
    flag: "--fail-on",
    default: "error",
    secret: false,
    commands: ["check"],
    description: "check: fail on error findings, on warning findings too, or never.",
  },
  {
    name: "postgres-version",
    flag: "--postgres-version",
    default: "",
    secret: false,
    commands: ["check"],
    description:
      "check: the PostgreSQL major the migrations will run on (e.g. 16), for the rules whose hazard depends on it (SET NOT NULL uses a validated CHECK from 12, a constant default is instant from 11). With database-url the database's own version is used instead. Empty: 15, the oldest release the PostgreSQL project still supports.",
  },
  {
    name: "rolled-back",
    flag: "--rolled-back",
    default: "",
    secret: false,
    commands: ["resolve"],
    description:
      "resolve: the failed migration to mark rolled back (`prisma migrate resolve --rolled-back`), after its file was fixed and whatever it left behind reverted: the next deploy applies it again. Empty: only report.",
  },
  {
    name: "applied",
    flag: "--applied",
    default: "",
    secret: false,
    commands: ["resolve"],
    description:
      "resolve: the migration to mark applied (`prisma migrate resolve --applied`), after it was completed by hand. Refused when the database lacks objects it creates, unless force gives a reason. Needs shadow-database-url. Empty: only report.",
  },
  {
    name: "force",
    flag: "--force",
    default: "",
    secret: false,
    commands: ["resolve"],
    description: "resolve: with applied, the reason to record it applied although objects it creates are missing; the reason is printed in the log and the summary.",
  },
  {
    name: "down-sql",
    flag: "--down-sql",
    default: "",
    secret: false,
    commands: ["resolve"],
    description:
      "resolve: a file to write the SQL to that takes the database back to the state before the failed migration (built from comparing the live catalog with what the migrations before it produce in the shadow database), for review. It is never run. Needs shadow-database-url.",
  },
  {
    name: "append",
    flag: "--append",
    default: "",
    secret: false,
    commands: ["squash"],
    description:
      "squash: a SQL file appended to the generated baseline (what the Prisma schema cannot express: functions, triggers, extensions, sequence restarts, seed data). The proof then includes it.",
  },
  {
    name: "dry-run",
    flag: "--dry-run",
    default: "false",
    secret: false,
    commands: ["squash"],
    description: "squash: generate and prove the baseline, check the databases, and say what would change, without changing anything.",
  },
] as const satisfies readonly OptionSpec[];

export type OptionName = (typeof OPTIONS)[number]["name"];

export function option(name: OptionName): OptionSpec {
  return OPTIONS.find((candidate) => candidate.name === name) as OptionSpec;
}

/**
 * The value an absent option takes. An expression default such as `${{ github.token }}` is the
 * runner's to evaluate: when the code sees the input empty, there is nothing to fall back to.
 */
export function defaultValue(name: OptionName): string {
  const declared = option(name).default;
  return declared.startsWith("${{") ? "" : declared;
}
