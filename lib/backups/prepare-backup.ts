import { startBackupRecord } from "@/lib/backups/backup-record";
import { sweepStaleBackups } from "@/lib/backups/sweep-stale-backups";
import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Config } from "@/lib/config";
import { hostLabel, hostWishFor } from "@/lib/domain/database-hosts";
import type { Db } from "@/lib/db/client";
import type { Backup, Compression } from "@/lib/db/generated/client";
import type { JobLog } from "@/lib/jobs/job-log";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { inspectServer, type ServerFacts } from "@/lib/pg/inspect-server";
import { backupPrefix } from "@/lib/storage/layout";
import { openRepositoryForWriting } from "@/lib/storage/open-repository";
import type { Repository, StagingDir } from "@/lib/storage/repository";
import { UnrecoverableError } from "bullmq";

/** One backup attempt under way: what every later phase of the backup job works on. */
export interface BackupRun {
  jobId: string;
  cluster: { id: string; compression: Compression; backupMaxRateKb: number | null };
  backup: Backup;
  repo: Repository;
  target: ConnectionTarget;
  server: ServerFacts;
  label: string;
  /** Where the backup's files go in the repository. */
  prefix: string;
  /** A private local directory for pg_basebackup: its pipes, and the small files it writes itself (pg_wal.tar, backup_manifest). */
  staging: StagingDir;
}

/**
 * The backup job's first phase: the cluster, its repository, a fresh look at the server, the
 * backup's row; leftovers of interrupted backups of this cluster are failed and removed.
 */
export async function prepareBackup(
  db: Db,
  opts: {
    jobId: string;
    clusterId: string;
    config: Pick<Config, "repoRoots" | "secretKey" | "spoolDir">;
    signal: AbortSignal;
    log: JobLog;
  },
): Promise<BackupRun> {
  const { jobId, log } = opts;
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: opts.clusterId }, include: { repository: true } });
  if (!cluster.repository) throw new UnrecoverableError("This cluster has no repository to back up into.");
  const swept = await sweepStaleBackups(db, { clusterId: cluster.id, exceptJobId: jobId, storage: opts.config });
  if (swept) await log(`removed ${swept} interrupted backup(s) of this cluster`);
  const repo = openRepositoryForWriting(cluster.repository, opts.config);
  // Read-only work: a standby serves it when the cluster says so (restore points and WAL
  // switches, which only a primary can make, take their own primary connection).
  const target = await connectionTarget(db, cluster.id, opts.config.secretKey, hostWishFor(cluster.backupFrom));
  const server = await inspectServer(target, opts.signal);
  if (server.walLevel === "minimal") throw new UnrecoverableError("wal_level is minimal: set wal_level = replica and restart PostgreSQL.");
  const label = `wayback ${new Date().toISOString()}`;
  const backup = await startBackupRecord(db, {
    jobId,
    clusterId: cluster.id,
    repositoryId: cluster.repository.id,
    compression: cluster.compression,
    label,
    sourceHost: hostLabel(target),
  });
  const prefix = backupPrefix(cluster.id, backup.id);
  // A retried job reuses its backup row: whatever its dead predecessor staged goes first.
  await repo.discardStaging(`backup-${backup.id}`);
  await repo.discardStaging(`verify-${backup.id}`);
  await repo.removePrefix(prefix);
  const staging = await repo.stagingDir(`backup-${backup.id}`);
  await log(`backing up PostgreSQL ${server.serverVersion} from ${hostLabel(target)} into ${repo.describe()} (${cluster.compression})`);
  return { jobId, cluster, backup, repo, target, server, label, prefix, staging };
}
