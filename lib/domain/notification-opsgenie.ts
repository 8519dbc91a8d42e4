import { body, clip, headline, type NotificationSubject } from "./notification-message";
import type { OutgoingPost } from "./outgoing-post";

/**
 * Opsgenie Alert API (https://docs.opsgenie.com/docs/alert-api): an opened alert creates an
 * Opsgenie alert with `alias` = the subject's dedup key (Opsgenie folds a second create with an
 * open alias into the first), its resolve closes it by that alias. A test creates a P5 alert and
 * closes it at once. The key goes in the `Authorization: GenieKey <key>` header, never the body.
 */
export const OPSGENIE_API = { us: "https://api.opsgenie.com", eu: "https://api.eu.opsgenie.com" } as const;

// Opsgenie's limits: longer fields are refused (422) or cut by the service.
const MESSAGE_MAX = 130;
const ALIAS_MAX = 512;
const DESCRIPTION_MAX = 15_000;
const DETAIL_VALUE_MAX = 1_000;

const PRIORITY = { critical: "P1", warning: "P3", info: "P5" } as const;

export interface OpsgenieCreate {
  message: string;
  alias: string;
  description: string;
  /** Opsgenie keeps details as text: every value is a string. */
  details: Record<string, string>;
  entity?: string;
  source: string;
  priority: "P1" | "P2" | "P3" | "P4" | "P5";
  tags: string[];
}

const text = (v: unknown) => clip(typeof v === "string" ? v : JSON.stringify(v), DETAIL_VALUE_MAX);

function details(s: NotificationSubject): Record<string, string> {
  const a = s.alert;
  if (!a) return {};
  const extra =
    a.details && typeof a.details === "object" && !Array.isArray(a.details)
      ? Object.fromEntries(Object.entries(a.details).map(([k, v]) => [k, text(v)]))
      : a.details == null
        ? {}
        : { details: text(a.details) };
  return {
    ...extra,
    cluster: a.clusterName,
    clusterId: a.clusterId,
    rule: a.rule,
    severity: a.severity,
    firstSeenAt: a.firstSeenAt.toISOString(),
    occurrences: String(a.occurrences),
  };
}

function create(s: NotificationSubject): OpsgenieCreate {
  const a = s.alert;
  return {
    message: clip(a ? `${a.ruleLabel} on ${a.clusterName}` : headline(s), MESSAGE_MAX),
    alias: clip(s.dedupKey, ALIAS_MAX),
    description: clip(body(s), DESCRIPTION_MAX),
    details: details(s),
    ...(a ? { entity: a.clusterName } : {}),
    source: "Wayback",
    priority: a ? PRIORITY[a.severity] : "P5",
    tags: a ? ["wayback", a.severity, a.rule] : ["wayback", "test"],
  };
}

function close(s: NotificationSubject): OutgoingPost {
  const at = s.alert?.resolvedAt ?? s.sentAt;
  return {
    path: `/v2/alerts/${encodeURIComponent(clip(s.dedupKey, ALIAS_MAX))}/close?identifierType=alias`,
    body: { source: "Wayback", note: s.alert ? `Resolved in Wayback at ${at.toISOString()}.` : "Wayback test: closed at once." },
  };
}

/** The requests one delivery sends, in order. */
export function opsgeniePosts(s: NotificationSubject): OutgoingPost[] {
  const opened = { path: "/v2/alerts", body: create(s) };
  return s.event === "opened" ? [opened] : s.event === "resolved" ? [close(s)] : [opened, close(s)];
}
