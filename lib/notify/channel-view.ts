import type { NotificationChannel } from "@/lib/db/generated/client";
import {
  readChannelCoverage,
  readChatSettings,
  readEmailSettings,
  readPagingSettings,
  readWebhookSettings,
} from "@/lib/domain/channel-settings";
import type { ChannelKind } from "@/lib/domain/notification-input";

/** A notification channel as the API returns it: secrets (URLs with tokens, SMTP password, service keys) never leave the catalog. */
export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  severities: ("info" | "warning" | "critical")[];
  /** Empty: every cluster. */
  clusterIds: string[];
  webhook: { format: "json" | "slack"; target: string } | null;
  email: {
    host: string;
    port: number;
    security: "starttls" | "tls" | "none";
    username: string | null;
    hasPassword: boolean;
    from: string;
    to: string[];
  } | null;
  /** PagerDuty and Opsgenie: the service's site; the key is never shown. */
  paging: { region: "us" | "eu" } | null;
  /** Teams and Discord: scheme://host/… of the webhook URL. */
  chat: { target: string } | null;
  createdAt: string;
  updatedAt: string;
  lastDelivery: { status: "pending" | "sent" | "failed"; event: string; createdAt: string; error: string | null } | null;
}

export type ChannelRow = NotificationChannel & {
  deliveries: { status: "pending" | "sent" | "failed"; event: string; createdAt: Date; error: string | null }[];
};

export function presentChannel(c: ChannelRow): ChannelView {
  const last = c.deliveries[0];
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    enabled: c.enabled,
    ...readChannelCoverage(c),
    webhook: c.kind === "webhook" ? readWebhookSettings(c) : null,
    email: c.kind === "email" ? { ...readEmailSettings(c), hasPassword: c.secretEncrypted !== null } : null,
    paging: c.kind === "pagerduty" || c.kind === "opsgenie" ? readPagingSettings(c) : null,
    chat: c.kind === "teams" || c.kind === "discord" ? readChatSettings(c) : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    lastDelivery: last ? { status: last.status, event: last.event, createdAt: last.createdAt.toISOString(), error: last.error } : null,
  };
}
