import { body, clip, headline, type NotificationSubject } from "./notification-message";

/**
 * Discord channel webhooks (https://discord.com/developers/docs/resources/webhook#execute-webhook):
 * the headline as content, the alert as one embed. `allowed_mentions` parses nothing, so an alert
 * message that contains "@everyone" pings nobody.
 */
export interface DiscordMessage {
  username: string;
  content: string;
  embeds: {
    description: string;
    color: number;
    fields: { name: string; value: string; inline: boolean }[];
    timestamp: string;
    footer: { text: string };
  }[];
  allowed_mentions: { parse: never[] };
}

// Discord's limits: content 2000, embed description 4096, field value 1024 characters.
const CONTENT_MAX = 2000;
const DESCRIPTION_MAX = 4096;
const FIELD_MAX = 1024;

// Red, amber, blue; green once resolved.
const COLOR = { critical: 0xd92d20, warning: 0xf79009, info: 0x2e90fa, resolved: 0x12b76a } as const;

export function discordMessage(s: NotificationSubject): DiscordMessage {
  const a = s.alert;
  const field = (name: string, value: string) => ({ name, value: clip(value, FIELD_MAX), inline: true });
  return {
    username: "Wayback",
    content: clip(headline(s), CONTENT_MAX),
    embeds: [
      {
        description: clip(body(s), DESCRIPTION_MAX),
        color: a ? COLOR[s.event === "resolved" ? "resolved" : a.severity] : COLOR.info,
        fields: a
          ? [
              field("Cluster", a.clusterName),
              field("Rule", a.rule),
              field("Severity", a.severity),
              field("Occurrences", String(a.occurrences)),
            ]
          : [],
        timestamp: s.sentAt.toISOString(),
        footer: { text: `Wayback · channel ${clip(s.channelName, 100)}` },
      },
    ],
    allowed_mentions: { parse: [] },
  };
}
