import pg from "pg";
import { advisoryLocks, trySessionLock } from "@/lib/db/advisory-locks";

export interface ReceiverLock {
  /** Aborts when the catalog connection holding the lock is lost (the lock went with it). */
  lost: AbortSignal;
  release(): Promise<void>;
}

/**
 * The catalog's lock that makes one receiver the cluster's only one: a session advisory lock on a
 * connection of its own, held for as long as the receiver runs. BullMQ may hand a receiver's job
 * to a second worker while the first still runs (its job lock expired: a long pause, a slow
 * Redis); without the lock each would end the other's walsender on the slot in turn. With it, only
 * the holder ends an earlier Wayback receiver on the slot (lib/pg/release-slot.ts), and that one is
 * surely stale: the lock is freed only when its worker stops or its catalog connection dies.
 * One attempt: returns null when another receiver holds it.
 */
export async function tryReceiverLock(databaseUrl: string, clusterId: string): Promise<ReceiverLock | null> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "wayback-receiver-lock" });
  const lost = new AbortController();
  client.on("error", (err) => lost.abort(err));
  client.on("end", () => lost.abort(new Error("The catalog connection holding the receiver's lock closed")));
  await client.connect();
  try {
    if (await trySessionLock(client, advisoryLocks.walReceiver(clusterId)))
      return { lost: lost.signal, release: () => client.end().catch(() => undefined) };
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  await client.end();
  return null;
}
