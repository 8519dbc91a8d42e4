import type { DbClient } from "@/lib/db/client";
import type { Backup } from "@/lib/db/generated/client";
import type { BackupPoint } from "@/lib/domain/recoverable-window";
import { keptCompleteIds, planRetention, type RetentionBackup, type RetentionPlan, type RetentionRules } from "@/lib/domain/retention";
import { parseTimelineHistory, type TimelineHistory } from "@/lib/domain/timeline-history";
import { walCutoff, type WalCutoff } from "@/lib/domain/wal-retention";
import { DEFAULT_WAL_SEGMENT_SIZE } from "@/lib/domain/wal-segment";
import { backupsInUse } from "@/lib/backups/backups-in-use";
import { retentionRules } from "@/lib/retention/policy-rules";
import { toBackupPoints } from "@/lib/timeline/backup-points";
import { storedRanges } from "@/lib/timeline/range-picture";
import { rangePieces, rangeRecoveryPicture, type StoredRange } from "@/lib/domain/wal-range-pieces";
import { copyRepositoryRanges } from "@/lib/retention/copy-repository-ranges";

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
  const [backups, links, copyRows, ranges, historyRows, use] = await Promise.all([
    db.backup.findMany({ where: { clusterId }, orderBy: { startedAt: "desc" } }),
    db.clusterCopyRepository.findMany({
      where: { clusterId },
      include: { repository: { select: { name: true } }, policy: true },
      orderBy: { createdAt: "asc" },
    }),
    db.backupCopy.findMany({ where: { backup: { clusterId }, status: { in: ["complete", "copying", "expiring"] } } }),
    storedRanges(db, clusterId),
    db.walHistory.findMany({ where: { clusterId } }),
    backupsInUse(db, clusterId),
  ]);
  const copyIds = new Set(links.map((l) => l.repositoryId));
  const histories = historyRows.map((h) => parseTimelineHistory(h.timeline, h.content));
  const hold = use.hold;
  const plan = (held: { row: Backup; status: RetentionBackup["status"] }[], rules: RetentionRules, wal: StoredRange[]) =>
    planRepository({ held, rules, now, inUse: use.inUse, hold, ranges: wal, histories });

  const primary = plan(
    backups.filter((b) => !copyIds.has(b.repositoryId)).map((row) => ({ row, status: row.status })),
    opts.rules,
    ranges,
  );
  // What each copy repository holds of the WAL is not summarised in wal_ranges: a cluster with
  // copy repositories reads its copy rows (docs/decisions/0027).
  const copiedRanges = links.length > 0 ? await copyRepositoryRanges(db, clusterId) : new Map<string, StoredRange[]>();
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
    const rules = link.policy ? retentionRules(link.policy) : opts.rules;
    return {
      repositoryId: link.repositoryId,
      name: link.repository.name,
      policyName: link.policy?.name ?? null,
      rules,
      ...plan(held, rules, copiedRanges.get(link.repositoryId) ?? []),
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
  ranges: StoredRange[];
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
  // Only the windows' starts are asked for, and a window starts at a backup's end whatever the
  // commit times: the ranges cut at the backups' segments answer it without reading any commit.
  const earliest = (ps: BackupPoint[], ranges: StoredRange[]) => {
    const { pieces } = rangePieces({ ranges, backups: ps, histories: opts.histories, segmentSize });
    const { windows } = rangeRecoveryPicture({ backups: ps, ranges, pieces, histories: opts.histories, segmentSize });
    return windows.reduce<Date | null>((min, w) => (min === null || w.from.time < min ? w.from.time : min), null);
  };
  const keep = cutoff.keepFromSegno;
  const keptRanges =
    keep === null ? opts.ranges : opts.ranges.filter((r) => r.last >= keep).map((r) => (r.first >= keep ? r : { ...r, first: keep }));
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
    recoverableSince: { after: earliest(keptPoints, keptRanges), now: earliest(points, opts.ranges) },
  };
}
