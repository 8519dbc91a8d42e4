import type { DbClient } from "@/lib/db/client";
import { parseLsn } from "@/lib/domain/lsn";
import { chooseRestoreRepository, type RepositoryCoverage } from "@/lib/domain/restore-repository";
import { AppError } from "@/lib/errors/app-error";
import { walForRecovery } from "@/lib/restores/wal-for-recovery";

/**
 * The repository a planned restore reads from: the user's choice when it holds a complete copy of
 * the backup and the WAL up to the target (a 422 saying what it lacks otherwise), else the primary
 * when it does, else a copy repository that does.
 */
export async function restoreRepository(
  db: DbClient,
  q: { clusterId: string; backupId: string; timeline: number; targetLsn: bigint | null; requested?: string },
): Promise<string> {
  const cluster = await db.cluster.findUniqueOrThrow({
    where: { id: q.clusterId },
    select: { repository: { select: { id: true, name: true } }, copyRepositories: { include: { repository: { select: { name: true } } } } },
  });
  const backup = await db.backup.findUniqueOrThrow({
    where: { id: q.backupId },
    select: { repositoryId: true, startLsn: true, copies: { where: { status: "complete" }, select: { repositoryId: true } } },
  });
  const needed = (
    await walForRecovery(db, { clusterId: q.clusterId, timeline: q.timeline, fromLsn: parseLsn(backup.startLsn!), toLsn: q.targetLsn })
  ).map((s) => s.name);
  const candidates: RepositoryCoverage[] = [];
  if (cluster.repository) {
    const { id, name } = cluster.repository;
    candidates.push({ repositoryId: id, name, role: "primary", backupComplete: backup.repositoryId === id, missingSegments: 0 });
  }
  for (const c of cluster.copyRepositories) {
    const copied = await db.walSegmentCopy.count({ where: { clusterId: q.clusterId, repositoryId: c.repositoryId, name: { in: needed } } });
    candidates.push({
      repositoryId: c.repositoryId,
      name: c.repository.name,
      role: "copy",
      backupComplete: backup.copies.some((b) => b.repositoryId === c.repositoryId),
      missingSegments: needed.length - copied,
    });
  }
  const choice = chooseRestoreRepository(candidates, q.requested);
  if (!choice.ok) throw new AppError("not_ready", choice.message, { repositoryId: [choice.message] });
  return choice.repositoryId;
}
