import { lockClusterBackups } from "@/lib/backups/backup-claim";
import type { Db } from "@/lib/db/client";
import { WAYBACK_MANIFEST } from "@/lib/domain/archive-verification-backup";
import type { JobLog } from "@/lib/jobs/job-log";
import { backupPrefix } from "@/lib/storage/layout";
import { copyObject } from "@/lib/copies/copy-object";
import type { CopyRun, CopyTarget } from "@/lib/copies/copy-run";

/** A copy in one of these states is not copied (again): complete, or removed by the repository's retention. */
export const SETTLED = ["complete", "expiring", "expired"] as const;

/**
 * The copy job's backup phase for one copy repository: every complete backup of the cluster not
 * yet complete there (nor removed there by retention), oldest first, read from the repository it
 * lives in. Files are streamed and re-read at the destination against the
 * catalog's checksums; the manifest is written last, and only then does the copy's row turn
 * complete, so an interrupted copy never looks like a backup (there, or in the catalog). A failure
 * is recorded on the copy's row and ends the run; the next run starts that backup's copy over.
 */
export async function copyBackups(db: Db, run: CopyRun, target: CopyTarget, opts: { signal: AbortSignal; log: JobLog }): Promise<number> {
  const backups = await db.backup.findMany({
    where: {
      clusterId: run.clusterId,
      status: "complete",
      copies: { none: { repositoryId: target.repositoryId, status: { in: [...SETTLED] } } },
    },
    include: { files: true },
    orderBy: { startedAt: "asc" },
  });
  let copied = 0;
  for (const backup of backups) {
    const key = { backupId_repositoryId: { backupId: backup.id, repositoryId: target.repositoryId } };
    // Under the lock retention marks backups with: a backup it marked meanwhile is not copied, and
    // one being copied is in use (backupsInUse) until its copy is complete or failed.
    const started = await db.$transaction(async (tx) => {
      await lockClusterBackups(tx, run.clusterId);
      if ((await tx.backup.count({ where: { id: backup.id, status: "complete" } })) === 0) return false;
      if ((await tx.backupCopy.count({ where: { ...key.backupId_repositoryId, status: { in: [...SETTLED] } } })) > 0) return false;
      const copying = { status: "copying" as const, startedAt: new Date(), copiedAt: null, error: null };
      await tx.backupCopy.upsert({
        where: key,
        create: { backupId: backup.id, repositoryId: target.repositoryId, ...copying },
        update: copying,
      });
      return true;
    });
    if (!started) continue;
    try {
      const source = await run.backupSource(backup.repositoryId);
      const prefix = backupPrefix(run.clusterId, backup.id);
      // A manifest left by an earlier copy of this backup would make half-copied files look complete.
      await target.repo.remove(`${prefix}${WAYBACK_MANIFEST}`);
      for (const file of backup.files) {
        await copyObject(source, target.repo, `${prefix}${file.name}`, { expectedSha256: file.sha256, signal: opts.signal });
      }
      await copyObject(source, target.repo, `${prefix}${WAYBACK_MANIFEST}`, { expectedSha256: null, signal: opts.signal });
      await db.backupCopy.update({ where: key, data: { status: "complete", copiedAt: new Date() } });
      await opts.log(`copied backup ${backup.id} (${backup.files.length} files) to ${target.name}`);
      copied += 1;
    } catch (err) {
      await db.backupCopy.update({ where: key, data: { status: "failed", error: (err as Error).message } });
      throw err;
    }
  }
  return copied;
}
