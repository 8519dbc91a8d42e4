import type { Db } from "@/lib/db/client";

/**
 * One try of a delivery, recorded whatever happened; the delivery turns sent, failed (no retry
 * left, or none can help), or stays pending with the last error until the next try.
 */
export async function recordDeliveryAttempt(
  db: Db,
  a: { deliveryId: string; attempt: number; startedAt: Date; ok: boolean; response: string | null; error: string | null; final: boolean },
): Promise<void> {
  const now = new Date();
  await db.$transaction([
    db.deliveryAttempt.create({
      data: {
        deliveryId: a.deliveryId,
        attempt: a.attempt,
        startedAt: a.startedAt,
        durationMs: now.getTime() - a.startedAt.getTime(),
        ok: a.ok,
        response: a.response,
        error: a.error,
      },
    }),
    db.notificationDelivery.update({
      where: { id: a.deliveryId },
      data: a.ok
        ? { status: "sent", attempts: a.attempt, sentAt: now, error: null }
        : { status: a.final ? "failed" : "pending", attempts: a.attempt, error: a.error },
    }),
  ]);
}
