import { clusterRemoved } from "@/lib/clusters/cluster-removed";
import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { evaluateCluster } from "@/lib/monitor/evaluate-cluster";
import { takeSample } from "@/lib/monitor/take-sample";
import { recordRelationNames } from "@/lib/relations/record-relation-names";

/**
 * One pass of the monitor over one cluster: a sample of the server and the archive stored, then
 * the alert rules run over it and the catalog. A pass that fails (the catalog briefly away) is
 * logged and the next one tries again; an unreachable server is an observation, not a failure.
 * Says "removed" when the cluster is gone, also when it went mid-pass (the sample's rows then
 * cannot be written), and "stopped" when the signal ended it.
 */
export async function monitorPass(
  db: Db,
  opts: { clusterId: string; config: Pick<Config, "monitor" | "secretKey" | "cli">; signal: AbortSignal },
): Promise<"done" | "removed" | "stopped"> {
  const { clusterId, config, signal } = opts;
  const { intervalMs: _interval, ...thresholds } = config.monitor;
  if (await clusterRemoved(db, clusterId)) return "removed";
  try {
    const sample = await takeSample(db, { clusterId, secretKey: config.secretKey, signal });
    // The relation map, so the WAL inspector names tables as they were (decision 0022).
    if (sample.reachable) {
      await recordRelationNames(db, { clusterId, target: await connectionTarget(db, clusterId, config.secretKey), signal });
    }
    await evaluateCluster(db, { clusterId, thresholds, cli: config.cli });
  } catch (err) {
    if (signal.aborted) return "stopped";
    if (await clusterRemoved(db, clusterId).catch(() => false)) return "removed";
    logger.error({ err, clusterId }, "monitor pass failed");
  }
  return "done";
}
