// Cancellation as GitHub's runner does it, sent as real signals to `node dist/index.js`
// against the real PostgreSQL and Prisma: SIGINT, then SIGTERM, with the fake Zeabur waiting
// for an upload that must never come.
import { createFixtureApp, INIT_USER_SQL, type FixtureApp } from "../support/fixture-app.js";
import { createDatabase, holdPrismaLock, migrationRows, passwordOf, PRISMA_LOCK_KEY, runningQuery, withClient, GATE_PRISMA_SESSIONS } from "../support/database.js";
import { faultTest } from "../support/faults.js";
import { newProcessMarker, processesWithMarker, waitFor } from "../support/processes.js";
import { startAction, type ActionRun, type StartedAction } from "../support/run-action.js";
import { expectSecretAbsent } from "../support/secrets.js";
import { useStandIns, zeaburInputs } from "../support/stand-ins.js";

const standIns = useStandIns({ zeabur: {} });

function deployInputs(app: FixtureApp, url: string): Record<string, string> {
  return { command: "deploy", "database-url": url, "working-directory": app.dir, ...zeaburInputs(standIns.zeabur), "github-token": "" };
}

/** Sessions in the database: the action's own, Prisma's, anyone still holding Prisma's lock. */
async function sessions(url: string): Promise<{ actionOrPrisma: number; lockHolders: number }> {
  return await withClient(url, async (client) => {
    const { rows } = await client.query<{ tagged: string; locks: string }>(
      `SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'prisma-gated-deploy%') AS tagged,
              (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS locks`,
      [PRISMA_LOCK_KEY],
    );
    return { actionOrPrisma: Number(rows[0].tagged), lockHolders: Number(rows[0].locks) };
  });
}

async function expectNothingLeft(marker: Record<string, string>, url: string, holderStillThere = 0): Promise<void> {
  expect(processesWithMarker(marker)).toEqual([]);
  // A backend exits a moment after its client: give PostgreSQL a few seconds to notice.
  const settled = await waitFor(
    "the action's and Prisma's sessions to end",
    async () => {
      const now = await sessions(url);
      return now.actionOrPrisma === 0 && now.lockHolders === holderStillThere ? now : undefined;
    },
    10_000,
  ).catch(async () => await sessions(url));
  expect(settled).toEqual({ actionOrPrisma: 0, lockHolders: holderStillThere });
}

function expectCancelledRun(run: ActionRun, signalName: string): void {
  expect(run.exitCode).toBe(1);
  expect(run.outputs["failure-reason"]).toBe("cancelled");
  expect(run.summary).toContain(`cancelled (${signalName})`);
  expect(run.summary).toContain("Nothing was uploaded to Zeabur.");
}

async function uploadsSince(before: number): Promise<number> {
  return standIns.zeabur.requests.slice(before).filter((request) => request.route === "create" || request.route === "upload" || request.route === "prepare").length;
}

faultTest(
  {
    id: "cancel-while-waiting-for-lock",
    area: "Cancellation",
    fault: "The job is cancelled (SIGINT) while the run waits for a lock held by another session",
    action: "Stops polling the lock at once; Prisma never starts; nothing is uploaded; outputs and summary are written; exits",
    userSees: "`failure-reason: cancelled`, the summary says it stopped while waiting for the lock holder's pid, `attempts: 0`",
  },
  async () => {
    const url = await createDatabase("cancel_wait");
    const holder = await holdPrismaLock(url, "other-deploy");
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    const marker = newProcessMarker();
    const before = standIns.zeabur.requests.length;
    const action = startAction({ inputs: deployInputs(app, url), env: marker });
    try {
      await waitFor("the action to report the lock holder", () => (action.output().includes("other-deploy") ? true : undefined));
      action.child.kill("SIGINT");
      const run = await action.finished;
      expectCancelledRun(run, "SIGINT");
      expect(run.summary).toMatch(/while waiting for pid \d+ to release Prisma's advisory lock/);
      expect(run.outputs.attempts).toBe("0");
      expect(JSON.parse(run.outputs["migrations-applied"])).toEqual([]);
      expect(await uploadsSince(before)).toBe(0);
      expect(await migrationRows(url)).toEqual([]);
      await expectNothingLeft(marker, url, 1);
      expectSecretAbsent(run, passwordOf(url));
    } finally {
      await holder.end();
    }
  },
);

faultTest(
  {
    id: "cancel-while-migration-applies",
    area: "Cancellation",
    fault: "The job is cancelled (SIGINT) while Prisma is applying a migration that ends within the grace period",
    action: "Lets Prisma finish the migration (killing it would leave a failed migration), starts no upload, then exits",
    userSees: "`failure-reason: cancelled`, `migrations-applied` lists the migration, the summary says Prisma was allowed to finish and nothing was uploaded",
  },
  async () => {
    const url = await createDatabase("cancel_apply");
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    app.addMigration("20260102000000_slow", `SELECT pg_sleep(3);\nALTER TABLE "User" ADD COLUMN "age" INTEGER;\n`);
    const marker = newProcessMarker();
    const before = standIns.zeabur.requests.length;
    const action = startAction({ inputs: deployInputs(app, url), env: marker });
    await runningQuery(url, GATE_PRISMA_SESSIONS, "pg_sleep");
    action.child.kill("SIGINT");
    const run = await action.finished;
    expectCancelledRun(run, "SIGINT");
    expect(run.summary).toContain("it was allowed to finish");
    expect(JSON.parse(run.outputs["migrations-applied"])).toEqual(["20260101000000_init", "20260102000000_slow"]);
    expect((await migrationRows(url)).every((row) => row.finished_at !== null)).toBe(true);
    expect(await uploadsSince(before)).toBe(0);
    await expectNothingLeft(marker, url);
    expectSecretAbsent(run, passwordOf(url));
    expectSecretAbsent(run, standIns.zeabur.apiKey);
  },
);

faultTest(
  {
    id: "cancel-then-terminate-mid-migration",
    area: "Cancellation",
    fault: "SIGINT, then SIGTERM while Prisma is still applying a long migration (the runner's sequence)",
    action: "On SIGTERM ends Prisma's whole process group and terminates its database session (so no statement runs on holding the lock), writes outputs and summary, exits",
    userSees: "`failure-reason: cancelled`, the summary says Prisma was ended with its process group; no process and no lock is left behind",
  },
  async () => {
    const url = await createDatabase("cancel_kill");
    const app = createFixtureApp();
    app.addMigration("20260101000000_init", INIT_USER_SQL);
    app.addMigration("20260102000000_endless", `SELECT pg_sleep(600);\n`);
    const marker = newProcessMarker();
    const before = standIns.zeabur.requests.length;
    const action: StartedAction = startAction({ inputs: deployInputs(app, url), env: marker });
    await runningQuery(url, GATE_PRISMA_SESSIONS, "pg_sleep");
    action.child.kill("SIGINT");
    await waitFor("the action to acknowledge the cancellation", () => (action.output().includes("Received SIGINT") ? true : undefined));
    action.child.kill("SIGTERM");
    const run = await action.finished;
    expectCancelledRun(run, "SIGINT");
    expect(run.summary).toContain("ended with its process group");
    expect(run.summary).toContain("20260101000000_init");
    expect(await uploadsSince(before)).toBe(0);
    await expectNothingLeft(marker, url);
    expectSecretAbsent(run, passwordOf(url));
    expectSecretAbsent(run, standIns.zeabur.apiKey);
  },
);
