import { failBackupRecord } from "@/lib/backups/backup-record";
import type { BackupRun } from "@/lib/backups/prepare-backup";
import type { Db } from "@/lib/db/client";
import type { JobLog } from "@/lib/jobs/job-log";

/** A backup that failed in any phase after its row was made: what it wrote is removed and its row says why. */
export async function abandonBackup(db: Db, run: BackupRun, opts: { error: Error; log: JobLog }): Promise<void> {
  await run.staging.discard();
  await run.repo.removePrefix(run.prefix);
  await failBackupRecord(db, run.backup.id, opts.error.message);
  await opts.log(`failed: ${opts.error.message}`);
}
