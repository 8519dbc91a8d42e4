/**
 * The measured recovery point (issue 19): how much committed work a loss of the server now would
 * cost, as now minus the newest recoverable commit (counting the receiver's partial segment).
 * Pure; the cluster page, the fleet overview, /metrics and the rpo_breached rule all use it.
 */

/** Seconds from the newest recoverable commit to `now` (never negative); null when nothing is recoverable. */
export function measuredRpoSeconds(now: Date, latestRecoverable: Date | null): number | null {
  if (latestRecoverable === null) return null;
  return Math.max(0, (now.getTime() - latestRecoverable.getTime()) / 1000);
}

/** Whether a measured RPO is within the cluster's target; null when nothing is recoverable. */
export function rpoWithinTarget(measuredSeconds: number | null, targetSeconds: number): boolean | null {
  return measuredSeconds === null ? null : measuredSeconds <= targetSeconds;
}
