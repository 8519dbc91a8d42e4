import type { DbClient } from "@/lib/db/client";
import type { AlertDetails } from "@/lib/domain/alert-details";
import { alertOpenKey, RAISE_ALERT_SQL, raiseAlertParams, RESOLVE_ALERT_SQL, type AlertToRaise } from "@/lib/alerts/alert-sql";

/**
 * Alerts as the catalog keeps them: one open (or acknowledged) alert per cluster and rule at most
 * — raising it again bumps its last-seen time and occurrences — resolved when the condition
 * clears. `openKey` is set while the alert is unresolved and unique, so two workers raising the
 * same condition at once still make one alert.
 *
 * Opening and resolving also write an AlertEvent in the same statement (alert-sql.ts): the worker's notifier
 * sends those to the channels that cover the alert (lib/notify/dispatch-events.ts), so callers
 * here never deal with channels, and an event is never lost between the alert and its delivery.
 */
export type RaiseAlert = AlertToRaise & { details?: AlertDetails };

/** Returns the alert's id, and whether this call opened it (rather than seeing it again). */
export async function raiseAlert(db: DbClient, a: RaiseAlert): Promise<{ id: string; opened: boolean }> {
  const rows = await db.$queryRawUnsafe<{ id: string; opened: boolean }[]>(RAISE_ALERT_SQL, ...raiseAlertParams(a));
  return rows[0]!;
}

/** The condition cleared: its unresolved alert (if any) is resolved now. Returns whether one was. */
export async function resolveAlert(db: DbClient, clusterId: string, rule: string, now = new Date()): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(RESOLVE_ALERT_SQL, alertOpenKey(clusterId, rule), now);
  return rows.length > 0;
}
