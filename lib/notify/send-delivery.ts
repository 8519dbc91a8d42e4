import { UnrecoverableError } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { NotificationSubject } from "@/lib/domain/notification-message";
import { channelTarget } from "@/lib/notify/channels";
import { DeliveryError } from "@/lib/notify/delivery-error";
import { recordDeliveryAttempt } from "@/lib/notify/delivery-record";
import type { PendingDelivery } from "@/lib/notify/load-delivery";
import { sendToChannel, type ServiceApiUrls } from "@/lib/notify/send-to-channel";
import { JOB_TYPES } from "@/lib/queue/job-types";

/**
 * The notify job's send and record phases: one try over the channel, recorded whatever happened.
 * A failure a retry can fix is thrown for BullMQ to retry with backoff; one that cannot (a 404, a
 * refused recipient), or the last try, ends the delivery.
 */
export async function sendDelivery(
  db: Db,
  opts: { delivery: PendingDelivery; subject: NotificationSubject; secretKey: Buffer; apiUrls: ServiceApiUrls; signal: AbortSignal },
): Promise<void> {
  const { delivery: d, subject, signal } = opts;
  const attempt = d.attempts + 1;
  const final = attempt >= JOB_TYPES.notify.attempts;
  const startedAt = new Date();
  try {
    const target = channelTarget(d.channel, opts.secretKey);
    // A trigger still being retried when its alert resolved would reach the service after the
    // resolve and open an incident nothing will close: a paging service gets no trigger then.
    if (subject.event === "opened" && subject.alert?.state === "resolved" && (target.kind === "pagerduty" || target.kind === "opsgenie")) {
      throw new DeliveryError(
        "Not sent: the alert resolved before the trigger got through, and paging for it now would open an incident.",
        false,
      );
    }
    const { response } = await sendToChannel(target, subject, { apiUrls: opts.apiUrls, signal });
    await recordDeliveryAttempt(db, { deliveryId: d.id, attempt, startedAt, ok: true, response, error: null, final: true });
  } catch (err) {
    const retryable = err instanceof DeliveryError ? err.retryable : false;
    const message = (err as Error).message;
    await recordDeliveryAttempt(db, {
      deliveryId: d.id,
      attempt,
      startedAt,
      ok: false,
      response: err instanceof DeliveryError ? err.response : null,
      error: message,
      final: final || !retryable,
    });
    throw retryable ? new Error(message) : new UnrecoverableError(message);
  }
}
