import fs from "node:fs/promises";
import path from "node:path";
import { logger } from "@/lib/log";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { dropSlot } from "@/lib/pg/drop-slot";

/**
 * The cluster was removed (its receiver noticed within a poll of its connection version): nothing
 * will read its slot again, and a slot nobody reads makes the server keep WAL until its disk is
 * full, so it is dropped; the spool's leftovers go too. The job then ends as done: its row went
 * with the cluster.
 */
export async function forgetRemovedCluster(opts: {
  clusterId: string;
  spoolDir: string;
  slotName: string;
  target: ConnectionTarget | null;
}): Promise<void> {
  const { clusterId, slotName, target } = opts;
  await fs.rm(path.join(opts.spoolDir, clusterId), { recursive: true, force: true });
  if (target === null) {
    logger.warn(
      { clusterId, slotName },
      `the cluster was removed before its receiver connected: if the server still has slot ${slotName}, drop it there`,
    );
    return;
  }
  try {
    await dropSlot(target, slotName);
    logger.info({ clusterId, slotName }, "the cluster was removed: its receiver stopped and its replication slot was dropped");
  } catch (err) {
    logger.warn(
      { err, clusterId, slotName },
      `the cluster was removed, but its replication slot could not be dropped: drop ${slotName} on the server (SELECT pg_drop_replication_slot('${slotName}'))`,
    );
  }
}
