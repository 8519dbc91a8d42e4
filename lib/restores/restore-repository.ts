import type { DbClient } from "@/lib/db/client";
import { parseLsn } from "@/lib/domain/lsn";
import { chooseRestoreRepository, type RankedRepository, type RepositoryCoverage } from "@/lib/domain/restore-repository";
import { AppError } from "@/lib/errors/app-error";
import { repositoryReadRates } from "@/lib/restores/measured-speeds";
import { walForRecovery } from "@/lib/restores/wal-for-recovery";

export interface RepositoryChoice {
  repositoryId: string;
  /** Why this one: "chosen", or why it is the default (lib/domain/restore-repository.ts). */
  reason: string;
  /** Every repository of the cluster, fastest first, with what it lacks and how fast it reads. */
  ranked: RankedRepository[];
}

/**
 * The repository a planned restore or drill reads from: the requested one when it holds a complete
 * copy of the backup and the WAL up to the target (a 422 saying what it lacks otherwise), else the
 * fastest that does.
 */
export async function restoreRepository(
  db: DbClient,
  q: { clusterId: string; backupId: string; timeline: number; targetLsn: bigint | null; requested?: string },
): Promise<RepositoryChoice> {
  const choice = chooseRestoreRepository(await repositoryCoverage(db, q), q.requested);
  if (!choice.ok) throw new AppError("not_ready", choice.message, { repositoryId: [choice.message] });
  return { repositoryId: choice.repositoryId, reason: choice.reason, ranked: choice.ranked };
}

/** What each of the cluster's repositories holds of a plan's backup and WAL, and how fast it was read. */
async function repositoryCoverage(
  db: DbClient,
  q: { clusterId: string; backupId: string; timeline: number; targetLsn: bigint | null },
): Promise<RepositoryCoverage[]> {
  const repository = { select: { id: true, name: true, kind: true } } as const;
  const cluster = await db.cluster.findUniqueOrThrow({
    where: { id: q.clusterId },
    select: { repository, copyRepositories: { orderBy: { createdAt: "asc" }, select: { repository } } },
  });
  const backup = await db.backup.findUniqueOrThrow({
    where: { id: q.backupId },
    select: { repositoryId: true, startLsn: true, copies: { where: { status: "complete" }, select: { repositoryId: true } } },
  });
  const needed = (
    await walForRecovery(db, { clusterId: q.clusterId, timeline: q.timeline, fromLsn: parseLsn(backup.startLsn!), toLsn: q.targetLsn })
  ).map((s) => s.name);
  const repositories = [...(cluster.repository ? [cluster.repository] : []), ...cluster.copyRepositories.map((c) => c.repository)];
  const rates = await repositoryReadRates(
    db,
    repositories.map((r) => r.id),
  );
  const candidates: RepositoryCoverage[] = [];
  for (const r of repositories) {
    const primary = r.id === cluster.repository?.id;
    const copied = primary
      ? needed.length
      : await db.walSegmentCopy.count({ where: { clusterId: q.clusterId, repositoryId: r.id, name: { in: needed } } });
    candidates.push({
      repositoryId: r.id,
      name: r.name,
      role: primary ? "primary" : "copy",
      kind: r.kind,
      backupComplete: primary ? backup.repositoryId === r.id : backup.copies.some((b) => b.repositoryId === r.id),
      missingSegments: needed.length - copied,
      measured: rates.get(r.id) ?? null,
    });
  }
  return candidates;
}
