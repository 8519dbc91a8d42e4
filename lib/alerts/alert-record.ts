import type { Db } from "@/lib/db/client";
import type { AlertSeverity, Prisma } from "@/lib/db/generated/client";

/**
 * Alerts as the catalog keeps them: one open (or acknowledged) alert per cluster and rule at most
 * — raising it again bumps its last-seen time and occurrences — resolved when the condition
 * clears. `openKey` is set while the alert is unresolved and unique, so two workers raising the
 * same condition at once still make one alert.
 *
 * Opening and resolving also write an AlertEvent in the same transaction: the worker's notifier
 * sends those to the channels that cover the alert (lib/notify/dispatch-events.ts), so callers
 * here never deal with channels, and an event is never lost between the alert and its delivery.
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

/** Returns the alert's id, and whether this call opened it (rather than seeing it again). */
export async function raiseAlert(db: Db, a: RaiseAlert): Promise<{ id: string; opened: boolean }> {
  const now = a.now ?? new Date();
  const key = openKey(a.clusterId, a.rule);
  const details = a.details === undefined ? null : JSON.stringify(a.details);
  return db.$transaction(async (tx) => {
    // One statement, so a concurrent raise either inserts or counts an occurrence; xmax = 0 only
    // on the row version an INSERT created.
    const rows = await tx.$queryRaw<{ id: string; opened: boolean }[]>`
      INSERT INTO alerts (id, cluster_id, rule, severity, message, details, state, open_key, first_seen_at, last_seen_at, occurrences)
      VALUES (gen_random_uuid(), ${a.clusterId}::uuid, ${a.rule}, ${a.severity}::"AlertSeverity", ${a.message}, ${details}::jsonb, 'open', ${key}, ${now}, ${now}, 1)
      ON CONFLICT (open_key) DO UPDATE
        SET severity = EXCLUDED.severity, message = EXCLUDED.message, details = EXCLUDED.details,
            last_seen_at = EXCLUDED.last_seen_at, occurrences = alerts.occurrences + 1
      RETURNING id::text AS id, (xmax = 0) AS opened`;
    const row = rows[0]!;
    if (row.opened) await tx.alertEvent.create({ data: { alertId: row.id, kind: "opened", createdAt: now } });
    return row;
  });
}

/** The condition cleared: its unresolved alert (if any) is resolved now. Returns whether one was. */
export async function resolveAlert(db: Db, clusterId: string, rule: string, now = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const resolved = await tx.alert.updateManyAndReturn({
      where: { openKey: openKey(clusterId, rule) },
      data: { state: "resolved", resolvedAt: now, openKey: null },
      select: { id: true },
    });
    for (const r of resolved) await tx.alertEvent.create({ data: { alertId: r.id, kind: "resolved", createdAt: now } });
    return resolved.length > 0;
  });
}
