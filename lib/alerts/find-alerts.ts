import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { ListAlertsQuery } from "@/lib/domain/alert-input";
import { notFound } from "@/lib/errors/app-error";
import { presentAlert, presentDelivery, type AlertView, type DeliveryView } from "@/lib/alerts/alert-view";

const related = { cluster: { select: { name: true } }, acknowledgedBy: { select: { username: true } } } as const;

/**
 * Alerts for the alerts page and the cluster banners: unresolved before resolved, then the most
 * severe first (the enum's order is info < warning < critical), then the most recently seen.
 */
export async function listAlerts(db: Db, q: Partial<ListAlertsQuery>): Promise<AlertView[]> {
  const where: Prisma.AlertWhereInput = {
    clusterId: q.clusterId,
    rule: q.rule,
    state: q.state === "unresolved" ? { in: ["open", "acknowledged"] } : q.state,
  };
  const rows = await db.alert.findMany({
    where,
    include: related,
    orderBy: [{ state: "asc" }, { severity: "desc" }, { lastSeenAt: "desc" }],
    take: q.limit ?? 200,
  });
  return rows.map(presentAlert);
}

export async function getAlert(db: Db, id: string): Promise<{ alert: AlertView; deliveries: DeliveryView[] }> {
  const row = await db.alert.findUnique({ where: { id }, include: related });
  if (!row) throw notFound("The alert");
  const deliveries = await db.notificationDelivery.findMany({
    where: { alertId: id },
    include: { channel: { select: { name: true } }, attemptRows: true },
    orderBy: { createdAt: "asc" },
  });
  return { alert: presentAlert(row), deliveries: deliveries.map(presentDelivery) };
}

/** The navigation badge: how many alerts are open (not yet acknowledged), and how many of them are critical. */
export async function countOpenAlerts(db: Db): Promise<{ open: number; critical: number; acknowledged: number }> {
  const groups = await db.alert.groupBy({
    by: ["state", "severity"],
    where: { state: { in: ["open", "acknowledged"] } },
    _count: { _all: true },
  });
  const sum = (pred: (g: (typeof groups)[number]) => boolean) => groups.filter(pred).reduce((n, g) => n + g._count._all, 0);
  return {
    open: sum((g) => g.state === "open"),
    critical: sum((g) => g.state === "open" && g.severity === "critical"),
    acknowledged: sum((g) => g.state === "acknowledged"),
  };
}
