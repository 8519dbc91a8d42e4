import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { clusterChecklist } from "@/lib/monitor/cluster-checklist";
import { copyFreshness } from "@/lib/copies/copy-freshness";
import { SERIES } from "@/lib/monitor/get-monitoring";
import { newestSegments } from "@/lib/timeline/newest-segments";
import { rangeRecovery } from "@/lib/timeline/range-recovery";
import { measuredRpoSeconds } from "@/lib/domain/rpo";

/** One row of the fleet overview: each cluster's recovery state at a glance. */
export interface FleetRow {
  clusterId: string;
  name: string;
  /** The newest complete backup's end; null: none. */
  lastGoodBackupAt: string | null;
  criticalAlerts: number;
  latestRecoverableTime: string | null;
  /** now − latestRecoverableTime (lib/domain/rpo.ts), counting the receiver's partial segment. */
  measuredRpoSeconds: number | null;
  rpoTargetSeconds: number;
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
 * The home page's numbers for every cluster, with the same computations as each cluster's own
 * pages (its recovery picture, its checklist). The catalog is read in a fixed number of queries,
 * each over the whole fleet, run together: the cost no longer grows with round trips per cluster.
 */
export async function getFleet(
  db: Db,
  opts: { config: { monitor: Pick<Config["monitor"], "intervalMs"> }; now?: Date },
): Promise<FleetRow[]> {
  const now = opts.now ?? new Date();
  const [clusters, alerts, recoveries, newestSegmentOf, lastDrills, passedDrills, verifications, retentionRuns, samples, channels] =
    await Promise.all([
      db.cluster.findMany({
        select: {
          id: true,
          name: true,
          rpoTargetSeconds: true,
          walMode: true,
          host: true,
          localDataDir: true,
          backupEveryHours: true,
          policy: { select: { name: true, backupCron: true, timeZone: true, retentionCron: true } },
          repository: { select: { name: true, kind: true } },
          walReceiver: { select: { state: true } },
        },
        orderBy: { name: "asc" },
      }),
      db.alert.findMany({ where: { state: { in: ["open", "acknowledged"] } }, select: { clusterId: true, rule: true, severity: true } }),
      rangeRecovery(db),
      newestSegments(db),
      db.$queryRaw<
        {
          clusterId: string;
          status: "passed" | "failed";
          finishedAt: Date | null;
          baseMs: number | null;
          replayMs: number | null;
          baseBytes: bigint | null;
        }[]
      >`
      SELECT DISTINCT ON (cluster_id) cluster_id AS "clusterId", status::text AS status, finished_at AS "finishedAt", base_ms AS "baseMs", replay_ms AS "replayMs", base_bytes AS "baseBytes"
      FROM drills WHERE status IN ('passed', 'failed') ORDER BY cluster_id, created_at DESC`,
      db.$queryRaw<{ clusterId: string; finishedAt: Date | null; totalMs: number | null }[]>`
      SELECT DISTINCT ON (cluster_id) cluster_id AS "clusterId", finished_at AS "finishedAt", total_ms AS "totalMs"
      FROM drills WHERE status = 'passed' ORDER BY cluster_id, finished_at DESC`,
      db.verification.groupBy({ by: ["clusterId"], where: { status: "passed" }, _max: { finishedAt: true } }),
      db.$queryRaw<{ clusterId: string; status: "running" | "finished" | "failed"; stopped: string | null; error: string | null }[]>`
      SELECT DISTINCT ON (cluster_id) cluster_id AS "clusterId", status::text AS status, stopped, error
      FROM retention_runs ORDER BY cluster_id, started_at DESC`,
      // Per cluster: its newest sample, and archive_mode from the newest of its last SERIES samples
      // that read it (what its monitoring page shows); each a short index scan.
      db.$queryRaw<{ clusterId: string; lastSampleAt: Date | null; archiveMode: string | null }[]>`
      SELECT c.id AS "clusterId", newest.taken_at AS "lastSampleAt", mode.archive_mode AS "archiveMode"
      FROM clusters c
      LEFT JOIN LATERAL (SELECT taken_at FROM monitor_samples WHERE cluster_id = c.id ORDER BY taken_at DESC LIMIT 1) newest ON true
      LEFT JOIN LATERAL (
        SELECT archive_mode FROM (SELECT taken_at, archive_mode FROM monitor_samples WHERE cluster_id = c.id ORDER BY taken_at DESC LIMIT ${SERIES}) recent
        WHERE archive_mode IS NOT NULL ORDER BY taken_at DESC LIMIT 1
      ) mode ON true`,
      db.notificationChannel.findMany({ where: { enabled: true }, select: { id: true, name: true, severities: true, clusterIds: true } }),
    ]);

  const copiesOf = await copyFreshness(db, { clusterIds: clusters.map((c) => c.id), now });
  const alertsOf = byCluster(alerts);
  const lastDrillOf = new Map(lastDrills.map((d) => [d.clusterId, d]));
  const passedDrillOf = new Map(passedDrills.map((d) => [d.clusterId, d]));
  const verifiedAt = new Map(verifications.map((v) => [v.clusterId, v._max.finishedAt]));
  const retentionOf = new Map(retentionRuns.map((r) => [r.clusterId, r]));
  const samplesOf = new Map(samples.map((s) => [s.clusterId, s]));

  return clusters.map((c): FleetRow => {
    const mine = alertsOf.get(c.id) ?? [];
    const recovery = recoveries.get(c.id);
    const clusterBackups = recovery?.backups ?? [];
    const latest = recovery?.picture.latestRecoverableTime ?? null;
    const sample = samplesOf.get(c.id);
    const lastGoodBackupAt = newest(clusterBackups.filter((b) => b.status === "complete").map((b) => b.finishedAt));
    const checklist = clusterChecklist(
      {
        cluster: c,
        newestCompleteBackupAt: lastGoodBackupAt,
        archiveNewest: newestSegmentOf.get(c.id) ?? null,
        archiveMode: sample?.archiveMode ?? null,
        lastSampleAt: sample?.lastSampleAt ?? null,
        openAlertRules: mine.map((a) => a.rule),
        newestPassedVerificationAt: verifiedAt.get(c.id) ?? null,
        newestPassedDrill: passedDrillOf.get(c.id) ?? null,
        lastRetentionRun: retentionOf.get(c.id) ?? null,
        copies: copiesOf.get(c.id) ?? [],
        channels,
      },
      { config: opts.config, now },
    );
    const drill = lastDrillOf.get(c.id);
    const behind = mine.some((a) => a.rule === "rpo_breached");
    return {
      clusterId: c.id,
      name: c.name,
      lastGoodBackupAt: lastGoodBackupAt?.toISOString() ?? null,
      criticalAlerts: mine.filter((a) => a.severity === "critical").length,
      latestRecoverableTime: latest?.toISOString() ?? null,
      measuredRpoSeconds: measuredRpoSeconds(now, latest),
      rpoTargetSeconds: c.rpoTargetSeconds,
      rpo: latest === null ? "none" : behind ? "behind" : "ok",
      archive: ARCHIVE_ORDER.find(([rule]) => mine.some((a) => a.rule === rule))?.[1] ?? "ok",
      lastDrill: drill
        ? {
            status: drill.status,
            finishedAt: drill.finishedAt?.toISOString() ?? null,
            recoveryMs: drill.baseMs !== null && drill.replayMs !== null ? drill.baseMs + drill.replayMs : null,
            baseBytes: drill.baseBytes === null ? null : Number(drill.baseBytes),
          }
        : null,
      openAlerts: mine.length,
      worstSeverity: mine.reduce<FleetRow["worstSeverity"]>(
        (w, a) => (w === null || SEVERITY_RANK[a.severity] > SEVERITY_RANK[w] ? a.severity : w),
        null,
      ),
      checklist: { met: checklist.filter((i) => i.ok).length, total: checklist.length },
    };
  });
}

function byCluster<T extends { clusterId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.clusterId);
    if (list) list.push(row);
    else out.set(row.clusterId, [row]);
  }
  return out;
}

function newest(dates: (Date | null)[]): Date | null {
  return dates.reduce<Date | null>((a, d) => (d !== null && (a === null || d > a) ? d : a), null);
}
