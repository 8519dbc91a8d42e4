import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/lib/db/client";
import { receiveWhileLocked } from "@/lib/wal/receive-while-locked";
import { tryReceiverLock } from "@/lib/wal/receiver-lock";
import type { ReceiverOptions } from "@/lib/wal/receiver-options";
import { streamingCluster } from "@/lib/wal/streaming-cluster";

// How often a receiver waiting for another's lock tries again.
const LOCK_RETRY_MS = 2_000;

/**
 * Streaming archiving for one cluster, for as long as the cluster asks for it: a replication slot
 * (wayback_<cluster>) keeps WAL on the server, pg_receivewal writes into a local spool, and every
 * completed segment moves to the repository with its checksum and a catalog row. When
 * pg_receivewal exits (connection lost, server restarted) it is restarted with backoff, and the
 * receiver row says why. Removing the cluster ends it within a few seconds and drops the slot.
 * Only the holder of the cluster's receiver lock receives (lib/wal/receiver-lock.ts): a second
 * receiver for the cluster waits, and takes over when the first stops.
 */
export async function runReceiver(db: Db, opts: ReceiverOptions): Promise<void> {
  const { clusterId, signal } = opts;
  let toldWaiting = false;
  while (!signal.aborted && (await streamingCluster(db, clusterId))) {
    const lock = await tryReceiverLock(opts.config.databaseUrl, clusterId);
    if (lock) {
      try {
        if ((await receiveWhileLocked(db, { ...opts, lock })) === "done") return;
      } finally {
        await lock.release();
      }
      await opts.log("lost the catalog connection holding the cluster's receiver lock: stopped receiving until it is taken again");
    } else if (!toldWaiting) {
      toldWaiting = true;
      await opts.log("another receiver of this cluster is running (it holds the cluster's receiver lock): waiting for it to stop");
    }
    await sleep(LOCK_RETRY_MS, undefined, { signal }).catch(() => undefined);
  }
}
