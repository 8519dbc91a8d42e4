import { lockClusterBackups } from "@/lib/backups/backup-claim";
import type { Db } from "@/lib/db/client";
import { WAYBACK_MANIFEST } from "@/lib/domain/archive-verification-backup";
import type { JobLog } from "@/lib/jobs/job-log";
import { dumpPrefix } from "@/lib/storage/layout";
import { SETTLED } from "@/lib/copies/copy-backups";
import { copyObject } from "@/lib/copies/copy-object";
import type { CopyRun, CopyTarget } from "@/lib/copies/copy-run";

/**
 * The copy job's dump phase for one copy repository, like its backup phase: every complete
 * logical dump of the cluster not yet complete there (nor removed there by retention), oldest
 * first, read from the repository it lives in; files re-read at the destination against the
 * catalog's checksums, the manifest last, and only then does the copy's row turn complete. A
 * failure is recorded on the copy's row and ends the run; the next run starts that dump's copy over.
 */
export async function copyDumps(db: Db, run: CopyRun, target: CopyTarget, opts: { signal: AbortSignal; log: JobLog }): Promise<number> {
  const settled = { repositoryId: target.repositoryId, status: { in: [...SETTLED] } };
  const dumps = await db.dump.findMany({
    where: { clusterId: run.clusterId, status: "complete", removingAt: null, copies: { none: settled } },
    include: { files: true },
    orderBy: { startedAt: "asc" },
  });
  let copied = 0;
  for (const dump of dumps) {
    const key = { dumpId_repositoryId: { dumpId: dump.id, repositoryId: target.repositoryId } };
    // Under the lock retention marks dumps with: a dump it marked meanwhile is not copied.
    const started = await db.$transaction(async (tx) => {
      await lockClusterBackups(tx, run.clusterId);
      if ((await tx.dump.count({ where: { id: dump.id, status: "complete", removingAt: null } })) === 0) return false;
      if ((await tx.dumpCopy.count({ where: { dumpId: dump.id, ...settled } })) > 0) return false;
      const copying = { status: "copying" as const, startedAt: new Date(), copiedAt: null, error: null };
      await tx.dumpCopy.upsert({ where: key, create: { dumpId: dump.id, repositoryId: target.repositoryId, ...copying }, update: copying });
      return true;
    });
    if (!started) continue;
    try {
      const source = await run.backupSource(dump.repositoryId);
      const prefix = dumpPrefix(run.clusterId, dump.id);
      // A manifest left by an earlier copy of this dump would make half-copied files look complete.
      await target.repo.remove(`${prefix}${WAYBACK_MANIFEST}`);
      for (const file of dump.files) {
        await copyObject(source, target.repo, `${prefix}${file.name}`, { expectedSha256: file.sha256, signal: opts.signal });
      }
      await copyObject(source, target.repo, `${prefix}${WAYBACK_MANIFEST}`, { expectedSha256: null, signal: opts.signal });
      await db.dumpCopy.update({ where: key, data: { status: "complete", copiedAt: new Date() } });
      await opts.log(`copied dump ${dump.id} of ${dump.database} (${dump.files.length} files) to ${target.name}`);
      copied += 1;
    } catch (err) {
      await db.dumpCopy.update({ where: key, data: { status: "failed", error: (err as Error).message } });
      throw err;
    }
  }
  return copied;
}
