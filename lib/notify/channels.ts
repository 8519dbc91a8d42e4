import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { readEmailSettings, readWebhookSettings, type EmailSettings, type WebhookSettings } from "@/lib/domain/channel-settings";
import {
  channelCreateInput,
  EMAIL_ONLY,
  redactUrl,
  WEBHOOK_ONLY,
  type ChannelCreateFields,
  type ChannelUpdateInput,
} from "@/lib/domain/notification-input";
import { AppError, notFound } from "@/lib/errors/app-error";
import { presentChannel, type ChannelView } from "@/lib/notify/channel-view";

/**
 * Notification channel verbs. The webhook URL (its token) and the SMTP password are encrypted
 * with the secret key, bound to the channel's id, and only decrypted by the worker that sends.
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
  const secret = input.kind === "webhook" ? input.url : input.password || null;
  const settings: WebhookSettings | EmailSettings =
    input.kind === "webhook"
      ? { format: input.format, target: redactUrl(input.url) }
      : { host: input.host, port: input.port, security: input.security, username: input.username || null, from: input.from, to: input.to };
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

export async function updateChannel(db: Db, opts: { id: string; input: ChannelUpdateInput; secretKey: Buffer }): Promise<void> {
  const { id, input } = opts;
  const current = await db.notificationChannel.findUnique({ where: { id } });
  if (!current) throw notFound("The notification channel");
  const foreign = (current.kind === "webhook" ? EMAIL_ONLY : WEBHOOK_ONLY).filter((k) => input[k] !== undefined);
  if (foreign.length > 0) {
    throw new AppError(
      "validation_failed",
      `${foreign.join(", ")} ${foreign.length === 1 ? "does" : "do"} not apply to ${current.kind} channels: remove ${foreign.length === 1 ? "it" : "them"}, or create a new channel of the other kind.`,
      Object.fromEntries(foreign.map((k) => [k, [`Not a setting of ${current.kind} channels.`]])),
    );
  }
  if (input.name !== undefined) await assertNameFree(db, input.name, id);
  if (input.clusterIds !== undefined) await assertClustersExist(db, input.clusterIds);
  const seal = (v: string) => encryptSecret(v, opts.secretKey, channelSecretContext(id));
  let settings: WebhookSettings | EmailSettings;
  let secretEncrypted: string | null | undefined;
  if (current.kind === "webhook") {
    const s = readWebhookSettings(current);
    settings = { format: input.format ?? s.format, target: input.url ? redactUrl(input.url) : s.target };
    secretEncrypted = input.url ? seal(input.url) : undefined;
  } else {
    const s = readEmailSettings(current);
    settings = {
      host: input.host ?? s.host,
      port: input.port ?? s.port,
      security: input.security ?? s.security,
      username: input.username === undefined ? s.username : input.username || null,
      from: input.from ?? s.from,
      to: input.to ?? s.to,
    };
    secretEncrypted =
      input.password === undefined ? undefined : input.password === null || input.password === "" ? null : seal(input.password);
  }
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
  | ({ kind: "email"; name: string; password: string | null } & EmailSettings);

export function channelTarget(
  row: { id: string; name: string; kind: "webhook" | "email"; settings: Prisma.JsonValue; secretEncrypted: string | null },
  secretKey: Buffer,
): ChannelTarget {
  const secret = row.secretEncrypted === null ? null : decryptSecret(row.secretEncrypted, secretKey, channelSecretContext(row.id));
  if (row.kind === "webhook") {
    if (secret === null) throw new Error(`The webhook channel "${row.name}" has no URL stored: edit it and enter the URL again.`);
    return { kind: "webhook", name: row.name, url: secret, format: readWebhookSettings(row).format };
  }
  return { kind: "email", name: row.name, password: secret, ...readEmailSettings(row) };
}
