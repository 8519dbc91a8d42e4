import type { Db } from "@/lib/db/client";
import type { Cluster, WalReceiver } from "@/lib/db/generated/client";
import { ALERT_RULES, isAlertRule } from "@/lib/domain/alert-rules";
import { formatLsn } from "@/lib/domain/lsn";
import { recoveryPictureIn, segmentKey, type RecoveryPicture } from "@/lib/domain/recoverable-window";
import { parseTimelineHistory, type TimelineHistory } from "@/lib/domain/timeline-history";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName } from "@/lib/domain/wal-segment";
import { measuredRpoSeconds } from "@/lib/domain/rpo";
import { notFound } from "@/lib/errors/app-error";
import { toBackupPoints } from "@/lib/timeline/backup-points";
import { timelineSwitches } from "@/lib/timeline/timeline-switches";
import { commitTimesAroundGaps, rangePicture, segmentsIn, storedRanges } from "@/lib/timeline/range-picture";
import { archiveCommandFor, restoreCommandFor, type CliInvocation } from "@/lib/wal/cli-commands";
import type { ArchiveView, TimelineView } from "@/lib/timeline/timeline-view";

/**
 * The cluster's recovery picture as the dashboard draws it: catalog rows in, the one pure
 * computation (lib/domain/recoverable-window.ts) in the middle, a view model out. WAL is read as
 * wal_ranges (lib/timeline/range-picture.ts), so the cost does not grow with the archive.
 */
export async function getTimeline(db: Db, opts: { clusterId: string; cli: CliInvocation; now?: Date }): Promise<TimelineView> {
  const { clusterId } = opts;
  const repository = { select: { id: true, name: true, kind: true } } as const;
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    include: { walReceiver: true, repository, copyRepositories: { orderBy: { createdAt: "asc" }, select: { repository } } },
  });
  if (!cluster) throw notFound("The cluster");
  const withCopies = cluster.copyRepositories.length > 0;
  const [backups, ranges, historyRows, restorePoints, newest, alerts, backupCopies, copied, partial] = await Promise.all([
    db.backup.findMany({ where: { clusterId }, orderBy: { startedAt: "asc" } }),
    storedRanges(db, clusterId),
    db.walHistory.findMany({ where: { clusterId } }),
    db.restorePoint.findMany({ where: { clusterId }, orderBy: { createdAt: "asc" } }),
    newestOnLatestTimeline(db, clusterId),
    db.alert.findMany({
      where: { clusterId, state: { in: ["open", "acknowledged"] } },
      orderBy: { firstSeenAt: "asc" },
      select: { id: true, rule: true, severity: true, firstSeenAt: true },
    }),
    db.backupCopy.findMany({ where: { backup: { clusterId }, status: "complete" }, select: { backupId: true, repositoryId: true } }),
    withCopies ? copiedWal(db, clusterId) : null,
    db.walPartial.findUnique({ where: { clusterId } }),
  ]);
  const segmentSize = DEFAULT_WAL_SEGMENT_SIZE;
  const histories: TimelineHistory[] = historyRows.map((h) => parseTimelineHistory(h.timeline, h.content));
  const points = toBackupPoints(backups);
  const inputs = { clusterId, ranges, histories, segmentSize, partial };
  const [picture, primaryLane] = await Promise.all([
    rangePicture(db, { ...inputs, backups: points }),
    cluster.repository
      ? rangePicture(db, { ...inputs, backups: points.filter((b) => b.row.repositoryId === cluster.repository!.id) })
      : null,
  ]);
  // A copy repository's lane is the picture over the segments the copy job re-read there, which
  // wal_ranges does not summarise: only clusters with copy repositories read their segment rows.
  const around = copied?.segments ?? (await commitTimesAroundGaps(db, clusterId, picture.gaps));
  const pictureView = pictureViewer(around, segmentSize);

  const lanes = [
    ...(cluster.repository && primaryLane ? [{ ...cluster.repository, role: "primary" as const, lane: pictureView(primaryLane) }] : []),
    ...cluster.copyRepositories.map((c) => {
      const { segments, walCopies } = copied!;
      const keyOfName = new Map(segments.map((s) => [s.name, segmentKey(s)]));
      const holdings = {
        backupIds: new Set(backupCopies.filter((b) => b.repositoryId === c.repository.id).map((b) => b.backupId)),
        segments: new Set(walCopies.filter((w) => w.repositoryId === c.repository.id).map((w) => keyOfName.get(w.name)!)),
      };
      const lane = pictureView(recoveryPictureIn({ backups: points, segments, histories, segmentSize, partial }, holdings));
      return { ...c.repository, role: "copy" as const, lane };
    }),
  ].map(({ lane, ...r }) => ({ repositoryId: r.id, name: r.name, kind: r.kind, role: r.role, ...lane }));

  const now = opts.now ?? new Date();
  return {
    now: now.toISOString(),
    segmentSize,
    ...pictureView(picture),
    rpo: {
      measuredSeconds: measuredRpoSeconds(now, picture.latestRecoverableTime),
      targetSeconds: cluster.rpoTargetSeconds,
      partialFailure:
        cluster.walReceiver?.partialError && cluster.walReceiver.partialFailedAt
          ? { error: cluster.walReceiver.partialError, at: cluster.walReceiver.partialFailedAt.toISOString() }
          : null,
    },
    partial: partial
      ? {
          name: partial.name,
          timeline: partial.timeline,
          endLsn: formatLsn(partial.endLsn),
          lastCommitAt: iso(partial.lastCommitAt),
          uploadedAt: partial.uploadedAt.toISOString(),
          inWindow: picture.windows.some((w) => w.to.partial === true),
        }
      : null,
    repositories: lanes,
    backups: backups.map((b) => ({
      id: b.id,
      status: b.status,
      label: b.label,
      startedAt: b.startedAt.toISOString(),
      stopTime: iso(b.stopTime),
      stopLsn: b.stopLsn,
      timeline: b.timeline,
    })),
    unusableBackups: picture.unusableBackups,
    switches: await timelineSwitches(db, { clusterId, histories: historyRows, segmentSize }),
    restorePoints: restorePoints.map((r) => ({ name: r.name, lsn: r.lsn, timeline: r.timeline, createdAt: r.createdAt.toISOString() })),
    alerts: alerts.map((a) => ({
      id: a.id,
      ruleLabel: isAlertRule(a.rule) ? ALERT_RULES[a.rule].label : a.rule,
      severity: a.severity,
      firstSeenAt: a.firstSeenAt.toISOString(),
    })),
    archive: archiveView(cluster, opts.cli, { segmentCount: segmentsIn(ranges), newest }),
  };
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** The newest segment of the highest timeline: the end of that timeline's last range, then its one row. */
async function newestOnLatestTimeline(db: Db, clusterId: string): Promise<{ name: string; archivedAt: Date } | null> {
  const range = await db.walRange.findFirst({ where: { clusterId }, orderBy: [{ timeline: "desc" }, { lastSegno: "desc" }] });
  if (!range) return null;
  return db.walSegment.findFirst({
    where: { clusterId, timeline: range.timeline, segno: range.lastSegno },
    select: { name: true, archivedAt: true },
  });
}

/** Every segment row and what each copy repository holds of them, for the copy repositories' lanes. */
async function copiedWal(db: Db, clusterId: string) {
  const [segments, walCopies] = await Promise.all([
    db.walSegment.findMany({
      where: { clusterId },
      select: { name: true, timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true },
    }),
    db.walSegmentCopy.findMany({ where: { clusterId }, select: { repositoryId: true, name: true } }),
  ]);
  return { segments, walCopies };
}

/** A recovery picture's windows and gaps as the view draws them; commit times around each gap place it on the time axis. */
function pictureViewer(
  segments: { timeline: number; segno: bigint; firstCommitAt: Date | null; lastCommitAt: Date | null }[],
  segmentSize: number,
): (p: RecoveryPicture) => Pick<TimelineView, "windows" | "latestRecoverableTime" | "gaps"> {
  const commitTimes = new Map(segments.map((s) => [segmentKey(s), s]));
  return (p) => ({
    windows: p.windows.map((w) => ({
      timeline: w.timeline,
      fromBackupId: w.fromBackupId,
      from: { lsn: formatLsn(w.from.lsn), time: w.from.time.toISOString() },
      to: { lsn: formatLsn(w.to.lsn), time: w.to.time.toISOString(), ...(w.to.partial ? { partial: true as const } : {}) },
    })),
    latestRecoverableTime: iso(p.latestRecoverableTime),
    gaps: p.gaps.map((g) => ({
      timeline: g.timeline,
      firstSegment: segmentName(g.timeline, g.first, segmentSize),
      lastSegment: segmentName(g.timeline, g.last, segmentSize),
      missing: g.missing,
      missingCount: Number(g.missingCount),
      after: iso(commitTimes.get(segmentKey({ timeline: g.timeline, segno: g.first - 1n }))?.lastCommitAt),
      before: iso(commitTimes.get(segmentKey({ timeline: g.timeline, segno: g.last + 1n }))?.firstCommitAt),
    })),
  });
}

function archiveView(
  cluster: Cluster & { walReceiver: WalReceiver | null },
  cli: CliInvocation,
  wal: { segmentCount: number; newest: { name: string; archivedAt: Date } | null },
): ArchiveView {
  const r = cluster.walReceiver;
  return {
    mode: cluster.walMode,
    receiver: r
      ? {
          state: r.state,
          slotName: r.slotName,
          lastError: r.lastError,
          restarts: r.restarts,
          lastSegment: r.lastSegment,
          slotLagBytes: r.slotLagBytes === null ? null : Number(r.slotLagBytes),
          updatedAt: r.updatedAt.toISOString(),
        }
      : null,
    archiveCommand: archiveCommandFor(cli, cluster.id),
    restoreCommand: restoreCommandFor(cli, cluster.id),
    segmentCount: wal.segmentCount,
    newestSegment: wal.newest?.name ?? null,
    newestArchivedAt: wal.newest?.archivedAt.toISOString() ?? null,
  };
}
