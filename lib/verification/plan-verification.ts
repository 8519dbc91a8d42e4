import type { Db } from "@/lib/db/client";
import type { Backup, BackupFile, Repository as RepositoryRow } from "@/lib/db/generated/client";
import type { FileDigest, VerificationFinding } from "@/lib/domain/archive-verification";
import { strayBackupFindings } from "@/lib/domain/archive-verification-backup";
import { backupPrefix, clusterPrefix, walPrefix } from "@/lib/storage/layout";
import { openRepositoryForWriting, type StorageAccess } from "@/lib/storage/open-repository";
import type { Repository } from "@/lib/storage/repository";

export interface Listed {
  key: string;
  size: number;
}

export interface BackupToCheck {
  backup: Backup;
  repo: Repository;
  prefix: string;
  /** What the catalog recorded when the backup was stored, by name relative to the prefix. */
  catalog: Map<string, FileDigest>;
  objects: Listed[];
}

export interface VerificationPlan {
  /** Every repository involved: the cluster's, and any other an older backup lives in. */
  repos: Repository[];
  backups: BackupToCheck[];
  /** Objects under the cluster's backup/ prefixes that belong to no backup. */
  stray: VerificationFinding[];
  wal: { repo: Repository; objects: Listed[]; listedAt: Date };
  totals: { files: number; bytes: number };
}

/**
 * What there is to verify: the catalog's complete backups, then what each repository really holds
 * under the cluster's backup/ and wal/ prefixes. The catalog is read before the repository is
 * listed, so a backup finishing meanwhile is still "running" here and is left alone.
 */
export async function planVerification(db: Db, opts: { clusterId: string; storage: StorageAccess }): Promise<VerificationPlan> {
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: opts.clusterId }, include: { repository: true } });
  if (!cluster.repository) throw new Error("This cluster has no repository: there is nothing to verify.");
  const rows = await db.backup.findMany({
    where: { clusterId: cluster.id },
    include: { repository: true, files: true },
    orderBy: { startedAt: "asc" },
  });
  // The catalog's clock, as WAL rows' archived_at is: rows newer than the listing are not expected in it.
  const [{ now: listedAt }] = await db.$queryRaw<[{ now: Date }]>`SELECT now()`;

  const repoRows = new Map<string, RepositoryRow>([
    [cluster.repository.id, cluster.repository],
    ...rows.map((b) => [b.repositoryId, b.repository] as const),
  ]);
  const repos = new Map([...repoRows].map(([id, row]) => [id, openRepositoryForWriting(row, opts.storage)]));
  const backups: BackupToCheck[] = [];
  const stray: VerificationFinding[] = [];
  const backupsPrefix = `${clusterPrefix(cluster.id)}backup/`;
  for (const [repositoryId, repo] of repos) {
    const listed = await listAll(repo, backupsPrefix);
    for (const backup of rows.filter((b) => b.repositoryId === repositoryId && b.status === "complete")) {
      const prefix = backupPrefix(cluster.id, backup.id);
      backups.push({ backup, repo, prefix, catalog: digests(backup.files), objects: listed.filter((o) => o.key.startsWith(prefix)) });
    }
    const statuses = await backupStatuses(db, cluster.id, rows, listed, backupsPrefix);
    stray.push(...strayBackupFindings(backupsPrefix, listed, statuses));
  }

  const walRepo = repos.get(cluster.repository.id)!;
  const walObjects = await listAll(walRepo, walPrefix(cluster.id));
  const all = [...backups.flatMap((b) => b.objects), ...walObjects];
  return {
    repos: [...repos.values()],
    backups,
    stray,
    wal: { repo: walRepo, objects: walObjects, listedAt },
    totals: { files: all.length, bytes: all.reduce((n, o) => n + o.size, 0) },
  };
}

async function listAll(repo: Repository, prefix: string): Promise<Listed[]> {
  const out: Listed[] = [];
  for await (const o of repo.list(prefix)) out.push(o);
  return out;
}

function digests(files: BackupFile[]): Map<string, FileDigest> {
  return new Map(files.map((f) => [f.name, { size: Number(f.sizeBytes), sha256: f.sha256 }]));
}

/** Status and label by backup id; ids found in the listing but not read before it are looked up again (a backup that started meanwhile). */
async function backupStatuses(db: Db, clusterId: string, rows: Backup[], listed: Listed[], backupsPrefix: string) {
  const known = new Map(rows.map((b) => [b.id, { status: b.status as string, label: b.label }]));
  const ids = new Set(
    listed.map((o) => o.key.slice(backupsPrefix.length).split("/")[0]!).filter((id) => !known.has(id) && /^[0-9a-f-]{36}$/.test(id)),
  );
  if (ids.size > 0) {
    for (const b of await db.backup.findMany({
      where: { clusterId, id: { in: [...ids] } },
      select: { id: true, status: true, label: true },
    }))
      known.set(b.id, b);
  }
  return known;
}
