import { runReceiver } from "@/lib/wal/run-receiver";
import type { Processor } from "@/worker/processor";

/**
 * Streaming archiving for one cluster, for as long as the cluster asks for it (lib/wal/run-receiver.ts):
 * pg_receivewal through the cluster's slot into the repository, restarted with backoff, one
 * receiver per cluster by its receiver lock. Runs until the worker stops or the cluster is removed.
 */
export const walStream: Processor<"wal.stream"> = async ({ payload, deps, signal, log }) => {
  // 1. receive — until stopped; the receiver row and this job's log say what happened
  await runReceiver(deps.db, {
    clusterId: payload.clusterId,
    config: deps.config,
    bins: deps.pgBinaries,
    log,
    signal,
  });
};
