import { createReadStream } from "node:fs";
import path from "node:path";
import type { CopiedCluster } from "@/lib/backups/copy-cluster";
import type { BackupRun } from "@/lib/backups/prepare-backup";
import { WAYBACK_MANIFEST } from "@/lib/domain/archive-verification-backup";
import { BACKUP_MANIFEST, WAL_ARCHIVE } from "@/lib/pg/basebackup";
import type { StoredObject } from "@/lib/storage/repository";

/**
 * The backup job's store phase: pg_wal.tar and backup_manifest (the data archives are already
 * there) under the backup's prefix with their SHA-256, then Wayback's manifest of every file,
 * written last: a backup prefix without it is not a backup. The local directory goes afterwards.
 */
export async function storeBackup(run: BackupRun, copied: CopiedCluster, signal: AbortSignal): Promise<StoredObject[]> {
  const { prefix } = run;
  const files = [...copied.archives];
  for (const name of [WAL_ARCHIVE, BACKUP_MANIFEST]) {
    const { key, size, sha256 } = await run.repo.put(`${prefix}${name}`, createReadStream(path.join(copied.outDir, name)), { signal });
    files.push({ key, size, sha256 });
  }
  files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
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
  await run.repo.put(`${prefix}${WAYBACK_MANIFEST}`, Buffer.from(JSON.stringify(manifest, null, 2)), { signal });
  await run.staging.discard();
  return files;
}
