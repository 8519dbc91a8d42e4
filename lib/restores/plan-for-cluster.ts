import type { Db } from "@/lib/db/client";
import { parseLsn } from "@/lib/domain/lsn";
import { recoveryPicture } from "@/lib/domain/recoverable-window";
import { toBackupPoints } from "@/lib/timeline/backup-points";
import { estimateRestoreSeconds, type RestoreEstimate } from "@/lib/domain/restore-estimate";
import { planRestore } from "@/lib/domain/restore-plan";
import { pictureOnTimeline } from "@/lib/domain/failover-timeline";
import type { PlanRestoreResult } from "@/lib/domain/restore-plan-types";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { measuredSpeeds } from "@/lib/restores/measured-speeds";
import { parseTimelineHistory } from "@/lib/domain/timeline-history";
import { DEFAULT_WAL_SEGMENT_SIZE } from "@/lib/domain/wal-segment";
import { partialSegmentOf } from "@/lib/wal/partial-segment-info";

/**
 * The restore plan for a target, from the cluster's catalog: the same recovery picture the
 * timeline draws, the planning rules in lib/domain/restore-plan.ts, and an estimate from this
 * cluster's earlier restores and drills.
 */
export async function planForCluster(
  db: Db,
  opts: {
    clusterId: string;
    target: RestoreTarget;
    backupId?: string;
    now?: Date;
    /** recovery_target_timeline asked for; absent: the one 'latest' follows. */
    timeline?: number;
  },
): Promise<{ result: PlanRestoreResult; estimate: RestoreEstimate | null }> {
  const { clusterId } = opts;
  const [backups, segments, historyRows, restorePoints, restores, drills, host, partial] = await Promise.all([
    db.backup.findMany({ where: { clusterId, status: "complete" }, include: { files: { select: { sizeBytes: true } } } }),
    db.walSegment.findMany({ where: { clusterId }, select: { timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true } }),
    db.walHistory.findMany({ where: { clusterId } }),
    db.restorePoint.findMany({ where: { clusterId } }),
    db.restore.findMany({
      where: { clusterId, status: "complete", baseMs: { not: null }, replayMs: { not: null } },
      orderBy: { createdAt: "desc" },
      take: 20,
    }),
    db.drill.findMany({ where: { clusterId, baseMs: { not: null }, replayMs: { not: null } }, orderBy: { createdAt: "desc" }, take: 20 }),
    measuredSpeeds(db),
    partialSegmentOf(db, clusterId),
  ]);
  // Restores and drills both measured this cluster's recovery: the newest of either first.
  const history = [...restores, ...drills].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, 20);
  const segmentSize = DEFAULT_WAL_SEGMENT_SIZE;
  const histories = historyRows.map((h) => parseTimelineHistory(h.timeline, h.content));
  const points = toBackupPoints(backups);
  const whole = recoveryPicture({ backups: points, segments, histories, segmentSize, partial });
  const narrowed = opts.timeline === undefined ? { ok: true as const, picture: whole } : pictureOnTimeline(whole, opts.timeline);
  if (!narrowed.ok) return { result: narrowed, estimate: null };
  const { picture } = narrowed;
  const planBackups = points.map(({ row, ...point }) => ({
    ...point,
    storedBytes: row.files.reduce((n, f) => n + Number(f.sizeBytes), 0),
    databaseBytes: Number(row.databaseSizeBytes ?? 0),
  }));
  const result = planRestore({
    target: opts.target,
    picture,
    backups: planBackups,
    restorePoints: restorePoints.map((r) => ({ name: r.name, lsn: parseLsn(r.lsn), timeline: r.timeline, createdAt: r.createdAt })),
    now: opts.now ?? new Date(),
    chosenBackupId: opts.backupId,
    segmentSize,
    histories,
    segments,
  });
  if (!result.ok) return { result, estimate: null };
  const chosen = planBackups.find((b) => b.id === result.plan.backupId)!;
  const estimate = estimateRestoreSeconds({
    storedBytes: chosen.storedBytes,
    databaseBytes: chosen.databaseBytes,
    walBytes: result.plan.walBytesToReplay,
    history: history.map((h) => ({
      databaseBytes: Number(h.baseBytes ?? 0),
      baseSeconds: h.baseMs! / 1000,
      walBytes: Number(h.walBytes ?? 0),
      replaySeconds: h.replayMs! / 1000,
    })),
    host,
  });
  return { result, estimate };
}
