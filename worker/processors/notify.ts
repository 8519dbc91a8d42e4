import { UnrecoverableError } from "bullmq";
import { ALERT_RULES, isAlertRule } from "@/lib/domain/alert-rules";
import { emailMessage, webhookBody, type NotificationSubject } from "@/lib/domain/notification-message";
import { channelTarget } from "@/lib/notify/channels";
import { DeliveryError } from "@/lib/notify/delivery-error";
import { recordDeliveryAttempt } from "@/lib/notify/delivery-record";
import { sendEmail } from "@/lib/notify/send-email";
import { sendWebhook } from "@/lib/notify/send-webhook";
import { JOB_TYPES } from "@/lib/queue/job-types";
import type { Processor } from "@/worker/processor";

/**
 * Sends one delivery: 1. load it with its channel and alert; 2. build the message; 3. send;
 * 4. record the attempt. A failure that a retry can fix is thrown for BullMQ to retry with
 * backoff; one that cannot (a 404, a refused recipient) ends the delivery at once.
 */
export const notify: Processor<"notify"> = async ({ payload, deps, signal }) => {
  const { db, config } = deps;
  // 1. load
  const d = await db.notificationDelivery.findUnique({
    where: { id: payload.deliveryId },
    include: { channel: true, alert: { include: { cluster: { select: { name: true } } } } },
  });
  if (!d) throw new UnrecoverableError("The notification is gone: its channel or alert was removed.");
  if (d.status !== "pending") return; // a retry of a job whose send was already recorded
  const attempt = d.attempts + 1;
  const final = attempt >= JOB_TYPES.notify.attempts;

  // 2. message
  const a = d.alert;
  const subject: NotificationSubject = {
    event: d.event,
    channelName: d.channel.name,
    sentAt: new Date(),
    alert: a
      ? {
          id: a.id,
          rule: a.rule,
          ruleLabel: isAlertRule(a.rule) ? ALERT_RULES[a.rule].label : a.rule,
          severity: a.severity,
          state: a.state,
          message: a.message,
          clusterId: a.clusterId,
          clusterName: a.cluster.name,
          firstSeenAt: a.firstSeenAt,
          lastSeenAt: a.lastSeenAt,
          resolvedAt: a.resolvedAt,
          occurrences: a.occurrences,
          details: a.details,
        }
      : null,
  };

  // 3. send
  const startedAt = new Date();
  try {
    const target = channelTarget(d.channel, config.secretKey);
    const { response } =
      target.kind === "webhook" ? await sendWebhook(target.url, webhookBody(subject, target.format), signal) : await sendEmail(target, emailMessage(subject), signal);
    // 4. record
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
};
