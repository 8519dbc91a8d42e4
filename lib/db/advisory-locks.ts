import type pg from "pg";
import type { DbClient } from "@/lib/db/client";

declare const advisoryLockKey: unique symbol;
/** The text whose hashtext() is the lock's number in PostgreSQL; made only by advisoryLocks below. */
export type AdvisoryLockKey = string & { readonly [advisoryLockKey]: true };

const key = (text: string) => text as AdvisoryLockKey;

/**
 * Every catalog advisory lock Wayback takes, one function per kind, each with the reason it exists.
 * The texts never change: a worker of the previous release and one of this release run side by
 * side during an upgrade and must agree on every lock (advisory-locks.test.ts pins them).
 */
export const advisoryLocks = {
  /** Every local instance (a restore's new instance, a drill's copy, a dump restore's) picks its
   *  directory and port under this one lock, so two never get the same. Named when only restores
   *  made instances. */
  instancePlaces: () => key("restore:destinations"),
  /** Changes to admins one at a time: two admins demoting each other cannot leave none. */
  admins: () => key("users:admins"),
  /** Sign-in attempts for one user name count, verify and record one at a time, so parallel
   *  attempts get no more guesses than the lockout allows. Taken before loginAddress, always. */
  loginUser: (username: string) => key(`login-user:${username}`),
  /** The same for one client address. */
  loginAddress: (ip: string) => key(`login-ip:${ip}`),
  /** A cluster's backups: restores and drills claim one, retention marks one for expiry, never both. */
  clusterBackups: (clusterId: string) => key(`backups:${clusterId}`),
  /** One job of a type queued or running per cluster: "is one there?" and "record mine" as one step. */
  clusterJob: (jobType: string, clusterId: string) => key(`${jobType}:${clusterId}`),
  /** Held by a WAL receiver for as long as it runs, so it is the cluster's only one. Not
   *  clusterJob("wal.stream"): the transactions that ensure the receiver's job would wait on it. */
  walReceiver: (clusterId: string) => key(`wal.receiver:${clusterId}`),
};

/** The migration runner's lock: a number of its own (any constant works; every process must agree). */
export const MIGRATIONS_LOCK_ID = 7_266_123_001;

/** Waits for `lockKey` and holds it until the transaction `tx` ends. */
export async function lockForTransaction(tx: DbClient, lockKey: AdvisoryLockKey): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`;
}

/** One attempt at `lockKey` for as long as `client`'s session lives; false when someone holds it. */
export async function trySessionLock(client: pg.ClientBase, lockKey: AdvisoryLockKey): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [lockKey]);
  return rows[0]?.locked === true;
}
