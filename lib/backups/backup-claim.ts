import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import type { DbClient } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

/**
 * Restores and drills claim a backup, and retention marks one for expiry, under the same per-cluster
 * lock: a restore either sees the backup already `expiring` (and is refused), or retention sees the
 * restore and keeps the backup. Call inside the transaction that records the claim.
 */
export async function lockClusterBackups(tx: DbClient, clusterId: string): Promise<void> {
  await lockForTransaction(tx, advisoryLocks.clusterBackups(clusterId));
}

/** Takes the lock and checks that the backup can still start a recovery. */
export async function claimBackup(tx: DbClient, clusterId: string, backupId: string): Promise<void> {
  await lockClusterBackups(tx, clusterId);
  const backup = await tx.backup.findUnique({ where: { id: backupId }, select: { status: true, label: true } });
  if (!backup || backup.status !== "complete") {
    throw new AppError(
      "conflict",
      `Backup ${backup?.label ?? backupId} is no longer available (retention removed it or is removing it): plan the restore again.`,
    );
  }
}
