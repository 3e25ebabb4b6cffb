// Whether a connection goes through a transaction-mode pooler (PgBouncer, Supavisor, Neon's
// pooler), where Prisma's session-level advisory lock is left held on a server connection
// that nobody owns once the client leaves. Pure: the probe that gathers the behaviour is in
// pooler-probe.ts.

/** Why the URL's own shape says transaction pooler, or undefined when it does not. */
export function transactionPoolerShape(url: string): string | undefined {
  const parsed = new URL(url);
  if (/^(true|1)$/i.test(parsed.searchParams.get("pgbouncer") ?? "")) return "it carries pgbouncer=true";
  // Neon: ep-name-pooler.region.aws.neon.tech beside the direct ep-name.region.aws.neon.tech.
  if (/-pooler\./i.test(parsed.hostname)) return `its host ${parsed.hostname} is a -pooler host`;
  // Supabase's Supavisor and the PgBouncer convention: 6543 pools transactions, 5432 sessions.
  if (parsed.port === "6543") return "its port is 6543, the transaction pooler's port";
  return undefined;
}

/** What the probe saw on the server through the URL. */
export interface PoolerBehaviour {
  /** A pooler or proxy answered: the BackendKeyData pid is not pg_backend_pid(). */
  readonly proxied: boolean;
  /**
   * Two connections open at the same time were served by one backend, or one connection by
   * different backends from one statement to the next: only transaction pooling does that.
   */
  readonly sharedBackend: boolean;
}

export type PoolerVerdict =
  | { readonly kind: "direct" }
  /** A pooler or proxy that keeps one server connection per client (Supavisor on 5432, RDS Proxy): the lock behaves. */
  | { readonly kind: "session-pooler" }
  | { readonly kind: "transaction-pooler"; readonly why: string };

/**
 * The URL's shape is enough to call a URL a transaction pooler; behaviour finds the rest (a
 * self-hosted PgBouncer on 5432, a pooler that drops the startup parameters it does not
 * know). A proxy whose backends were never seen shared is taken for a session pooler: the
 * probe cannot tell it apart from a transaction pooler that a busy application kept handing
 * other backends while the probe ran, which is why the URL's shape is never overruled.
 */
export function judgePooler(url: string, behaviour?: PoolerBehaviour): PoolerVerdict {
  const shape = transactionPoolerShape(url);
  if (shape) return { kind: "transaction-pooler", why: shape };
  if (behaviour?.sharedBackend) {
    return { kind: "transaction-pooler", why: "two of the action's connections through it were served by the same server session (transaction pooling)" };
  }
  return behaviour?.proxied ? { kind: "session-pooler" } : { kind: "direct" };
}
