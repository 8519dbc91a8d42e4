import type { DbClient } from "@/lib/db/client";
import { copyLag, type CopyLag } from "@/lib/domain/copy-lag";
import { notFound } from "@/lib/errors/app-error";

export interface CopyRepositoryView {
  repositoryId: string;
  name: string;
  kind: string;
  addedAt: string;
  /** The policy whose retention counts apply in this repository; null: the cluster's policy. */
  policy: { id: string; name: string } | null;
  /** Complete backups of the cluster and how many of them are complete in this repository. */
  backups: { complete: number; of: number };
  /** Complete dumps of the cluster and how many of them are complete in this repository. */
  dumps: { complete: number; of: number };
  /** The archived WAL not yet copied here (WAL this repository's retention trimmed is not waited for). */
  walLag: CopyLag;
}

export interface BackupCopyView {
  backupId: string;
  repositoryId: string;
  /** expired: this repository's retention removed it there. */
  status: "copying" | "complete" | "failed" | "expiring" | "expired";
  startedAt: string;
  copiedAt: string | null;
  error: string | null;
}

export interface ClusterCopiesView {
  repositories: CopyRepositoryView[];
  /** Every backup's copy in every copy repository (a backup with none is not copied yet). */
  backupCopies: BackupCopyView[];
}

/** The copy repositories of a cluster, their retention, how far each trails the primary, and each backup's copies. */
export async function getClusterCopies(db: DbClient, opts: { clusterId: string; now: Date }): Promise<ClusterCopiesView> {
  const { clusterId } = opts;
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    select: {
      copyRepositories: {
        include: { repository: { select: { name: true, kind: true } }, policy: { select: { id: true, name: true } } },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!cluster) throw notFound("The cluster");
  const [completeBackups, completeDumps] = await Promise.all([
    db.backup.count({ where: { clusterId, status: "complete" } }),
    db.dump.count({ where: { clusterId, status: "complete", removingAt: null } }),
  ]);
  const repositories: CopyRepositoryView[] = [];
  for (const c of cluster.copyRepositories) {
    const { repositoryId } = c;
    const notCopied = { clusterId, segno: { gte: c.walKeptFromSegno ?? 0n }, copies: { none: { repositoryId } } };
    const [complete, dumps, missingSegments, oldest] = await Promise.all([
      db.backupCopy.count({ where: { repositoryId, status: "complete", backup: { clusterId, status: "complete" } } }),
      db.dumpCopy.count({ where: { repositoryId, status: "complete", dump: { clusterId, status: "complete", removingAt: null } } }),
      db.walSegment.count({ where: notCopied }),
      db.walSegment.findFirst({ where: notCopied, orderBy: { archivedAt: "asc" }, select: { archivedAt: true } }),
    ]);
    repositories.push({
      repositoryId,
      name: c.repository.name,
      kind: c.repository.kind,
      addedAt: c.createdAt.toISOString(),
      policy: c.policy,
      backups: { complete, of: completeBackups },
      dumps: { complete: dumps, of: completeDumps },
      walLag: copyLag({ now: opts.now, missingSegments, oldestMissingArchivedAt: oldest?.archivedAt ?? null }),
    });
  }
  const copies = await db.backupCopy.findMany({
    where: { backup: { clusterId }, repositoryId: { in: repositories.map((r) => r.repositoryId) } },
    orderBy: { startedAt: "desc" },
  });
  return {
    repositories,
    backupCopies: copies.map((b) => ({
      backupId: b.backupId,
      repositoryId: b.repositoryId,
      status: b.status,
      startedAt: b.startedAt.toISOString(),
      copiedAt: b.copiedAt?.toISOString() ?? null,
      error: b.error,
    })),
  };
}
