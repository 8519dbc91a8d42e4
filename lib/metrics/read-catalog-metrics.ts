import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { AlertSeverity } from "@/lib/domain/alert-rules";
import { DEFAULT_WAL_SEGMENT_SIZE, parseSegmentName, segmentsPerXLogId } from "@/lib/domain/wal-segment";
import { getFleet } from "@/lib/monitor/get-fleet";
import { JOB_DURATION_BUCKETS } from "@/lib/metrics/job-duration-buckets";

/** One cluster's figures; null where the catalog cannot say (no backup yet, never sampled…). */
export interface ClusterFigures {
  id: string;
  name: string;
  newestCompleteBackupAgeSeconds: number | null;
  newestRecoverableTime: Date | null;
  rpoSeconds: number | null;
  rpoTargetSeconds: number;
  archiveLagSegments: number | null;
  archiveLagSeconds: number | null;
  slotLagBytes: number | null;
  lastDrill: { passed: boolean; finishedAt: Date | null; recoverySeconds: number | null } | null;
  openAlerts: Record<AlertSeverity, number>;
}

export interface JobTypeFigures {
  type: string;
  queued: number;
  running: number;
  failures: number;
  /** Finished jobs (succeeded or failed) per bucket of JOB_DURATION_BUCKETS, not cumulative; the last is beyond the largest bound. */
  durationBuckets: number[];
  durationCount: number;
  durationSumSeconds: number;
}

export interface CatalogFigures {
  clusters: ClusterFigures[];
  jobs: JobTypeFigures[];
}

/**
 * Everything /metrics says that the catalog knows, read in a fixed number of queries over the
 * whole fleet (the fleet overview's, plus five), so a scrape costs the same round trips for one
 * cluster as for a thousand. `jobTypes` bounds the `type` label to the declared job types.
 */
export async function readCatalogMetrics(
  db: Db,
  opts: { config: { monitor: Pick<Config["monitor"], "intervalMs"> }; jobTypes: readonly string[]; now?: Date },
): Promise<CatalogFigures> {
  const now = opts.now ?? new Date();
  const [clusters, fleet, newestBackups, archive, alerts, jobRows] = await Promise.all([
    db.cluster.findMany({ select: { id: true, name: true, rpoTargetSeconds: true }, orderBy: { name: "asc" } }),
    // The recovery picture and last drill exactly as the dashboard's overview computes them.
    getFleet(db, { config: opts.config, now }),
    db.backup.groupBy({ by: ["clusterId"], where: { status: "complete" }, _max: { finishedAt: true } }),
    readArchiveLag(db),
    // Acknowledged alerts are still unresolved: they count as open.
    db.alert.groupBy({ by: ["clusterId", "severity"], where: { state: { in: ["open", "acknowledged"] } }, _count: { _all: true } }),
    readJobRows(db),
  ]);

  const fleetOf = new Map(fleet.map((row) => [row.clusterId, row]));
  const backupOf = new Map(newestBackups.map((b) => [b.clusterId, b._max.finishedAt]));
  const archiveOf = new Map(archive.map((a) => [a.clusterId, a]));
  const alertsOf = new Map<string, typeof alerts>();
  for (const a of alerts) alertsOf.set(a.clusterId, [...(alertsOf.get(a.clusterId) ?? []), a]);
  const secondsSince = (d: Date) => Math.max(0, (now.getTime() - d.getTime()) / 1000);

  return {
    clusters: clusters.map((c): ClusterFigures => {
      const row = fleetOf.get(c.id);
      const recoverable = row?.latestRecoverableTime ? new Date(row.latestRecoverableTime) : null;
      const backupAt = backupOf.get(c.id) ?? null;
      const lag = archiveLag(archiveOf.get(c.id), now);
      const drill = row?.lastDrill ?? null;
      const openAlerts = { info: 0, warning: 0, critical: 0 };
      for (const a of alertsOf.get(c.id) ?? []) openAlerts[a.severity] = a._count._all;
      return {
        id: c.id,
        name: c.name,
        newestCompleteBackupAgeSeconds: backupAt ? secondsSince(backupAt) : null,
        newestRecoverableTime: recoverable,
        rpoSeconds: row?.measuredRpoSeconds ?? null,
        rpoTargetSeconds: c.rpoTargetSeconds,
        archiveLagSegments: lag?.segments ?? null,
        archiveLagSeconds: lag?.seconds ?? null,
        slotLagBytes: archiveOf.get(c.id)?.slotLagBytes ?? null,
        lastDrill: drill
          ? {
              passed: drill.status === "passed",
              finishedAt: drill.finishedAt ? new Date(drill.finishedAt) : null,
              recoverySeconds: drill.recoveryMs === null ? null : drill.recoveryMs / 1000,
            }
          : null,
        openAlerts,
      };
    }),
    jobs: opts.jobTypes.map((type): JobTypeFigures => {
      const mine = jobRows.filter((j) => j.type === type);
      const count = (status: string) => mine.reduce((n, j) => n + (j.status === status ? j.count : 0), 0);
      const timed = mine.filter((j) => j.bucket !== null);
      const durationBuckets = [...JOB_DURATION_BUCKETS, Infinity].map((_, i) =>
        timed.reduce((n, j) => n + (j.bucket === i ? j.count : 0), 0),
      );
      return {
        type,
        queued: count("queued"),
        running: count("running"),
        failures: count("failed"),
        durationBuckets,
        durationCount: timed.reduce((n, j) => n + j.count, 0),
        durationSumSeconds: timed.reduce((n, j) => n + (j.sumSeconds ?? 0), 0),
      };
    }),
  };
}

interface ArchiveRow {
  clusterId: string;
  currentSegment: string;
  archiveNewestSegment: string | null;
  slotLagBytes: number | null;
  /** The newest pass that saw the server still writing the segment after the archive's newest (so the archive then held every completed one). */
  caughtUpAt: Date | null;
  oldestSampleAt: Date;
}

/**
 * Archive lag from each cluster's newest monitor pass that reached the server (what the alert
 * rules read): completed segments the archive lacks, and how long it has lacked them — since the
 * newest pass that saw it still complete, so at most one monitor interval early. A lagging
 * cluster's look-back scans only the passes of its lag, newest first.
 */
async function readArchiveLag(db: Db): Promise<ArchiveRow[]> {
  const perLog = segmentsPerXLogId(DEFAULT_WAL_SEGMENT_SIZE);
  return db.$queryRaw<ArchiveRow[]>`
    SELECT c.id AS "clusterId", s.current_segment AS "currentSegment", s.archive_newest_segment AS "archiveNewestSegment",
           s.slot_lag_bytes::float8 AS "slotLagBytes", caught.taken_at AS "caughtUpAt", oldest.taken_at AS "oldestSampleAt"
    FROM clusters c
    CROSS JOIN LATERAL (
      SELECT current_segment, archive_newest_segment, slot_lag_bytes FROM monitor_samples
      WHERE cluster_id = c.id AND current_segment IS NOT NULL ORDER BY taken_at DESC LIMIT 1
    ) s
    CROSS JOIN LATERAL (SELECT min(taken_at) AS taken_at FROM monitor_samples WHERE cluster_id = c.id) oldest
    LEFT JOIN LATERAL (
      SELECT taken_at FROM monitor_samples m
      WHERE m.cluster_id = c.id AND m.current_segment IS NOT NULL AND s.archive_newest_segment IS NOT NULL
        AND ('x' || substr(m.current_segment, 9, 8))::bit(32)::bigint * ${perLog} + ('x' || substr(m.current_segment, 17, 8))::bit(32)::bigint
          <= ('x' || substr(s.archive_newest_segment, 9, 8))::bit(32)::bigint * ${perLog} + ('x' || substr(s.archive_newest_segment, 17, 8))::bit(32)::bigint + 1
      ORDER BY taken_at DESC LIMIT 1
    ) caught ON true`;
}

function archiveLag(row: ArchiveRow | undefined, now: Date): { segments: number; seconds: number } | null {
  if (!row?.archiveNewestSegment) return null;
  const segno = (name: string) => parseSegmentName(name, DEFAULT_WAL_SEGMENT_SIZE).segno;
  // The segment being written is not complete: the archive can at best hold the one before it.
  const behind = segno(row.currentSegment) - 1n - segno(row.archiveNewestSegment);
  if (behind <= 0n) return { segments: 0, seconds: 0 };
  const since = row.caughtUpAt ?? row.oldestSampleAt;
  return { segments: Number(behind), seconds: Math.max(0, (now.getTime() - since.getTime()) / 1000) };
}

/**
 * Job rows per type and status in one scan, finished ones (succeeded or failed, timed from their
 * current attempt's start) also per duration bucket. The bucket is how many bounds lie below the
 * duration, so a duration equal to a bound counts in that bound's bucket, as Prometheus's `le`
 * says: width_bucket counts the bounds at or below a value, so it is given the negated duration
 * and bounds (N − that count = the bounds below).
 */
async function readJobRows(
  db: Db,
): Promise<{ type: string; status: string; bucket: number | null; count: number; sumSeconds: number | null }[]> {
  const negated = [...JOB_DURATION_BUCKETS].reverse().map((b) => -b);
  return db.$queryRaw`
    SELECT type, status::text AS status, count(*)::int AS count, sum(seconds)::float8 AS "sumSeconds",
           CASE WHEN seconds IS NULL THEN NULL ELSE ${negated.length}::int - width_bucket(-seconds, ${negated}::float8[]) END AS bucket
    FROM (SELECT type, status,
                 CASE WHEN status IN ('succeeded', 'failed') AND started_at IS NOT NULL AND finished_at IS NOT NULL
                      THEN extract(epoch FROM finished_at - started_at)::float8 END AS seconds
          FROM jobs) rows
    GROUP BY type, status, bucket`;
}
