/**
 * What a notification channel keeps in its `settings` column besides its secret (the webhook,
 * Teams or Discord URL, the SMTP password, the PagerDuty or Opsgenie key, stored encrypted apart),
 * and which alerts it covers (`severities`, `cluster_ids`). The API shows these; the transports
 * send with them.
 */
import { z } from "zod";
import { readJsonColumn } from "./json-column";
import { PAGING_REGIONS, SEVERITIES, SMTP_SECURITY, WEBHOOK_FORMATS } from "./notification-input";

export const webhookSettings = z.object({
  format: z.enum(WEBHOOK_FORMATS),
  /** scheme://host/… of the URL, for display. */
  target: z.string(),
});
export type WebhookSettings = z.infer<typeof webhookSettings>;

export const emailSettings = z.object({
  host: z.string(),
  port: z.number(),
  security: z.enum(SMTP_SECURITY),
  username: z.string().nullable(),
  from: z.string(),
  to: z.array(z.string()),
});
export type EmailSettings = z.infer<typeof emailSettings>;

/** PagerDuty and Opsgenie: the site the account lives on; the service's API is fixed by it. */
export const pagingSettings = z.object({ region: z.enum(PAGING_REGIONS) });
export type PagingSettings = z.infer<typeof pagingSettings>;

/** Teams and Discord: scheme://host/… of the webhook URL, for display. */
export const chatSettings = z.object({ target: z.string() });
export type ChatSettings = z.infer<typeof chatSettings>;

export interface ChannelCoverage {
  severities: (typeof SEVERITIES)[number][];
  /** Empty: every cluster. */
  clusterIds: string[];
}

type SettingsRow = { id: string; settings: unknown };

export function readWebhookSettings(row: SettingsRow): WebhookSettings {
  return readJsonColumn(webhookSettings, row.settings, { table: "notification_channels", id: row.id, column: "settings" });
}

export function readEmailSettings(row: SettingsRow): EmailSettings {
  return readJsonColumn(emailSettings, row.settings, { table: "notification_channels", id: row.id, column: "settings" });
}

export function readPagingSettings(row: SettingsRow): PagingSettings {
  return readJsonColumn(pagingSettings, row.settings, { table: "notification_channels", id: row.id, column: "settings" });
}

export function readChatSettings(row: SettingsRow): ChatSettings {
  return readJsonColumn(chatSettings, row.settings, { table: "notification_channels", id: row.id, column: "settings" });
}

export function readChannelCoverage(row: { id: string; severities: unknown; clusterIds: unknown }): ChannelCoverage {
  const place = (column: string) => ({ table: "notification_channels", id: row.id, column });
  return {
    severities: readJsonColumn(z.array(z.enum(SEVERITIES)), row.severities, place("severities")),
    clusterIds: readJsonColumn(z.array(z.string()), row.clusterIds, place("cluster_ids")),
  };
}
