/**
 * What a notification says, built from the alert: the JSON body a webhook receives (Wayback's own
 * shape, or Slack's incoming-webhook shape, which Mattermost and Rocket.Chat also accept) and the
 * subject and text of an email. PagerDuty, Opsgenie, Teams and Discord bodies are built from the
 * same parts in their own files (notification-pagerduty.ts, …).
 */
export interface NotificationAlert {
  id: string;
  rule: string;
  ruleLabel: string;
  severity: "info" | "warning" | "critical";
  state: "open" | "acknowledged" | "resolved";
  message: string;
  clusterId: string;
  clusterName: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  occurrences: number;
  details: unknown;
}

export interface NotificationSubject {
  event: "opened" | "resolved" | "test";
  channelName: string;
  /** Null for a test message. */
  alert: NotificationAlert | null;
  sentAt: Date;
  /**
   * What ties an alert's open and resolve together at a paging service (PagerDuty's dedup_key,
   * Opsgenie's alias): `wayback-<alert id>`; a test's is `wayback-test-<delivery id>`, the same on
   * every retry of that test.
   */
  dedupKey: string;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** `text` cut to `max` characters, ending in … when cut: services refuse longer fields. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function headline(s: NotificationSubject): string {
  if (!s.alert) return `Wayback test notification for channel "${s.channelName}"`;
  const a = s.alert;
  return s.event === "resolved" ? `[resolved] ${a.ruleLabel} on ${a.clusterName}` : `[${a.severity}] ${a.ruleLabel} on ${a.clusterName}`;
}

/** The message's text under its headline: the alert's message and when it began, or when it resolved. */
export function body(s: NotificationSubject): string {
  if (!s.alert) return `This is a test from Wayback at ${s.sentAt.toISOString()}: the channel "${s.channelName}" works.`;
  const a = s.alert;
  if (s.event === "resolved") {
    return `Resolved at ${iso(a.resolvedAt) ?? s.sentAt.toISOString()} (first seen ${a.firstSeenAt.toISOString()}, seen ${a.occurrences} time${a.occurrences === 1 ? "" : "s"}).\nIt was: ${a.message}`;
  }
  return `${a.message}\nFirst seen ${a.firstSeenAt.toISOString()}.`;
}

export function webhookBody(s: NotificationSubject, format: "json" | "slack"): unknown {
  if (format === "slack") return { text: `*${headline(s)}*\n${body(s)}` };
  return {
    event: s.event,
    sentAt: s.sentAt.toISOString(),
    channel: s.channelName,
    summary: headline(s),
    alert: s.alert
      ? {
          id: s.alert.id,
          rule: s.alert.rule,
          title: s.alert.ruleLabel,
          severity: s.alert.severity,
          state: s.alert.state,
          message: s.alert.message,
          cluster: { id: s.alert.clusterId, name: s.alert.clusterName },
          firstSeenAt: s.alert.firstSeenAt.toISOString(),
          lastSeenAt: s.alert.lastSeenAt.toISOString(),
          resolvedAt: iso(s.alert.resolvedAt),
          occurrences: s.alert.occurrences,
          details: s.alert.details ?? null,
        }
      : null,
  };
}

export function emailMessage(s: NotificationSubject): { subject: string; text: string } {
  return { subject: `Wayback: ${headline(s)}`, text: `${headline(s)}\n\n${body(s)}\n\n— Wayback (channel "${s.channelName}")\n` };
}
