import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { readChannelCoverage } from "@/lib/domain/channel-settings";
import { channelCovers } from "@/lib/domain/notification-input";
import { logger } from "@/lib/log";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

const BATCH = 100;

/**
 * Turns alert events (opened, resolved) not yet dispatched into one delivery per enabled channel
 * that covers the alert, each sent by its own notify job. Rows are claimed with SKIP LOCKED, so
 * every worker can run this and an event is dispatched once. Returns how many deliveries it made.
 */
export async function dispatchAlertEvents(db: Db, queue: Queue, opts: { retryMs: number }): Promise<number> {
  const made = await db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM alert_events WHERE dispatched_at IS NULL ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
    if (claimed.length === 0) return [];
    const ids = claimed.map((r) => r.id);
    const [events, channels] = await Promise.all([
      tx.alertEvent.findMany({
        where: { id: { in: ids } },
        include: { alert: { select: { clusterId: true, severity: true } } },
        orderBy: { createdAt: "asc" },
      }),
      tx.notificationChannel.findMany({ where: { enabled: true }, select: { id: true, severities: true, clusterIds: true } }),
    ]);
    const out: { job: Job; deliveryId: string }[] = [];
    for (const e of events) {
      for (const ch of channels) {
        if (!channelCovers(readChannelCoverage(ch), e.alert)) continue;
        const job = await recordJob(tx, "notify", { clusterId: null });
        const delivery = await tx.notificationDelivery.create({
          data: { channelId: ch.id, alertId: e.alertId, event: e.kind, jobId: job.id },
        });
        out.push({ job, deliveryId: delivery.id });
      }
    }
    await tx.alertEvent.updateMany({ where: { id: { in: ids } }, data: { dispatchedAt: new Date() } });
    return out;
  });
  for (const m of made) await queueDelivery(db, queue, m, opts.retryMs);
  return made.length;
}

/** After the commit (a worker must see the rows); Redis refusing fails the delivery visibly. */
export async function queueDelivery(db: Db, queue: Queue, m: { job: Job; deliveryId: string }, retryMs: number): Promise<void> {
  try {
    await dispatchJob(db, queue, m.job, { deliveryId: m.deliveryId }, { backoffMs: retryMs });
  } catch (err) {
    logger.error({ err, deliveryId: m.deliveryId }, "could not queue a notification");
    await db.notificationDelivery.update({
      where: { id: m.deliveryId },
      data: { status: "failed", error: `Could not queue the notification: ${(err as Error).message}` },
    });
  }
}
