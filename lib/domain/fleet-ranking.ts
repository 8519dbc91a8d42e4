/**
 * The fleet overview's order and page (issue 20): with 1,000 clusters the overview shows one page,
 * filtered by name, RPO verdict, archive state or alert severity, and by default sorted "most at
 * risk first": open critical alerts (most first), then how far the recovery point is behind its
 * RPO target (nothing recoverable counts as furthest), then the oldest last good backup (never
 * first), then the name, so the order is total and stable.
 */
import type { FleetQuery } from "./fleet-input";

export interface RankedFleetFields {
  name: string;
  criticalAlerts: number;
  rpo: "ok" | "behind" | "none";
  measuredRpoSeconds: number | null;
  rpoTargetSeconds: number;
  archive: string;
  worstSeverity: "info" | "warning" | "critical" | null;
  /** ISO time of the newest complete backup; null: none. */
  lastGoodBackupAt: string | null;
}

export interface FleetPage<R> {
  rows: R[];
  /** Rows matching the filters, on every page. */
  total: number;
  page: number;
  perPage: number;
  pages: number;
}

/** Seconds past the RPO target; Infinity when nothing is recoverable or the RPO is unknown. */
export function rpoExcessSeconds(r: Pick<RankedFleetFields, "rpo" | "measuredRpoSeconds" | "rpoTargetSeconds">): number {
  if (r.rpo === "none" || r.measuredRpoSeconds === null) return Infinity;
  return r.measuredRpoSeconds - r.rpoTargetSeconds;
}

/** Negative when `a` is more at risk than `b`. */
export function compareRisk(a: RankedFleetFields, b: RankedFleetFields): number {
  return (
    b.criticalAlerts - a.criticalAlerts ||
    compareDesc(rpoExcessSeconds(a), rpoExcessSeconds(b)) ||
    compareBackupAge(a.lastGoodBackupAt, b.lastGoodBackupAt) ||
    a.name.localeCompare(b.name)
  );
}

export function selectFleet<R extends RankedFleetFields>(rows: readonly R[], q: FleetQuery): FleetPage<R> {
  const name = q.name?.toLowerCase();
  const matching = rows.filter(
    (r) =>
      (name === undefined || r.name.toLowerCase().includes(name)) &&
      (q.rpo === undefined || r.rpo === q.rpo) &&
      (q.archive === undefined || r.archive === q.archive) &&
      (q.alert === undefined || (q.alert === "none" ? r.worstSeverity === null : r.worstSeverity === q.alert)),
  );
  const sorted = [...matching].sort(q.sort === "name" ? (a, b) => a.name.localeCompare(b.name) : compareRisk);
  const pages = Math.max(1, Math.ceil(sorted.length / q.perPage));
  const page = Math.min(q.page, pages);
  return { rows: sorted.slice((page - 1) * q.perPage, page * q.perPage), total: sorted.length, page, perPage: q.perPage, pages };
}

function compareDesc(a: number, b: number): number {
  if (a === b) return 0;
  return a > b ? -1 : 1;
}

/** Never backed up first, then oldest first. */
function compareBackupAge(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return Date.parse(a) - Date.parse(b);
}
