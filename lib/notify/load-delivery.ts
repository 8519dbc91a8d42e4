import { UnrecoverableError } from "bullmq";
import type { Db } from "@/lib/db/client";

/**
 * The notify job's load phase: the delivery with its channel and alert. A delivery no longer
 * pending is null (a retry of a job whose send was already recorded); a removed one cannot be sent.
 */
export async function loadPendingDelivery(db: Db, opts: { deliveryId: string }) {
  const d = await db.notificationDelivery.findUnique({
    where: { id: opts.deliveryId },
    include: { channel: true, alert: { include: { cluster: { select: { name: true } } } } },
  });
  if (!d) throw new UnrecoverableError("The notification is gone: its channel or alert was removed.");
  return d.status === "pending" ? d : null;
}

export type PendingDelivery = NonNullable<Awaited<ReturnType<typeof loadPendingDelivery>>>;
