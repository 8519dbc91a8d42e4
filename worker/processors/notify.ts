import { notificationSubject } from "@/lib/domain/notification-subject";
import { loadPendingDelivery } from "@/lib/notify/load-delivery";
import { sendDelivery } from "@/lib/notify/send-delivery";
import type { Processor } from "@/worker/processor";

/** Sends one delivery; a failure a retry can fix is retried by BullMQ with backoff, any other ends it. */
export const notify: Processor<"notify"> = async ({ payload, deps, signal }) => {
  const { db } = deps;
  // 1. Load the delivery with its channel and alert; one already sent or failed (a retried job) ends here.
  const delivery = await loadPendingDelivery(db, { deliveryId: payload.deliveryId });
  if (!delivery) return;
  // 2. Message: what the alert (or the test) says, under the rule's label.
  const subject = notificationSubject(delivery, new Date());
  // 3. Send over the channel, and 4. record the attempt, whatever happened.
  await sendDelivery(db, { delivery, subject, secretKey: deps.config.secretKey, apiUrls: deps.config.notify.apiUrls, signal });
};
