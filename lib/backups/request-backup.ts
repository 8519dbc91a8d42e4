import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import type { BackupKindInput } from "@/lib/domain/backup-input";
import { AppError, notFound } from "@/lib/errors/app-error";
import { dispatchJob } from "@/lib/queue/enqueue-job";
import { recordExclusiveJob } from "@/lib/queue/record-exclusive-job";

export const BACKUP_JOB = "backup.full";

/**
 * "Back up now" and every schedule's backup tick: one backup per cluster at a time (a second
 * request gets the running job's id), and none for a cluster that its last check showed cannot be
 * backed up. `kind` is full unless the cluster's engine (pgBackRest) takes differential and
 * incremental sets too.
 */
export async function requestBackup(db: Db, queue: Queue, clusterId: string, kind: BackupKindInput = "full"): Promise<Job> {
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    include: { checks: { orderBy: { checkedAt: "desc" }, take: 1 } },
  });
  if (!cluster) throw notFound("The cluster");
  if (!cluster.repositoryId) {
    throw new AppError("not_ready", "This cluster has no repository to back up into: assign one on the cluster's edit page.");
  }
  if (kind !== "full" && cluster.engine !== "pgbackrest") {
    throw new AppError(
      "validation_failed",
      "This cluster's backups are Wayback's own, which are always full: differential and incremental backups need the pgBackRest engine. Ask for a full backup, or switch the cluster to pgBackRest.",
    );
  }
  const check = cluster.checks[0];
  if (check?.reachable && check.walLevel === "minimal") {
    throw new AppError(
      "not_ready",
      "wal_level is minimal on this cluster, so it cannot be backed up: set wal_level = replica and restart PostgreSQL, then check the connection again.",
    );
  }
  // pg_basebackup's need; pgBackRest connects over the server's own socket.
  if (cluster.engine === "wayback" && check?.reachable && check.hasReplication === false && check.isSuperuser === false) {
    throw new AppError(
      "not_ready",
      `Role ${cluster.username} lacks REPLICATION, which pg_basebackup needs: ALTER ROLE … REPLICATION; then check the connection again.`,
    );
  }
  const { job } = await recordExclusiveJob(db, { clusterId, type: BACKUP_JOB, busy: "A backup of this cluster" });
  return dispatchJob(db, queue, job, { kind });
}
