import { setTimeout as sleep } from "node:timers/promises";
import { clusterRemoved } from "@/lib/clusters/cluster-removed";
import { logger } from "@/lib/log";
import { evaluateCluster } from "@/lib/monitor/evaluate-cluster";
import { takeSample } from "@/lib/monitor/take-sample";
import type { Processor } from "@/worker/processor";

/**
 * Watches one cluster for as long as it exists: every interval, a sample of the server and the
 * archive is stored, then the alert rules run over it and the catalog. A pass that fails (the
 * catalog briefly away) is logged and the next one tries again; an unreachable server is an
 * observation, not a failure. A removed cluster ends the job quietly, also when it goes mid-pass
 * (the sample's rows then cannot be written).
 */
export const monitor: Processor<"monitor"> = async ({ payload, deps, signal, progress }) => {
  const { db, config } = deps;
  const { intervalMs, ...thresholds } = config.monitor;
  if (intervalMs === 0) return; // monitoring turned off since the job was queued
  await progress({ phase: "watching" });
  while (!signal.aborted) {
    if (await clusterRemoved(db, payload.clusterId)) return;
    const started = Date.now();
    try {
      await takeSample(db, { clusterId: payload.clusterId, secretKey: config.secretKey, signal });
      await evaluateCluster(db, { clusterId: payload.clusterId, thresholds, cli: config.cli });
    } catch (err) {
      if (signal.aborted) break;
      if (await clusterRemoved(db, payload.clusterId).catch(() => false)) return;
      logger.error({ err, clusterId: payload.clusterId }, "monitor pass failed");
    }
    await sleep(Math.max(0, intervalMs - (Date.now() - started)), undefined, { signal }).catch(() => undefined);
  }
};
