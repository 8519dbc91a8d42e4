import { z } from "zod";
import { portInput } from "./whole-number-input";

/**
 * Notification channels as users configure them (the Notifications page and
 * /api/v1/notification-channels): a webhook (JSON, or Slack's incoming-webhook format) or email
 * over SMTP, each with the severities and clusters it covers.
 */
export const SEVERITIES = ["info", "warning", "critical"] as const;
export const WEBHOOK_FORMATS = ["json", "slack"] as const;
export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;

const isControl = (v: string) => [...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

const name = z
  .string()
  .trim()
  .min(1, "Give the channel a name.")
  .max(100, "Keep the name to 100 characters or fewer.")
  .refine((v) => !isControl(v), "The name cannot contain control characters.");

const severities = z
  .array(z.enum(SEVERITIES, { error: "Severities are info, warning and critical." }))
  .min(1, "Choose at least one severity.");
/** Empty: every cluster, including ones registered later. */
const clusterIds = z.array(z.uuid("Not a cluster id."));

const webhookUrl = z
  .string()
  .trim()
  .min(1, "Enter the URL to POST to.")
  .max(2000, "Keep the URL under 2000 characters.")
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "Enter a full http(s) URL, e.g. https://hooks.slack.com/services/….");

const email = z.email("Enter an email address like ops@example.com.");
const host = z
  .string()
  .trim()
  .min(1, "Enter the SMTP server's host name.")
  .max(253, "Host names are at most 253 characters.")
  .regex(/^[A-Za-z0-9.:-]+$/, "Enter a host name or IP address, without a port or scheme.");
const port = portInput();
const username = z.string().trim().max(200, "Keep the user name to 200 characters or fewer.");
const password = z.string().max(1000, "Passwords are limited to 1000 characters.");
const recipients = z.array(email).min(1, "Enter at least one recipient.").max(50, "At most 50 recipients.");

export const webhookChannelInput = z.object({
  kind: z.literal("webhook"),
  name,
  enabled: z.boolean().default(true),
  severities: severities.default(["warning", "critical"]),
  clusterIds: clusterIds.default([]),
  /** Kept encrypted: webhook URLs usually carry their token. */
  url: webhookUrl,
  format: z.enum(WEBHOOK_FORMATS, { error: "Choose json or slack." }).default("json"),
});

export const emailChannelInput = z.object({
  kind: z.literal("email"),
  name,
  enabled: z.boolean().default(true),
  severities: severities.default(["warning", "critical"]),
  clusterIds: clusterIds.default([]),
  host,
  port: port.default(587),
  /** starttls: plain connection upgraded (port 587); tls: TLS from the start (465); none: never TLS. */
  security: z.enum(SMTP_SECURITY, { error: "Choose starttls, tls or none." }).default("starttls"),
  username: username.optional(),
  password: password.optional(),
  from: email,
  to: recipients,
});

export const channelCreateInput = z.discriminatedUnion("kind", [webhookChannelInput, emailChannelInput], {
  error: "Choose the kind of channel: webhook or email.",
});
export type ChannelCreateInput = z.infer<typeof channelCreateInput>;
export type ChannelCreateFields = z.input<typeof channelCreateInput>;

/**
 * PATCH: absent fields keep their value; `url` and `password` replace the stored secret (a null
 * password removes it). Fields of the other kind are refused by the verb, which knows the kind.
 */
export const channelUpdateInput = z.object({
  name: name.optional(),
  enabled: z.boolean().optional(),
  severities: severities.optional(),
  clusterIds: clusterIds.optional(),
  url: webhookUrl.optional(),
  format: z.enum(WEBHOOK_FORMATS, { error: "Choose json or slack." }).optional(),
  host: host.optional(),
  port: port.optional(),
  security: z.enum(SMTP_SECURITY, { error: "Choose starttls, tls or none." }).optional(),
  username: username.nullable().optional(),
  password: password.nullable().optional(),
  from: email.optional(),
  to: recipients.optional(),
});
export type ChannelUpdateInput = z.infer<typeof channelUpdateInput>;

export const WEBHOOK_ONLY = ["url", "format"] as const;
export const EMAIL_ONLY = ["host", "port", "security", "username", "password", "from", "to"] as const;

/** "ops@example.com, dba@example.com" or one per line → the list the schema takes. */
export function splitRecipients(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What a channel covers: an alert of one of its severities, on one of its clusters (none listed: all). */
export function channelCovers(
  filter: { severities: readonly string[]; clusterIds: readonly string[] },
  alert: { severity: string; clusterId: string },
): boolean {
  return filter.severities.includes(alert.severity) && (filter.clusterIds.length === 0 || filter.clusterIds.includes(alert.clusterId));
}

/** "https://hooks.slack.com/…": enough to recognise a webhook without showing its token. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return "(unreadable URL)";
  }
}

/** GET /api/v1/notification-channels/:id/deliveries */
export const listDeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
