import type { CopiedCluster } from "@/lib/backups/copy-cluster";
import type { BackupRun } from "@/lib/backups/prepare-backup";
import { WAYBACK_MANIFEST } from "@/lib/domain/archive-verification-backup";
import type { StoredObject } from "@/lib/storage/repository";

/**
 * The backup job's store phase: the staged files moved under the backup's prefix with their
 * SHA-256, then Wayback's manifest of them, written last: a backup prefix without its manifest is
 * not a backup.
 */
export async function storeBackup(run: BackupRun, copied: CopiedCluster): Promise<StoredObject[]> {
  const { prefix } = run;
  const files = await run.staging.commit(prefix);
  const { startLsn, stopLsn, timeline, totalBytes, stopTime } = copied;
  const manifest = {
    format: 1,
    backupId: run.backup.id,
    clusterId: run.cluster.id,
    label: run.label,
    startLsn,
    stopLsn,
    timeline,
    totalBytes,
    stopTime,
    files: files.map((f) => ({ name: f.key.slice(prefix.length), size: f.size, sha256: f.sha256 })),
  };
  await run.repo.put(`${prefix}${WAYBACK_MANIFEST}`, Buffer.from(JSON.stringify(manifest, null, 2)));
  return files;
}
