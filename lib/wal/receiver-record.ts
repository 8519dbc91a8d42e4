import { clusterRemoved } from "@/lib/clusters/cluster-removed";
import type { Db } from "@/lib/db/client";
import type { ReceiverState } from "@/lib/db/generated/client";

/**
 * The streaming archiver's row: what its supervisor last saw, for the cluster page. Nothing is
 * written once the cluster is removed (the row went with it, and a new one would break its
 * foreign key): the receiver is on its way out then.
 */
export async function recordReceiver(
  db: Db,
  clusterId: string,
  update: {
    state: ReceiverState;
    slotName: string;
    lastError?: string | null;
    lastSegment?: string;
    slotLagBytes?: bigint | null;
    restarted?: boolean;
  },
): Promise<void> {
  const { restarted, ...fields } = update;
  try {
    await db.walReceiver.upsert({
      where: { clusterId },
      create: { clusterId, ...fields, restarts: restarted ? 1 : 0 },
      update: { ...fields, ...(restarted ? { restarts: { increment: 1 } } : {}) },
    });
  } catch (err) {
    if (!(await clusterRemoved(db, clusterId))) throw err;
  }
}
