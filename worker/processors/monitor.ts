import { setTimeout as sleep } from "node:timers/promises";
import { monitorPass } from "@/lib/monitor/monitor-pass";
import type { Processor } from "@/worker/processor";

/**
 * Watches one cluster for as long as it exists, one pass every interval. A removed cluster ends
 * the job quietly; a failed pass is logged and the next one tries again.
 */
export const monitor: Processor<"monitor"> = async ({ payload, deps, signal, progress }) => {
  const { intervalMs } = deps.config.monitor;
  if (intervalMs === 0) return; // monitoring turned off since the job was queued
  await progress({ phase: "watching" });
  while (!signal.aborted) {
    const started = Date.now();
    // 1. One pass: a sample of the server and the archive, then the alert rules over it.
    const pass = await monitorPass(deps.db, { clusterId: payload.clusterId, config: deps.config, signal });
    if (pass === "removed") return;
    if (pass === "stopped") break;
    // 2. Wait out the rest of the interval (the signal cuts it short).
    await sleep(Math.max(0, intervalMs - (Date.now() - started)), undefined, { signal }).catch(() => undefined);
  }
};
