import type { Db } from "@/lib/db/client";
import type { ReceiverState } from "@/lib/db/generated/client";

/** The streaming archiver's row: what its supervisor last saw, for the cluster page. */
export async function recordReceiver(
  db: Db,
  clusterId: string,
  update: { state: ReceiverState; slotName: string; lastError?: string | null; lastSegment?: string; slotLagBytes?: bigint | null; restarted?: boolean },
): Promise<void> {
  const { restarted, ...fields } = update;
  await db.walReceiver.upsert({
    where: { clusterId },
    create: { clusterId, ...fields, restarts: restarted ? 1 : 0 },
    update: { ...fields, ...(restarted ? { restarts: { increment: 1 } } : {}) },
  });
}
