import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import type { ListBackupsQuery } from "@/lib/domain/backup-input";
import { parentChain } from "@/lib/domain/backup-kind";
import { presentBackup, presentBackupDetail, type BackupDetailView, type BackupView } from "@/lib/backups/backup-view";

// The last repository verification's outcome for each backup (its per-backup result row).
const related = {
  cluster: { select: { name: true } },
  job: true,
  lastVerification: { select: { finishedAt: true, results: { where: { scope: "backup" }, select: { backupId: true, findings: true } } } },
} as const;

export async function listBackups(db: Db, q: ListBackupsQuery): Promise<BackupView[]> {
  const rows = await db.backup.findMany({
    where: { clusterId: q.clusterId, status: q.status },
    include: related,
    orderBy: { startedAt: q.order },
    take: q.limit,
  });
  return rows.map(presentBackup);
}

export async function getBackup(db: Db, id: string): Promise<BackupDetailView> {
  const row = await db.backup.findUnique({ where: { id }, include: { ...related, files: { orderBy: { name: "asc" } } } });
  if (!row) throw notFound("The backup");
  // A chain is a handful of sets of one cluster: read the cluster's links once, follow them here.
  const links = row.parentBackupId
    ? await db.backup.findMany({ where: { clusterId: row.clusterId }, select: { id: true, label: true, kind: true, parentBackupId: true } })
    : [];
  return presentBackupDetail(row, parentChain(row, new Map(links.map((l) => [l.id, l]))));
}
