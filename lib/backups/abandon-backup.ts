import { failBackupRecord } from "@/lib/backups/backup-record";
import type { BackupRun } from "@/lib/backups/prepare-backup";
import type { Db } from "@/lib/db/client";
import type { JobLog } from "@/lib/jobs/job-log";

/**
 * A backup that failed in any phase after its row was made: what it wrote is removed and its row
 * says why. The row fails with the backup's own reason even when the removal fails too (an object
 * store that went away is often why the backup failed): what is left holds no Wayback manifest,
 * so nothing takes it for a backup, and the log says what could not be removed.
 */
export async function abandonBackup(db: Db, run: BackupRun, opts: { error: Error; log: JobLog }): Promise<void> {
  const removed = await Promise.allSettled([run.staging.discard(), run.repo.removePrefix(run.prefix)]);
  await failBackupRecord(db, run.backup.id, opts.error.message);
  await opts.log(`failed: ${opts.error.message}`);
  for (const r of removed) {
    if (r.status === "rejected") await opts.log(`could not remove what the backup wrote: ${(r.reason as Error).message}`);
  }
}
