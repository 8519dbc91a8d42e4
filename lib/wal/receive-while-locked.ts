import { setTimeout as sleep } from "node:timers/promises";
import { clusterRemoved } from "@/lib/clusters/cluster-removed";
import { connectionTarget } from "@/lib/clusters/connection-target";
import { connectionVersionOf } from "@/lib/clusters/watch-connection-version";
import type { Db } from "@/lib/db/client";
import { planRestart, type RestartPolicy } from "@/lib/domain/restart-backoff";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { slotNameFor } from "@/lib/pg/receivewal";
import { openRepositoryForWriting } from "@/lib/storage/open-repository";
import { forgetRemovedCluster } from "@/lib/wal/forget-removed-cluster";
import { receiveOnce } from "@/lib/wal/receive-once";
import type { ReceiverLock } from "@/lib/wal/receiver-lock";
import type { ReceiverOptions } from "@/lib/wal/receiver-options";
import { recordReceiver } from "@/lib/wal/receiver-record";
import { streamingCluster } from "@/lib/wal/streaming-cluster";

// pg_receivewal restarts after 1 s, doubling per failure in a row up to 60 s. Time alone never
// ends a streak (stableMs): a run that ends without an error does, however short it was.
const RESTARTS: RestartPolicy = { initialMs: 1_000, maxMs: 60_000, stableMs: Number.POSITIVE_INFINITY };
// After this many failures in a row the receiver is shown as failed (it keeps trying).
const FAILED_AFTER = 5;

/** The receiver proper, run only while holding the cluster's receiver lock; "lock lost" when its connection went. */
export async function receiveWhileLocked(db: Db, opts: ReceiverOptions & { lock: ReceiverLock }): Promise<"done" | "lock lost"> {
  const { clusterId, config, lock } = opts;
  const slotName = slotNameFor(clusterId);
  const signal = AbortSignal.any([opts.signal, lock.lost]);
  let failures = 0;
  // The server last connected to: where the slot is dropped if the cluster is removed.
  let target: ConnectionTarget | null = null;

  while (!signal.aborted) {
    const cluster = await streamingCluster(db, clusterId);
    if (!cluster) break;
    try {
      // The version before the settings it guards (see watchConnectionVersion).
      const version = await connectionVersionOf(db, clusterId);
      target = await connectionTarget(db, clusterId, config.secretKey);
      await receiveOnce(db, {
        ...opts,
        slotName,
        version,
        target,
        repo: openRepositoryForWriting(cluster.repository, config),
        repositoryName: cluster.repository.name,
        synchronous: cluster.synchronousReceive,
        signal,
      });
      failures = 0;
    } catch (err) {
      if (signal.aborted || (await clusterRemoved(db, clusterId))) break;
      const restart = planRestart(RESTARTS, failures, 0);
      failures = restart.streak;
      const message = (err as Error).message;
      await recordReceiver(db, clusterId, {
        state: failures >= FAILED_AFTER ? "failed" : "retrying",
        slotName,
        lastError: message,
        restarted: true,
      });
      await opts.log(`receiver stopped (${failures} in a row): ${message}`);
      await sleep(restart.delayMs, undefined, { signal }).catch(() => undefined);
    }
  }
  if (lock.lost.aborted && !opts.signal.aborted) return "lock lost";
  if (!signal.aborted && (await clusterRemoved(db, clusterId)))
    await forgetRemovedCluster({ clusterId, spoolDir: config.spoolDir, slotName, target });
  else await recordReceiver(db, clusterId, { state: "stopped", slotName });
  return "done";
}
