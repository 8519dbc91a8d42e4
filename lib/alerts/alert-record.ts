import type { Db } from "@/lib/db/client";
import type { AlertSeverity, Prisma } from "@/lib/db/generated/client";

/**
 * Alerts as the catalog keeps them: one open (or acknowledged) alert per cluster and rule at most
 * — raising it again bumps its last-seen time and occurrences — resolved when the condition
 * clears. `openKey` is set while the alert is unresolved and unique, so two workers raising the
 * same condition at once still make one alert.
 */
export interface RaiseAlert {
  clusterId: string;
  rule: string;
  severity: AlertSeverity;
  /** Says what is wrong and what to do about it. */
  message: string;
  details?: Prisma.InputJsonValue;
  now?: Date;
}

const openKey = (clusterId: string, rule: string) => `${clusterId}:${rule}`;

export async function raiseAlert(db: Db, a: RaiseAlert): Promise<void> {
  const now = a.now ?? new Date();
  await db.alert.upsert({
    where: { openKey: openKey(a.clusterId, a.rule) },
    create: { clusterId: a.clusterId, rule: a.rule, severity: a.severity, message: a.message, details: a.details, openKey: openKey(a.clusterId, a.rule), firstSeenAt: now, lastSeenAt: now },
    update: { severity: a.severity, message: a.message, details: a.details, lastSeenAt: now, occurrences: { increment: 1 } },
  });
}

/** The condition cleared: its unresolved alert (if any) is resolved now. */
export async function resolveAlert(db: Db, clusterId: string, rule: string, now = new Date()): Promise<void> {
  await db.alert.updateMany({ where: { openKey: openKey(clusterId, rule) }, data: { state: "resolved", resolvedAt: now, openKey: null } });
}
