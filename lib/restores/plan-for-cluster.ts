import type { Db } from "@/lib/db/client";
import { parseLsn } from "@/lib/domain/lsn";
import { toBackupPoints } from "@/lib/timeline/backup-points";
import { estimateRestoreSeconds, type RestoreEstimate } from "@/lib/domain/restore-estimate";
import { planRestore } from "@/lib/domain/restore-plan";
import { pictureOnTimeline } from "@/lib/domain/failover-timeline";
import type { PlanRestoreInput, PlanRestoreResult } from "@/lib/domain/restore-plan-types";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { measuredSpeeds } from "@/lib/restores/measured-speeds";
import { parseTimelineHistory } from "@/lib/domain/timeline-history";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentOfLsn } from "@/lib/domain/wal-segment";
import { parseTargetTime } from "@/lib/domain/restore-target-time";
import { partialSegmentOf } from "@/lib/wal/partial-segment-info";
import { rangePicture, storedRanges } from "@/lib/timeline/range-picture";

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
  const [backups, ranges, historyRows, restorePoints, restores, drills, host, partial] = await Promise.all([
    db.backup.findMany({ where: { clusterId, status: "complete" }, include: { files: { select: { sizeBytes: true } } } }),
    storedRanges(db, clusterId),
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
  const whole = await rangePicture(db, { clusterId, backups: points, ranges, histories, segmentSize, partial });
  const narrowed = opts.timeline === undefined ? { ok: true as const, picture: whole } : pictureOnTimeline(whole, opts.timeline);
  if (!narrowed.ok) return { result: narrowed, estimate: null };
  const { picture } = narrowed;
  const planBackups = points.map(({ row, ...point }) => ({
    ...point,
    storedBytes: row.files.reduce((n, f) => n + Number(f.sizeBytes), 0),
    databaseBytes: Number(row.databaseSizeBytes ?? 0),
  }));
  const input = {
    target: opts.target,
    picture,
    backups: planBackups,
    restorePoints: restorePoints.map((r) => ({ name: r.name, lsn: parseLsn(r.lsn), timeline: r.timeline, createdAt: r.createdAt })),
    now: opts.now ?? new Date(),
    chosenBackupId: opts.backupId,
    segmentSize,
    histories,
  };
  const result = await planWithCommitTimes(db, clusterId, input);
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

/**
 * A time target's replay bound needs the first segment after the backup holding a commit past the
 * target (lib/domain/restore-plan.ts): the plan is made once without segments, which fixes the
 * backup and the window, then again with just that segment, read by index from the backup's end.
 */
async function planWithCommitTimes(db: Db, clusterId: string, input: PlanRestoreInput): Promise<PlanRestoreResult> {
  const first = planRestore(input);
  if (!first.ok || input.target.kind !== "time" || first.plan.targetLsn === null) return first;
  const backup = input.backups.find((b) => b.id === first.plan.backupId)!;
  const time = parseTargetTime(input.target.time).date;
  const from = segmentOfLsn(backup.stopLsn, input.segmentSize);
  const to = first.plan.targetLsn === 0n ? from : segmentOfLsn(first.plan.targetLsn - 1n, input.segmentSize);
  const segment = await db.walSegment.findFirst({
    where: {
      clusterId,
      timeline: first.plan.timeline,
      segno: { gte: from, lte: to },
      lastCommitAt: input.target.inclusive ? { gt: time } : { gte: time },
    },
    orderBy: { segno: "asc" },
    select: { timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true },
  });
  return planRestore({ ...input, segments: segment ? [segment] : [] });
}
