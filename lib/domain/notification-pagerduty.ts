import { body, clip, headline, type NotificationSubject } from "./notification-message";
import type { OutgoingPost } from "./outgoing-post";

/**
 * PagerDuty Events API v2 (POST /v2/enqueue, https://developer.pagerduty.com/docs/events-api-v2/):
 * an opened alert triggers an incident under `dedup_key` = the subject's dedup key, its resolve
 * resolves that incident. A test triggers an info incident and resolves it at once, so it proves
 * the key without leaving an incident open.
 */
export const PAGERDUTY_API = { us: "https://events.pagerduty.com", eu: "https://events.eu.pagerduty.com" } as const;
export const PAGERDUTY_ENQUEUE = "/v2/enqueue";

// PagerDuty's limits: longer fields make it refuse the event.
const SUMMARY_MAX = 1024;
const DEDUP_KEY_MAX = 255;

export interface PagerDutyEvent {
  routing_key: string;
  event_action: "trigger" | "resolve";
  dedup_key: string;
  /** Trigger only: what the incident shows. */
  payload?: {
    summary: string;
    source: string;
    severity: "critical" | "error" | "warning" | "info";
    timestamp: string;
    class?: string;
    custom_details: Record<string, unknown>;
  };
  client: string;
}

function trigger(s: NotificationSubject, routingKey: string): PagerDutyEvent {
  const a = s.alert;
  return {
    routing_key: routingKey,
    event_action: "trigger",
    dedup_key: clip(s.dedupKey, DEDUP_KEY_MAX),
    payload: a
      ? {
          summary: clip(`${a.ruleLabel} on ${a.clusterName}: ${a.message}`, SUMMARY_MAX),
          source: a.clusterName,
          // Wayback's three severities are PagerDuty's own names; "error" is never used.
          severity: a.severity,
          timestamp: a.firstSeenAt.toISOString(),
          class: a.rule,
          custom_details: {
            message: a.message,
            cluster: { id: a.clusterId, name: a.clusterName },
            rule: a.rule,
            firstSeenAt: a.firstSeenAt.toISOString(),
            lastSeenAt: a.lastSeenAt.toISOString(),
            occurrences: a.occurrences,
            details: a.details ?? null,
          },
        }
      : {
          summary: clip(headline(s), SUMMARY_MAX),
          source: "wayback",
          severity: "info",
          timestamp: s.sentAt.toISOString(),
          custom_details: { message: body(s) },
        },
    client: "Wayback",
  };
}

function resolve(s: NotificationSubject, routingKey: string): PagerDutyEvent {
  return { routing_key: routingKey, event_action: "resolve", dedup_key: clip(s.dedupKey, DEDUP_KEY_MAX), client: "Wayback" };
}

/** The events one delivery sends, in order. */
export function pagerdutyPosts(s: NotificationSubject, routingKey: string): OutgoingPost[] {
  const events =
    s.event === "opened"
      ? [trigger(s, routingKey)]
      : s.event === "resolved"
        ? [resolve(s, routingKey)]
        : [trigger(s, routingKey), resolve(s, routingKey)];
  return events.map((e) => ({ path: PAGERDUTY_ENQUEUE, body: e }));
}
