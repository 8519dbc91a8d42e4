import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { recordJob } from "@/lib/queue/enqueue-job";
import { queueDelivery } from "@/lib/notify/dispatch-events";

/** "Send test": a test message to one channel (enabled or not), sent and retried like any other. */
export async function sendTestNotification(
  db: Db,
  queue: Queue,
  opts: { channelId: string; retryMs: number },
): Promise<{ deliveryId: string }> {
  const made = await db.$transaction(async (tx) => {
    const channel = await tx.notificationChannel.findUnique({ where: { id: opts.channelId }, select: { id: true } });
    if (!channel) throw notFound("The notification channel");
    const job = await recordJob(tx, "notify", { clusterId: null });
    const delivery = await tx.notificationDelivery.create({ data: { channelId: channel.id, event: "test", jobId: job.id } });
    return { job, deliveryId: delivery.id };
  });
  await queueDelivery(db, queue, made, opts.retryMs);
  return { deliveryId: made.deliveryId };
}
