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
  /** Every repository involved: the cluster's, and any other an older backup lives in (a copy: that one). */
  repos: Repository[];
  backups: BackupToCheck[];
  /** Objects under the cluster's backup/ prefixes that belong to no backup. */
  stray: VerificationFinding[];
  /** `copied`: in a copy repository, the segments the copy job recorded there; null in the primary (the whole WAL index). */
  wal: { repo: Repository; objects: Listed[]; listedAt: Date; copied: ReadonlySet<string> | null };
  totals: { files: number; bytes: number };
}

/**
 * What there is to verify: the catalog's complete backups, then what each repository really holds
 * under the cluster's backup/ and wal/ prefixes. The catalog is read before the repository is
 * listed, so a backup finishing meanwhile is still "running" here and is left alone.
 * `repositoryId` a copy repository of the cluster: that repository alone (planCopyVerification).
 */
export async function planVerification(
  db: Db,
  opts: { clusterId: string; repositoryId: string | null; storage: StorageAccess },
): Promise<VerificationPlan> {
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: opts.clusterId }, include: { repository: true } });
  if (!cluster.repository) throw new Error("This cluster has no repository: there is nothing to verify.");
  if (opts.repositoryId !== null && opts.repositoryId !== cluster.repository.id) {
    return planCopyVerification(db, { clusterId: cluster.id, repositoryId: opts.repositoryId, storage: opts.storage });
  }
  const rows = await db.backup.findMany({
    where: { clusterId: cluster.id },
    include: { repository: true, files: true },
    orderBy: { startedAt: "asc" },
  });
  // The catalog's clock, as WAL rows' archived_at is: rows newer than the listing are not expected in it.
  const listedAt = await catalogNow(db);

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
      backups.push(toCheck(cluster.id, backup, repo, listed));
    }
    const statuses = await backupStatuses(db, cluster.id, rows, listed, backupsPrefix);
    stray.push(...strayBackupFindings(backupsPrefix, listed, statuses));
  }

  const walRepo = repos.get(cluster.repository.id)!;
  const walObjects = await listAll(walRepo, walPrefix(cluster.id));
  return withTotals({ repos: [...repos.values()], backups, stray, wal: { repo: walRepo, objects: walObjects, listedAt, copied: null } });
}

/**
 * A copy repository read back on its own: the backups whose copy there is complete, and the WAL
 * the copy job recorded there. A backup's copy still being made (or failed, to be made again by
 * the next copy run) is left alone, as a running backup is in the primary. What the copy job
 * recorded is read before the listing, so a segment copied meanwhile is listed but not expected.
 */
async function planCopyVerification(
  db: Db,
  opts: { clusterId: string; repositoryId: string; storage: StorageAccess },
): Promise<VerificationPlan> {
  const { clusterId, repositoryId } = opts;
  const link = await db.clusterCopyRepository.findUnique({
    where: { clusterId_repositoryId: { clusterId, repositoryId } },
    include: { repository: true },
  });
  if (!link) throw new Error("That repository is no longer a copy repository of this cluster: there is nothing to verify there.");
  const [copies, copiedWal, listedAt] = await Promise.all([
    db.backupCopy.findMany({
      where: { repositoryId, backup: { clusterId } },
      include: { backup: { include: { files: true } } },
      orderBy: { backup: { startedAt: "asc" } },
    }),
    db.walSegmentCopy.findMany({ where: { clusterId, repositoryId }, select: { name: true } }),
    catalogNow(db),
  ]);
  const repo = openRepositoryForWriting(link.repository, opts.storage);
  const backupsPrefix = `${clusterPrefix(clusterId)}backup/`;
  const listed = await listAll(repo, backupsPrefix);
  const complete = copies.filter((c) => c.status === "complete" && c.backup.status === "complete");
  const backups = complete.map((c) => toCheck(clusterId, c.backup, repo, listed));
  const statuses = new Map(
    copies.map((c) => [c.backupId, { status: c.status === "complete" ? c.backup.status : "running", label: c.backup.label }]),
  );
  const stray = strayBackupFindings(backupsPrefix, listed, statuses);
  const walObjects = await listAll(repo, walPrefix(clusterId));
  const copied = new Set(copiedWal.map((s) => s.name));
  return withTotals({ repos: [repo], backups, stray, wal: { repo, objects: walObjects, listedAt, copied } });
}

function toCheck(clusterId: string, backup: Backup & { files: BackupFile[] }, repo: Repository, listed: Listed[]): BackupToCheck {
  const prefix = backupPrefix(clusterId, backup.id);
  return { backup, repo, prefix, catalog: digests(backup.files), objects: listed.filter((o) => o.key.startsWith(prefix)) };
}

function withTotals(plan: Omit<VerificationPlan, "totals">): VerificationPlan {
  const all = [...plan.backups.flatMap((b) => b.objects), ...plan.wal.objects];
  return { ...plan, totals: { files: all.length, bytes: all.reduce((n, o) => n + o.size, 0) } };
}

async function catalogNow(db: Db): Promise<Date> {
  const [{ now }] = await db.$queryRaw<[{ now: Date }]>`SELECT now()`;
  return now;
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
