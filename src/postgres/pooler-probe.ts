// Watches how a server URL hands out backends, to tell a transaction-mode pooler from a
// direct server or a session pooler (the judgement is judgePooler's, in pooler.ts).
import type pg from "pg";
import { connect, sessionPath } from "./connection.js";
import type { PoolerBehaviour } from "./pooler.js";

/**
 * Rounds of "which backend serves each of two open connections". Measured against PgBouncer
 * 1.18 in transaction mode: with the pool idle, the second connection is served by the first
 * one's backend at once (PgBouncer hands out the server connection released last). A busy
 * pool may hand out others; a few rounds make a miss unlikely, not impossible, so the URL's
 * shape is checked as well. Where the key data named the backend (a server, or a pooler
 * passing the server's key data through) one round is enough to catch an idle pool.
 */
const PROXIED_ROUNDS = 3;
const DIRECT_ROUNDS = 1;

async function backendPid(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return rows[0].pid;
}

/**
 * The behaviour of the server behind `first` (a connection made by connect() to `url`). Only
 * reads pg_backend_pid(): nothing is set, locked or left on a pooled server connection. A
 * session whose key data names its backend is probed too: a pooler may pass the server's key
 * data through.
 */
export async function probePooler(url: string, first: pg.Client): Promise<PoolerBehaviour> {
  const { proxied } = sessionPath(first);
  let second: pg.Client;
  try {
    second = await connect(url);
  } catch (error) {
    // A server answering itself that allows no second session (a role's connection limit) is
    // no pooler that passes key data through: that would take any number of clients. Through
    // a pooler, its mode cannot be told without the second connection.
    if (!proxied) return { proxied, sharedBackend: false };
    throw error;
  }
  try {
    for (let round = 0; round < (proxied ? PROXIED_ROUNDS : DIRECT_ROUNDS); round++) {
      const firstBefore = await backendPid(first);
      const secondPid = await backendPid(second);
      const firstAfter = await backendPid(first);
      if (secondPid === firstBefore || secondPid === firstAfter || firstBefore !== firstAfter) return { proxied, sharedBackend: true };
    }
    return { proxied, sharedBackend: false };
  } finally {
    await second.end().catch(() => undefined);
  }
}
