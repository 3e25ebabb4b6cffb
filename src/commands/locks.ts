// `locks`: who holds Prisma's advisory lock, who waits for it, and who blocks whom on the
// database right now, each session classified the way the gate classifies a lock holder.
// Read-only: takes no lock and changes nothing.
import type { Ports } from "../core/ports.js";
import { readBlockedSessions, readLockSnapshot } from "../postgres/advisory-lock.js";
import { connect, describeTarget } from "../postgres/connection.js";
import { toLockHolder, type LockHolder } from "../postgres/lock-holder.js";

export interface BlockedByResult {
  session: LockHolder;
  blockedBy: number[];
}

export interface LocksResult {
  target: string;
  observedAt: Date;
  holder?: LockHolder;
  waiters: LockHolder[];
  blocked: BlockedByResult[];
}

export interface LocksSettings {
  readonly databaseUrl: string;
}

export async function runLocks(settings: LocksSettings, ports: Ports): Promise<LocksResult> {
  const client = await connect(settings.databaseUrl);
  try {
    await client.query("SET default_transaction_read_only = on");
    const snapshot = await readLockSnapshot(client);
    const blocked = await readBlockedSessions(client);
    const result: LocksResult = {
      target: describeTarget(settings.databaseUrl),
      observedAt: snapshot.holder?.observedAt ?? new Date(),
      holder: snapshot.holder && toLockHolder(snapshot.holder),
      waiters: snapshot.waiters.map(toLockHolder),
      blocked: blocked.map((each) => ({ session: toLockHolder(each.session), blockedBy: each.blockedBy })),
    };
    ports.reporter.debug(`Read the locks of ${result.target}.`);
    return result;
  } finally {
    await client.end().catch(() => undefined);
  }
}
