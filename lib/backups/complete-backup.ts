import { completeBackupRecord } from "@/lib/backups/backup-record";
import type { CopiedCluster } from "@/lib/backups/copy-cluster";
import type { BackupRun } from "@/lib/backups/prepare-backup";
import type { Db } from "@/lib/db/client";
import type { JobLog } from "@/lib/jobs/job-log";
import type { StoredObject } from "@/lib/storage/repository";

/** The backup job's record phase: the catalog row turns complete with what the phases found. */
export async function completeBackup(
  db: Db,
  run: BackupRun,
  done: { copied: CopiedCluster; verified: { verifyDetail: string; verifyMs: number }; files: StoredObject[]; log: JobLog },
): Promise<void> {
  const { copied, verified, files } = done;
  const { serverVersion: pgVersion, systemIdentifier } = run.server;
  await completeBackupRecord(
    db,
    run.backup.id,
    { ...copied, databaseSizeBytes: copied.totalBytes, pgVersion, systemIdentifier, ...verified, files },
    run.prefix,
  );
  await done.log(`backup ${run.backup.id} complete`);
}
