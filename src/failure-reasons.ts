// The one list of failure reasons: the values the `failure-reason` output can take. The type
// the code fails with, README's table and action.yml's output description follow from it
// (the table is generated, the description is held against it by a test).

export interface FailureReasonSpec {
  /** The value of the `failure-reason` output. */
  readonly id: string;
  /** What happened (markdown). */
  readonly meaning: string;
  /** What to do about it in general (markdown); the run's own next steps are more precise. */
  readonly nextStep: string;
}

export const FAILURE_REASONS = [
  {
    id: "invalid-input",
    meaning:
      "An input is missing or malformed, or names what its service does not know: checked read-only before the first change, Zeabur refused `zeabur-api-key`, or has no `zeabur-service-id` or `zeabur-environment-id` the key may deploy to, or the environment is another project's; or a folder the run reads holds a name that is not UTF-8. Nothing was touched.",
    nextStep: "Fix the input named in the message.",
  },
  {
    id: "prisma-not-found",
    meaning: "No `node_modules/prisma` resolvable from `working-directory`.",
    nextStep: "Run `npm ci` (or your package manager's install) before the action.",
  },
  {
    id: "prisma-unsupported",
    meaning: "Prisma is not 6 or 7 (Prisma 8 has no `migrate`), Prisma rejected the schema (P1012), or `contract-migrations` after-deploy has a Prisma 6 older than 6.19 to split the migrations with.",
    nextStep: "Pin `prisma@6` (6.19 or later) or `prisma@7`; run `npx prisma validate`.",
  },
  {
    id: "db-unreachable",
    meaning: "The database could not be reached (not retried forever: `max-attempts`, `timeout`).",
    nextStep: "Check host, port, firewall / allow-list for GitHub runners.",
  },
  {
    id: "db-permission-denied",
    meaning:
      "Checked read-only before the first change: the role in `database-url` lacks a privilege a pending migration needs (CREATE on the schema, ownership of a table it alters, a table privilege). Prisma would have stopped half-way with \"permission denied\" or \"must be owner of table\". Nothing was migrated.",
    nextStep: "Run the GRANT named in the message as the table's owner or a superuser, or migrate with the role that owns the tables.",
  },
  {
    id: "db-auth",
    meaning: "Wrong credentials. Never retried.",
    nextStep: "Fix the secret; percent-encode special characters in the password.",
  },
  {
    id: "db-tls",
    meaning:
      "The connection failed on TLS, read as Prisma's engine reads it: the server's certificate is not trusted or names another host (`sslaccept=strict`), the server has no TLS (`sslmode=require`) or accepts only encrypted connections (`sslmode=disable`), or a file named by `sslcert` / `sslidentity` is missing or unusable. Prisma would fail the same way. Never retried.",
    nextStep: "Change the URL parameter the message names: e.g. `sslcert=` the provider's CA bundle, or drop `sslmode=disable`.",
  },
  {
    id: "transaction-pooler",
    meaning:
      "Prisma would migrate through a transaction-mode pooler (PgBouncer, Supavisor on port 6543, a `-pooler` host, `pgbouncer=true`, or a pooler found by its behaviour), where its session-level advisory lock is left held on a pooled server connection, and no direct connection was given. Nothing was touched.",
    nextStep:
      "Give the direct (or session-mode pooler) URL: the input `direct-url`, or the schema's `directUrl = env(\"DIRECT_URL\")` (Prisma 7: prisma.config.ts's `datasource.url`) with `DIRECT_URL` in the step's env. See README, Managed PostgreSQL.",
  },
  {
    id: "lock-busy",
    meaning: "The lock stayed held for the whole `timeout`. The holder is named.",
    nextStep:
      "If it is an idle leftover: `SELECT pg_terminate_backend(<pid>);` or set `terminate-stale-lock-after`. Never set `PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK`: it removes the only guard against two concurrent deploys.",
  },
  {
    id: "lock-contention",
    meaning:
      "A migration kept waiting longer than `ddl-lock-wait` for a table lock that another session held, in every attempt; each wait was cancelled before it stalled the application, and nothing of it was left. The blocking session is named.",
    nextStep:
      "End or shorten the named session's transaction (a long report, an idle-in-transaction client), or run the deploy when it is not running; raise `max-attempts`, `timeout` or `ddl-lock-wait` to wait longer.",
  },
  {
    id: "contract-blocked",
    meaning:
      "`contract-migrations` kept a pending migration that removes or restricts what the running version may still use from running now: `block` with a contract or mixed migration pending, or `after-deploy` with a migration that no split around the deploy makes safe (a mixed one, or an expand one after a contract one). Nothing was migrated or deployed. From `check`: the deploy would stop so on this pull request's migrations.",
    nextStep:
      "Deploy the code that stops using it first and the migration later; use `after-deploy`; split a mixed migration; or acknowledge a step the running version no longer needs with `-- gate:ignore <rule-id> <reason>`.",
  },
  {
    id: "backup-failed",
    meaning: "`backup` asked for a backup before migrating and it could not be taken or verified. Nothing was migrated.",
    nextStep:
      "Make `backup-path` a writable folder; for a full dump install a `pg_dump` at least as new as the server; or set `backup: never` to migrate without one.",
  },
  {
    id: "previous-migration-failed",
    meaning: "A failed row in `_prisma_migrations` (P3009). Stopped at once, no retry.",
    nextStep:
      "Inspect, then `npx prisma migrate resolve --rolled-back '<name>'` (after fixing the file) or `--applied '<name>'` (after completing it by hand).",
  },
  {
    id: "migration-failed",
    meaning:
      "A migration failed now (P3018). The statement, its line (also as an annotation) and its SQLSTATE are reported, and what the failure left: Prisma's native engine sends migration.sql as one query, which PostgreSQL runs as one transaction, so normally nothing (unless the file has its own COMMIT); through a driver adapter (Prisma 6's engine \"js\") the statements before the failing one stay applied.",
    nextStep: "Fix the SQL, resolve as above, re-run.",
  },
  {
    id: "baseline-required",
    meaning: "Tables exist but no migration history (P3005).",
    nextStep:
      "`npx prisma migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script > prisma/migrations/0_init/migration.sql`, then `npx prisma migrate resolve --applied 0_init`.",
  },
  {
    id: "db-connection-lost",
    meaning:
      "The database went away while Prisma worked: a shutdown, restart or failover, a terminated session, a cut connection (FATAL, SQLSTATE 57P01/57P02/57P03, reset, unexpected EOF). Not an SQL error. A migration it cut off that provably left nothing is marked rolled back and applied again within max-attempts and timeout; this reason means the retries ran out or the proof failed.",
    nextStep: "Check the server; then `npx prisma-gated-deploy resolve` (read-only) shows what a cut-off migration left; resolve only a migration it shows as failed.",
  },
  {
    id: "stale-build",
    meaning:
      "The database has applied migrations this build's `prisma/migrations` lacks: a newer commit migrated it (a re-run of an old workflow run, two deploys racing). Nothing was migrated or deployed.",
    nextStep:
      "Deploy the newer commit; serialise deploys with the job's `concurrency` group; set `allow-stale-build: true` only for code made to run on the newer schema.",
  },
  {
    id: "cancelled",
    meaning:
      "The job was cancelled (SIGINT, SIGTERM). Every wait stopped at once and nothing new started; a Prisma applying a migration was allowed to finish within the grace period, else ended with its process group. The summary says how far the run got.",
    nextStep: "Re-run when ready; applied migrations are skipped.",
  },
  {
    id: "timeout",
    meaning: "The run's deadline passed.",
    nextStep: "Raise `timeout`; the summary's timeline says what it waited for.",
  },
  {
    id: "upload-failed",
    meaning: "Packaging or the Zeabur upload failed (the API's `code` and message are shown), or Zeabur or its storage never answered within `upload-timeout`.",
    nextStep: "Check the API key, ids, plan limit; for a host that never answered, the runner's route to Zeabur (a proxy), then re-run.",
  },
  {
    id: "zeabur-api-error",
    meaning:
      "Zeabur's API did not answer the read-only check of the deploy target (network, 5xx, rate limit) within its budget, or answered something else than GraphQL. Nothing was migrated or deployed: an upload would have met the same trouble after the migrations.",
    nextStep: "Check Zeabur's status and `zeabur-api-url`, then re-run.",
  },
  {
    id: "deploy-failed",
    meaning: "The deployment ended `FAILED`, `CRASHED`, `CANCELED` or `REMOVED`. Its last build log lines are in the summary.",
    nextStep: "Fix the build; migrations already applied stay applied.",
  },
  {
    id: "deploy-unhealthy",
    meaning:
      "The deployment reported RUNNING, then turned to a failure status within `settle-period`, or `health-url` never answered 2xx. The migrations stay applied.",
    nextStep:
      "Read the runtime logs in the summary; the previous running deployment is named with its link, to redeploy or roll back to it in the Zeabur dashboard. The previous version must work with the new schema until the fix is deployed.",
  },
  {
    id: "deploy-timeout",
    meaning: "The deployment did not finish within `wait-timeout`.",
    nextStep: "Look at the Zeabur dashboard link.",
  },
  {
    id: "drift",
    meaning: "`check`: the schema has changes no migration holds, or the live database differs from its migrations.",
    nextStep: "Create the migration with the command shown.",
  },
  {
    id: "unsafe-migration",
    meaning: "`check`: findings at or above `fail-on`.",
    nextStep: "Follow the safe sequence, or suppress with a reason.",
  },
  {
    id: "resolve-refused",
    meaning:
      "`resolve`: the decision was not recorded. The migration is still running, Prisma's lock is held, the migration is not in the state the decision needs, or `applied` was asked while objects it creates are missing.",
    nextStep: "Wait for a running migration to finish; complete the missing objects by hand (or give `force` with a reason); or choose the other decision.",
  },
  {
    id: "squash-refused",
    meaning:
      "`squash`: nothing was changed. The baseline does not build the same schema as the history it would replace (the differences are listed), or a database has pending or failed migrations.",
    nextStep: "Make the schema match the migrations or `append` what it cannot express; deploy or resolve the databases first.",
  },
  {
    id: "internal-error",
    meaning: "An error the action does not classify. The message names the step that was running; the stack is in the debug log.",
    nextStep: "Re-run with debug logging (`ACTIONS_STEP_DEBUG`) and report it with the log.",
  },
] as const satisfies readonly FailureReasonSpec[];

/** Why a run failed, as the `failure-reason` output names it. Empty on success. */
export type FailureReason = (typeof FAILURE_REASONS)[number]["id"];
