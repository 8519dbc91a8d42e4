import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { presentDelivery, type DeliveryView } from "@/lib/alerts/alert-view";

const related = { channel: { select: { name: true } }, attemptRows: true } as const;

export async function listChannelDeliveries(db: Db, opts: { channelId: string; limit: number }): Promise<DeliveryView[]> {
  const rows = await db.notificationDelivery.findMany({
    where: { channelId: opts.channelId },
    include: related,
    orderBy: { createdAt: "desc" },
    take: opts.limit,
  });
  return rows.map(presentDelivery);
}

export async function getDelivery(db: Db, id: string): Promise<DeliveryView> {
  const row = await db.notificationDelivery.findUnique({ where: { id }, include: related });
  if (!row) throw notFound("The delivery");
  return presentDelivery(row);
}
