import { body, headline, type NotificationSubject } from "./notification-message";

/**
 * Microsoft Teams: Office 365 connectors (MessageCard) are retired; a Workflows flow "when a Teams
 * webhook request is received" posts the Adaptive Cards of a message's attachments to its channel.
 * Version 1.4 is what Teams renders in every client.
 */
export interface TeamsMessage {
  type: "message";
  attachments: {
    contentType: "application/vnd.microsoft.card.adaptive";
    contentUrl: null;
    content: {
      $schema: string;
      type: "AdaptiveCard";
      version: string;
      body: (
        | { type: "TextBlock"; text: string; wrap: true; weight?: "Bolder"; size?: "Medium"; color?: string }
        | { type: "FactSet"; facts: { title: string; value: string }[] }
      )[];
    };
  }[];
}

// Adaptive Card colours: red for critical, amber for warning, green once resolved.
const COLOR = { critical: "Attention", warning: "Warning", info: "Accent", resolved: "Good" } as const;

function facts(s: NotificationSubject): { title: string; value: string }[] {
  const a = s.alert;
  if (!a) return [];
  return [
    { title: "Cluster", value: a.clusterName },
    { title: "Rule", value: a.rule },
    { title: "Severity", value: a.severity },
    { title: "First seen", value: a.firstSeenAt.toISOString() },
    ...(a.resolvedAt ? [{ title: "Resolved", value: a.resolvedAt.toISOString() }] : []),
    { title: "Occurrences", value: String(a.occurrences) },
  ];
}

export function teamsMessage(s: NotificationSubject): TeamsMessage {
  const color = s.alert ? COLOR[s.event === "resolved" ? "resolved" : s.alert.severity] : COLOR.info;
  const f = facts(s);
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: headline(s), wrap: true, weight: "Bolder", size: "Medium", color },
            { type: "TextBlock", text: body(s), wrap: true },
            ...(f.length > 0 ? [{ type: "FactSet" as const, facts: f }] : []),
          ],
        },
      },
    ],
  };
}
