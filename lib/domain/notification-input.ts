import { z } from "zod";
import { portInput } from "./whole-number-input";

/**
 * Notification channels as users configure them (the Notifications page and
 * /api/v1/notification-channels): a webhook (JSON, or Slack's incoming-webhook format), email over
 * SMTP, PagerDuty (Events API v2), Opsgenie, a Microsoft Teams Workflows webhook or a Discord
 * webhook, each with the severities and clusters it covers.
 */
export const SEVERITIES = ["info", "warning", "critical"] as const;
export const CHANNEL_KINDS = ["webhook", "email", "pagerduty", "opsgenie", "teams", "discord"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
/** Which of the service's two sites (US or EU) a PagerDuty or Opsgenie account lives on. */
export const PAGING_REGIONS = ["us", "eu"] as const;
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

/** Discord's own shape (checked again by the verb on a PATCH, whose schema does not know the kind), so a Teams or Slack URL pasted here is caught before the first alert. */
export const discordUrl = webhookUrl.refine(
  (v) => /^\/api\/webhooks\/\d+\/[\w-]+\/?$/.test(new URL(v).pathname),
  "A Discord webhook URL looks like https://discord.com/api/webhooks/<id>/<token>: copy it from the channel's Integrations → Webhooks.",
);
/** An Events API v2 integration key: PagerDuty refuses any other length. */
const routingKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{32}$/, "Enter the 32-character integration key of the service's Events API v2 integration.");
const apiKey = z
  .string()
  .trim()
  .min(1, "Enter the API key of the Opsgenie integration.")
  .max(200, "An Opsgenie API key is far shorter: copy it again.")
  .regex(/^[A-Za-z0-9-]+$/, "An Opsgenie API key has only letters, digits and dashes: copy it again.");
const region = z.enum(PAGING_REGIONS, { error: "Choose us or eu: the site your account is on." });

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

const coverage = {
  name,
  enabled: z.boolean().default(true),
  severities: severities.default(["warning", "critical"]),
  clusterIds: clusterIds.default([]),
};

export const webhookChannelInput = z.object({
  kind: z.literal("webhook"),
  ...coverage,
  /** Kept encrypted: webhook URLs usually carry their token. */
  url: webhookUrl,
  format: z.enum(WEBHOOK_FORMATS, { error: "Choose json or slack." }).default("json"),
});

export const emailChannelInput = z.object({
  kind: z.literal("email"),
  ...coverage,
  host,
  port: port.default(587),
  /** starttls: plain connection upgraded (port 587); tls: TLS from the start (465); none: never TLS. */
  security: z.enum(SMTP_SECURITY, { error: "Choose starttls, tls or none." }).default("starttls"),
  username: username.optional(),
  password: password.optional(),
  from: email,
  to: recipients,
});

export const pagerdutyChannelInput = z.object({
  kind: z.literal("pagerduty"),
  ...coverage,
  /** Kept encrypted: whoever has it can open incidents on the service. */
  routingKey,
  region: region.default("us"),
});

export const opsgenieChannelInput = z.object({
  kind: z.literal("opsgenie"),
  ...coverage,
  /** Kept encrypted; sent as `Authorization: GenieKey <key>`. */
  apiKey,
  region: region.default("us"),
});

/** Teams: the URL of a Workflows "when a webhook request is received" flow, which carries its signature. */
export const teamsChannelInput = z.object({ kind: z.literal("teams"), ...coverage, url: webhookUrl });

export const discordChannelInput = z.object({ kind: z.literal("discord"), ...coverage, url: discordUrl });

export const channelCreateInput = z.discriminatedUnion(
  "kind",
  [webhookChannelInput, emailChannelInput, pagerdutyChannelInput, opsgenieChannelInput, teamsChannelInput, discordChannelInput],
  { error: "Choose the kind of channel: webhook, email, pagerduty, opsgenie, teams or discord." },
);
export type ChannelCreateInput = z.infer<typeof channelCreateInput>;
export type ChannelCreateFields = z.input<typeof channelCreateInput>;

/**
 * PATCH: absent fields keep their value; `url`, `password`, `routingKey` and `apiKey` replace the
 * stored secret (a null password removes it). Fields of another kind are refused by the verb,
 * which knows the kind.
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
  routingKey: routingKey.optional(),
  apiKey: apiKey.optional(),
  region: region.optional(),
});
export type ChannelUpdateInput = z.infer<typeof channelUpdateInput>;

/** The settings each kind has besides name, enabled and coverage; a PATCH may touch only these. */
export const KIND_FIELDS = {
  webhook: ["url", "format"],
  email: ["host", "port", "security", "username", "password", "from", "to"],
  pagerduty: ["routingKey", "region"],
  opsgenie: ["apiKey", "region"],
  teams: ["url"],
  discord: ["url"],
} as const satisfies Record<ChannelKind, readonly (keyof ChannelUpdateInput)[]>;

/** The field that holds each kind's secret (stored encrypted, never shown). */
export const SECRET_FIELD = {
  webhook: "url",
  email: "password",
  pagerduty: "routingKey",
  opsgenie: "apiKey",
  teams: "url",
  discord: "url",
} as const satisfies Record<ChannelKind, keyof ChannelUpdateInput>;

/** The fields of `input` that `kind` does not have, for the verb to refuse by name. */
export function foreignFields(kind: ChannelKind, input: ChannelUpdateInput): string[] {
  const own: readonly string[] = KIND_FIELDS[kind];
  const shared = ["name", "enabled", "severities", "clusterIds"];
  return Object.entries(input)
    .filter(([k, v]) => v !== undefined && !shared.includes(k) && !own.includes(k))
    .map(([k]) => k);
}

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
