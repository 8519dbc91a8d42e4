import type { DbClient } from "@/lib/db/client";
import { recoveryPicture } from "@/lib/domain/recoverable-window";
import { keptCompleteIds, planRetention, type RetentionPlan, type RetentionRules } from "@/lib/domain/retention";
import { parseTimelineHistory } from "@/lib/domain/timeline-history";
import { walCutoff, type WalCutoff } from "@/lib/domain/wal-retention";
import { DEFAULT_WAL_SEGMENT_SIZE } from "@/lib/domain/wal-segment";
import { backupsInUse } from "@/lib/backups/backups-in-use";
import { toBackupPoints } from "@/lib/timeline/backup-points";

export interface ClusterRetentionPlan {
  plan: RetentionPlan;
  cutoff: WalCutoff;
  backups: { id: string; label: string; status: string; startedAt: Date; stopTime: Date | null; storedSizeBytes: bigint | null }[];
  /** Where recovery can start once the plan is applied, and where it can start today. */
  recoverableSince: { after: Date | null; now: Date | null };
  segmentSize: number;
  now: Date;
}

/**
 * A cluster's retention plan from the catalog: the planner (lib/domain/retention.ts) over its
 * backups and what restores and drills are using, the WAL cutoff that follows, and the recoverable
 * window before and after. The retention job applies it; the policy form previews it.
 */
export async function retentionPlanForCluster(
  db: DbClient,
  opts: { clusterId: string; rules: RetentionRules; now: Date },
): Promise<ClusterRetentionPlan> {
  const { clusterId } = opts;
  const [backups, segments, historyRows, use] = await Promise.all([
    db.backup.findMany({ where: { clusterId }, orderBy: { startedAt: "desc" } }),
    db.walSegment.findMany({ where: { clusterId }, select: { timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true } }),
    db.walHistory.findMany({ where: { clusterId } }),
    backupsInUse(db, clusterId),
  ]);
  const plan = planRetention({
    backups: backups.map((b) => ({
      id: b.id,
      status: b.status,
      startedAt: b.startedAt,
      stopTime: b.status === "running" || b.status === "failed" ? null : b.stopTime,
    })),
    rules: opts.rules,
    now: opts.now,
    inUse: use.inUse,
  });
  const segmentSize = DEFAULT_WAL_SEGMENT_SIZE;
  const points = toBackupPoints(backups);
  const kept = keptCompleteIds(
    plan,
    backups.map((b) => ({ id: b.id, status: b.status, startedAt: b.startedAt, stopTime: b.stopTime })),
  );
  const keptPoints = points.filter((p) => kept.has(p.id));
  const cutoff = walCutoff({
    retained: keptPoints,
    segmentSize,
    hold: use.hold ?? (plan.stopped ? "Retention is stopped: WAL is kept." : null),
  });
  const histories = historyRows.map((h) => parseTimelineHistory(h.timeline, h.content));
  const earliest = (ps: typeof points, segs: typeof segments) => {
    const windows = recoveryPicture({ backups: ps, segments: segs, histories, segmentSize }).windows;
    return windows.reduce<Date | null>((min, w) => (min === null || w.from.time < min ? w.from.time : min), null);
  };
  const keptSegments = cutoff.keepFromSegno === null ? segments : segments.filter((s) => s.segno >= cutoff.keepFromSegno!);
  return {
    plan,
    cutoff,
    backups: backups.map((b) => ({
      id: b.id,
      label: b.label,
      status: b.status,
      startedAt: b.startedAt,
      stopTime: b.stopTime,
      storedSizeBytes: b.storedSizeBytes,
    })),
    recoverableSince: { after: earliest(keptPoints, keptSegments), now: earliest(points, segments) },
    segmentSize,
    now: opts.now,
  };
}
