import { ALERT_RULES, isAlertRule } from "./alert-rules";
import type { NotificationAlert, NotificationSubject } from "./notification-message";

/** A stored delivery with its channel's name and its alert (null for a test), as read for sending. */
export interface DeliveryToSend {
  id: string;
  event: NotificationSubject["event"];
  channel: { name: string };
  alert: (Omit<NotificationAlert, "ruleLabel" | "clusterName"> & { cluster: { name: string } }) | null;
}

/** What a delivery's message is about: its alert under the rule's label (a rule since renamed keeps its stored name). */
export function notificationSubject(d: DeliveryToSend, sentAt: Date): NotificationSubject {
  const a = d.alert;
  return {
    event: d.event,
    channelName: d.channel.name,
    sentAt,
    dedupKey: a ? `wayback-${a.id}` : `wayback-test-${d.id}`,
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
}
