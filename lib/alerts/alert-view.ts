import type { Alert, DeliveryAttempt, NotificationDelivery } from "@/lib/db/generated/client";
import { readAlertDetails, type AlertDetails } from "@/lib/domain/alert-details";
import { ALERT_RULES, isAlertRule } from "@/lib/domain/alert-rules";

export interface AlertView {
  id: string;
  clusterId: string;
  clusterName: string;
  rule: string;
  /** The rule's name for people ("Archive failing"). */
  ruleLabel: string;
  severity: "info" | "warning" | "critical";
  message: string;
  details: AlertDetails | null;
  state: "open" | "acknowledged" | "resolved";
  firstSeenAt: string;
  lastSeenAt: string;
  occurrences: number;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  ackComment: string | null;
  resolvedAt: string | null;
}

export interface DeliveryView {
  id: string;
  channelId: string;
  channelName: string;
  alertId: string | null;
  event: "opened" | "resolved" | "test";
  status: "pending" | "sent" | "failed";
  attempts: { attempt: number; startedAt: string; durationMs: number; ok: boolean; response: string | null; error: string | null }[];
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

export type AlertRow = Alert & { cluster: { name: string }; acknowledgedBy: { username: string } | null };
export type DeliveryRow = NotificationDelivery & { channel: { name: string }; attemptRows: DeliveryAttempt[] };

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentAlert(a: AlertRow): AlertView {
  return {
    id: a.id,
    clusterId: a.clusterId,
    clusterName: a.cluster.name,
    rule: a.rule,
    ruleLabel: isAlertRule(a.rule) ? ALERT_RULES[a.rule].label : a.rule,
    severity: a.severity,
    message: a.message,
    details: readAlertDetails(a),
    state: a.state,
    firstSeenAt: a.firstSeenAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    occurrences: a.occurrences,
    acknowledgedBy: a.acknowledgedBy?.username ?? null,
    acknowledgedAt: iso(a.acknowledgedAt),
    ackComment: a.ackComment,
    resolvedAt: iso(a.resolvedAt),
  };
}

export function presentDelivery(d: DeliveryRow): DeliveryView {
  return {
    id: d.id,
    channelId: d.channelId,
    channelName: d.channel.name,
    alertId: d.alertId,
    event: d.event,
    status: d.status,
    attempts: [...d.attemptRows]
      .sort((x, y) => x.attempt - y.attempt)
      .map((t) => ({
        attempt: t.attempt,
        startedAt: t.startedAt.toISOString(),
        durationMs: t.durationMs,
        ok: t.ok,
        response: t.response,
        error: t.error,
      })),
    error: d.error,
    createdAt: d.createdAt.toISOString(),
    sentAt: iso(d.sentAt),
  };
}
