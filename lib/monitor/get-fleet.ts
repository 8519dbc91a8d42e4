import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { getMonitoring } from "@/lib/monitor/get-monitoring";
import { getTimeline } from "@/lib/timeline/get-timeline";

/** One row of the fleet overview: each cluster's recovery state at a glance. */
export interface FleetRow {
  clusterId: string;
  latestRecoverableTime: string | null;
  rpoTargetMinutes: number;
  /** "behind" while the cluster's rpo_breached alert is open (its rule ignores idle servers), "none" when nothing is recoverable, else "ok". */
  rpo: "ok" | "behind" | "none";
  archive: "ok" | "failing" | "stale" | "receiver down" | "gap";
  /** The last finished drill, with its measured recovery time (base restore + WAL replay) and data restored. */
  lastDrill: { status: "passed" | "failed"; finishedAt: string | null; recoveryMs: number | null; baseBytes: number | null } | null;
  openAlerts: number;
  worstSeverity: "info" | "warning" | "critical" | null;
  checklist: { met: number; total: number };
}

// The archive column shows the worst open archive alert.
const ARCHIVE_ORDER: [string, FleetRow["archive"]][] = [
  ["archive_failing", "failing"],
  ["wal_gap", "gap"],
  ["receiver_down", "receiver down"],
  ["archive_stale", "stale"],
];
const SEVERITY_RANK = { info: 1, warning: 2, critical: 3 } as const;

/**
 * The home page's numbers for every cluster. Each cluster's recovery picture and checklist are
 * computed as its own page does (cost grows with the fleet; fine for tens of clusters).
 */
export async function getFleet(db: Db, opts: { config: Pick<Config, "monitor" | "cli">; now?: Date }): Promise<FleetRow[]> {
  const now = opts.now ?? new Date();
  const clusters = await db.cluster.findMany({ select: { id: true, rpoTargetMinutes: true }, orderBy: { name: "asc" } });
  const alerts = await db.alert.findMany({ where: { state: { in: ["open", "acknowledged"] } }, select: { clusterId: true, rule: true, severity: true } });
  const rows: FleetRow[] = [];
  for (const c of clusters) {
    const [timeline, monitoring, drill] = await Promise.all([
      getTimeline(db, { clusterId: c.id, cli: opts.config.cli, now }),
      getMonitoring(db, { clusterId: c.id, config: opts.config, now }),
      db.drill.findFirst({ where: { clusterId: c.id, status: { in: ["passed", "failed"] } }, orderBy: { createdAt: "desc" }, select: { status: true, finishedAt: true, baseMs: true, replayMs: true, baseBytes: true } }),
    ]);
    const mine = alerts.filter((a) => a.clusterId === c.id);
    const latest = timeline.latestRecoverableTime;
    const behind = mine.some((a) => a.rule === "rpo_breached");
    rows.push({
      clusterId: c.id,
      latestRecoverableTime: latest,
      rpoTargetMinutes: c.rpoTargetMinutes,
      rpo: latest === null ? "none" : behind ? "behind" : "ok",
      archive: ARCHIVE_ORDER.find(([rule]) => mine.some((a) => a.rule === rule))?.[1] ?? "ok",
      lastDrill: drill
        ? {
            status: drill.status as "passed" | "failed",
            finishedAt: drill.finishedAt?.toISOString() ?? null,
            recoveryMs: drill.baseMs !== null && drill.replayMs !== null ? drill.baseMs + drill.replayMs : null,
            baseBytes: drill.baseBytes === null ? null : Number(drill.baseBytes),
          }
        : null,
      openAlerts: mine.length,
      worstSeverity: mine.reduce<FleetRow["worstSeverity"]>((w, a) => (w === null || SEVERITY_RANK[a.severity] > SEVERITY_RANK[w] ? a.severity : w), null),
      checklist: { met: monitoring.checklist.filter((i) => i.ok).length, total: monitoring.checklist.length },
    });
  }
  return rows;
}
