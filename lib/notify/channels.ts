import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import {
  readChatSettings,
  readEmailSettings,
  readPagingSettings,
  readWebhookSettings,
  type ChatSettings,
  type EmailSettings,
  type PagingSettings,
  type WebhookSettings,
} from "@/lib/domain/channel-settings";
import {
  channelCreateInput,
  discordUrl,
  foreignFields,
  redactUrl,
  SECRET_FIELD,
  type ChannelCreateFields,
  type ChannelCreateInput,
  type ChannelKind,
  type ChannelUpdateInput,
} from "@/lib/domain/notification-input";
import { AppError, notFound } from "@/lib/errors/app-error";
import { presentChannel, type ChannelView } from "@/lib/notify/channel-view";

/**
 * Notification channel verbs. Each kind's secret (the webhook, Teams or Discord URL with its
 * token, the SMTP password, the PagerDuty integration key, the Opsgenie API key) is encrypted with
 * the secret key, bound to the channel's id, and only decrypted by the worker that sends.
 */
export const channelSecretContext = (id: string) => `notification-channel:${id}:secret`;

const withLast = {
  deliveries: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, event: true, createdAt: true, error: true } },
} satisfies Prisma.NotificationChannelInclude;

export async function listChannels(db: Db): Promise<ChannelView[]> {
  return (await db.notificationChannel.findMany({ include: withLast, orderBy: { name: "asc" } })).map(presentChannel);
}

export async function getChannel(db: Db, id: string): Promise<ChannelView> {
  const row = await db.notificationChannel.findUnique({ where: { id }, include: withLast });
  if (!row) throw notFound("The notification channel");
  return presentChannel(row);
}

async function assertNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  const other = await db.notificationChannel.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId)
    throw new AppError("conflict", `A channel named "${name}" exists already: choose another name.`, { name: ["This name is taken."] });
}

async function assertClustersExist(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.cluster.count({ where: { id: { in: ids } } });
  if (found !== new Set(ids).size)
    throw new AppError("validation_failed", "Some of the chosen clusters do not exist (removed meanwhile?): choose them again.", {
      clusterIds: ["Unknown cluster."],
    });
}

export async function createChannel(db: Db, opts: { input: ChannelCreateFields; secretKey: Buffer }): Promise<{ id: string }> {
  const input = channelCreateInput.parse(opts.input);
  await assertNameFree(db, input.name);
  await assertClustersExist(db, input.clusterIds);
  const id = randomUUID();
  const { settings, secret } = storedFields(input);
  await db.notificationChannel.create({
    data: {
      id,
      name: input.name,
      kind: input.kind,
      enabled: input.enabled,
      settings,
      secretEncrypted: secret === null ? null : encryptSecret(secret, opts.secretKey, channelSecretContext(id)),
      severities: input.severities,
      clusterIds: input.clusterIds,
    },
  });
  return { id };
}

type Settings = WebhookSettings | EmailSettings | PagingSettings | ChatSettings;

/** What a new channel keeps in `settings` (shown) and encrypted (its secret; none for email without login). */
function storedFields(input: ChannelCreateInput): { settings: Settings; secret: string | null } {
  switch (input.kind) {
    case "webhook":
      return { settings: { format: input.format, target: redactUrl(input.url) }, secret: input.url };
    case "email": {
      const { host, port, security, from, to } = input;
      return { settings: { host, port, security, username: input.username || null, from, to }, secret: input.password || null };
    }
    case "pagerduty":
      return { settings: { region: input.region }, secret: input.routingKey };
    case "opsgenie":
      return { settings: { region: input.region }, secret: input.apiKey };
    case "teams":
    case "discord":
      return { settings: { target: redactUrl(input.url) }, secret: input.url };
  }
}

/** `settings` after a PATCH: absent fields keep their stored value. */
function updatedSettings(current: { id: string; kind: ChannelKind; settings: unknown }, input: ChannelUpdateInput): Settings {
  switch (current.kind) {
    case "webhook": {
      const s = readWebhookSettings(current);
      return { format: input.format ?? s.format, target: input.url ? redactUrl(input.url) : s.target };
    }
    case "email": {
      const s = readEmailSettings(current);
      return {
        host: input.host ?? s.host,
        port: input.port ?? s.port,
        security: input.security ?? s.security,
        username: input.username === undefined ? s.username : input.username || null,
        from: input.from ?? s.from,
        to: input.to ?? s.to,
      };
    }
    case "pagerduty":
    case "opsgenie":
      return { region: input.region ?? readPagingSettings(current).region };
    case "teams":
    case "discord":
      return { target: input.url ? redactUrl(input.url) : readChatSettings(current).target };
  }
}

export async function updateChannel(db: Db, opts: { id: string; input: ChannelUpdateInput; secretKey: Buffer }): Promise<void> {
  const { id, input } = opts;
  const current = await db.notificationChannel.findUnique({ where: { id } });
  if (!current) throw notFound("The notification channel");
  const foreign = foreignFields(current.kind, input);
  if (foreign.length > 0) {
    throw new AppError(
      "validation_failed",
      `${foreign.join(", ")} ${foreign.length === 1 ? "does" : "do"} not apply to ${current.kind} channels: remove ${foreign.length === 1 ? "it" : "them"}, or create a new channel of another kind.`,
      Object.fromEntries(foreign.map((k) => [k, [`Not a setting of ${current.kind} channels.`]])),
    );
  }
  const badUrl = current.kind === "discord" && input.url !== undefined ? discordUrl.safeParse(input.url).error : undefined;
  if (badUrl) throw new AppError("validation_failed", badUrl.issues[0]!.message, { url: [badUrl.issues[0]!.message] });
  if (input.name !== undefined) await assertNameFree(db, input.name, id);
  if (input.clusterIds !== undefined) await assertClustersExist(db, input.clusterIds);
  // The new secret: a value replaces the stored one; only email's password can be removed (null or "").
  const secret = input[SECRET_FIELD[current.kind]];
  const secretEncrypted =
    secret === undefined
      ? undefined
      : secret === null || secret === ""
        ? null
        : encryptSecret(secret, opts.secretKey, channelSecretContext(id));
  const settings = updatedSettings(current, input);
  await db.notificationChannel.update({
    where: { id },
    data: {
      name: input.name,
      enabled: input.enabled,
      severities: input.severities,
      clusterIds: input.clusterIds,
      settings,
      secretEncrypted,
    },
  });
}

export async function deleteChannel(db: Db, id: string): Promise<void> {
  const done = await db.notificationChannel.deleteMany({ where: { id } });
  if (done.count === 0) throw notFound("The notification channel");
}

/** How the worker reaches a channel, with its secret decrypted for this send only. */
export type ChannelTarget =
  | { kind: "webhook"; name: string; url: string; format: "json" | "slack" }
  | ({ kind: "email"; name: string; password: string | null } & EmailSettings)
  | ({ kind: "pagerduty"; name: string; routingKey: string } & PagingSettings)
  | ({ kind: "opsgenie"; name: string; apiKey: string } & PagingSettings)
  | { kind: "teams" | "discord"; name: string; url: string };

const SECRET_NAME = {
  webhook: "URL",
  email: "password",
  pagerduty: "integration key",
  opsgenie: "API key",
  teams: "workflow URL",
  discord: "webhook URL",
} as const satisfies Record<ChannelKind, string>;

export function channelTarget(
  row: { id: string; name: string; kind: ChannelKind; settings: Prisma.JsonValue; secretEncrypted: string | null },
  secretKey: Buffer,
): ChannelTarget {
  const secret = row.secretEncrypted === null ? null : decryptSecret(row.secretEncrypted, secretKey, channelSecretContext(row.id));
  if (row.kind === "email") return { kind: "email", name: row.name, password: secret, ...readEmailSettings(row) };
  if (secret === null) {
    const what = SECRET_NAME[row.kind];
    throw new Error(`The ${row.kind} channel "${row.name}" has no ${what} stored: edit it and enter the ${what} again.`);
  }
  switch (row.kind) {
    case "webhook":
      return { kind: "webhook", name: row.name, url: secret, format: readWebhookSettings(row).format };
    case "pagerduty":
      return { kind: "pagerduty", name: row.name, routingKey: secret, ...readPagingSettings(row) };
    case "opsgenie":
      return { kind: "opsgenie", name: row.name, apiKey: secret, ...readPagingSettings(row) };
    case "teams":
    case "discord":
      return { kind: row.kind, name: row.name, url: secret };
  }
}
