import { indexPendingSegments } from "@/lib/wal/index-pending-segments";
import type { Processor } from "@/worker/processor";

// A run reads at most this many segments, oldest first; the supervisor queues the next run.
const BATCH = 200;

/** Commit times and restore points of archived segments not read yet, from pg_waldump. */
export const walIndex: Processor<"wal.index"> = async ({ payload, deps, signal, progress }) => {
  // 1. Index the oldest segments not read yet, one pg_waldump each, counting them as progress.
  await indexPendingSegments(deps.db, {
    clusterId: payload.clusterId,
    batch: BATCH,
    bins: deps.pgBinaries,
    storage: deps.config,
    progress,
    signal,
  });
};
