import type { DbClient } from "@/lib/db/client";
import type { Backup } from "@/lib/db/generated/client";
import { recoveryPicture, type BackupPoint } from "@/lib/domain/recoverable-window";
import { keptCompleteIds, planRetention, type RetentionBackup, type RetentionPlan, type RetentionRules } from "@/lib/domain/retention";
import { parseTimelineHistory, type TimelineHistory } from "@/lib/domain/timeline-history";
import { walCutoff, type WalCutoff } from "@/lib/domain/wal-retention";
import { DEFAULT_WAL_SEGMENT_SIZE } from "@/lib/domain/wal-segment";
import { backupsInUse } from "@/lib/backups/backups-in-use";
import { retentionRules } from "@/lib/retention/policy-rules";
import { toBackupPoints } from "@/lib/timeline/backup-points";

export interface PlannedBackup {
  id: string;
  label: string;
  status: string;
  startedAt: Date;
  stopTime: Date | null;
  storedSizeBytes: bigint | null;
}

/** The plan for the backups one repository holds. */
export interface RepositoryRetentionPlan {
  plan: RetentionPlan;
  cutoff: WalCutoff;
  backups: PlannedBackup[];
  /** Where recovery from this repository can start once the plan is applied, and where it can start today. */
  recoverableSince: { after: Date | null; now: Date | null };
}

/** A copy repository's plan, with its own policy's counts (or the cluster's). */
export interface CopyRetentionPlan extends RepositoryRetentionPlan {
  repositoryId: string;
  name: string;
  /** The copy repository's own policy; null: it follows the cluster's. */
  policyName: string | null;
  rules: RetentionRules;
}

/** The primary repository's plan (the backups not handed over to a copy repository), and each copy repository's. */
export interface ClusterRetentionPlan extends RepositoryRetentionPlan {
  copies: CopyRetentionPlan[];
  segmentSize: number;
  now: Date;
}

type Segment = { timeline: number; segno: bigint; firstCommitAt: Date | null; lastCommitAt: Date | null };

/**
 * A cluster's retention plan from the catalog, per repository: the planner (lib/domain/retention.ts)
 * over the backups each repository holds and what restores and drills are using, the WAL cutoff
 * that follows, and the recoverable window before and after. The primary repository holds the
 * backups whose home (backups.repository_id) is not one of the cluster's copy repositories; a copy
 * repository holds the backups with a copy there. `rules` are the primary's (and those of every
 * copy repository without a policy of its own). The retention job applies it; the policy form
 * previews it.
 */
export async function retentionPlanForCluster(
  db: DbClient,
  opts: { clusterId: string; rules: RetentionRules; now: Date },
): Promise<ClusterRetentionPlan> {
  const { clusterId, now } = opts;
  const [backups, links, copyRows, segments, walCopies, historyRows, use] = await Promise.all([
    db.backup.findMany({ where: { clusterId }, orderBy: { startedAt: "desc" } }),
    db.clusterCopyRepository.findMany({
      where: { clusterId },
      include: { repository: { select: { name: true } }, policy: true },
      orderBy: { createdAt: "asc" },
    }),
    db.backupCopy.findMany({ where: { backup: { clusterId }, status: { in: ["complete", "copying", "expiring"] } } }),
    db.walSegment.findMany({
      where: { clusterId },
      select: { name: true, timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true },
    }),
    db.walSegmentCopy.findMany({ where: { clusterId }, select: { repositoryId: true, name: true } }),
    db.walHistory.findMany({ where: { clusterId } }),
    backupsInUse(db, clusterId),
  ]);
  const copyIds = new Set(links.map((l) => l.repositoryId));
  const histories = historyRows.map((h) => parseTimelineHistory(h.timeline, h.content));
  const hold = use.hold;
  const plan = (held: { row: Backup; status: RetentionBackup["status"] }[], rules: RetentionRules, segs: Segment[]) =>
    planRepository({ held, rules, now, inUse: use.inUse, hold, segments: segs, histories });

  const primary = plan(
    backups.filter((b) => !copyIds.has(b.repositoryId)).map((row) => ({ row, status: row.status })),
    opts.rules,
    segments,
  );
  const byId = new Map(backups.map((b) => [b.id, b]));
  const copies = links.map((link): CopyRetentionPlan => {
    const held = copyRows
      .filter((c) => c.repositoryId === link.repositoryId)
      .map((c) => {
        const row = byId.get(c.backupId)!;
        const status: RetentionBackup["status"] =
          row.status === "expiring" || c.status === "expiring" ? "expiring" : c.status === "copying" ? "running" : row.status;
        return { row, status };
      });
    const there = new Set(walCopies.filter((w) => w.repositoryId === link.repositoryId).map((w) => w.name));
    const rules = link.policy ? retentionRules(link.policy) : opts.rules;
    return {
      repositoryId: link.repositoryId,
      name: link.repository.name,
      policyName: link.policy?.name ?? null,
      rules,
      ...plan(
        held,
        rules,
        segments.filter((s) => there.has(s.name)),
      ),
    };
  });
  return { ...primary, copies, segmentSize: DEFAULT_WAL_SEGMENT_SIZE, now };
}

function planRepository(opts: {
  held: { row: Backup; status: RetentionBackup["status"] }[];
  rules: RetentionRules;
  now: Date;
  inUse: ReadonlyMap<string, string>;
  hold: string | null;
  segments: Segment[];
  histories: TimelineHistory[];
}): RepositoryRetentionPlan {
  const segmentSize = DEFAULT_WAL_SEGMENT_SIZE;
  const inputs = opts.held.map(({ row, status }) => ({
    id: row.id,
    status,
    startedAt: row.startedAt,
    stopTime: status === "running" || status === "failed" ? null : row.stopTime,
    parentId: row.parentBackupId,
  }));
  const plan = planRetention({ backups: inputs, rules: opts.rules, now: opts.now, inUse: opts.inUse });
  const rows = opts.held.filter((h) => h.status === "complete").map((h) => h.row);
  const points = toBackupPoints(rows);
  const kept = keptCompleteIds(plan, inputs);
  const keptPoints = points.filter((p) => kept.has(p.id));
  const cutoff = walCutoff({
    retained: keptPoints,
    segmentSize,
    hold: opts.hold ?? (plan.stopped ? "Retention is stopped: WAL is kept." : null),
  });
  const earliest = (ps: BackupPoint[], segs: Segment[]) => {
    const windows = recoveryPicture({ backups: ps, segments: segs, histories: opts.histories, segmentSize }).windows;
    return windows.reduce<Date | null>((min, w) => (min === null || w.from.time < min ? w.from.time : min), null);
  };
  const keptSegments = cutoff.keepFromSegno === null ? opts.segments : opts.segments.filter((s) => s.segno >= cutoff.keepFromSegno!);
  return {
    plan,
    cutoff,
    backups: opts.held.map(({ row, status }) => ({
      id: row.id,
      label: row.label,
      status,
      startedAt: row.startedAt,
      stopTime: row.stopTime,
      storedSizeBytes: row.storedSizeBytes,
    })),
    recoverableSince: { after: earliest(keptPoints, keptSegments), now: earliest(points, opts.segments) },
  };
}
