import type { Db } from "@/lib/db/client";
import { failDumpRestoreRecord, recordDumpRestoreDiscarded } from "@/lib/dumps/dump-restore-record";
import type { DumpRestoreInstance } from "@/lib/dumps/make-dump-restore-instance";
import type { JobLog } from "@/lib/jobs/job-log";

/**
 * A dump restore that failed in any phase. `instance` is the new instance while a failure should
 * remove it (before the tools ran to their end; after that it stays, with what they could
 * restore, until the user discards it). The row is failed with the reason unless its last phase
 * already recorded the outcome.
 */
export async function abandonDumpRestore(
  db: Db,
  opts: { dumpRestoreId: string; instance: DumpRestoreInstance | null; error: string; log: JobLog },
): Promise<void> {
  const { dumpRestoreId: id, instance } = opts;
  if (instance) {
    await instance.undo();
    await recordDumpRestoreDiscarded(db, id);
    await opts.log(`removed the new instance in ${instance.spec.dataDir}`);
  }
  const current = await db.dumpRestore.findUniqueOrThrow({ where: { id } });
  if (current.status === "running") {
    await failDumpRestoreRecord(db, id, opts.error);
    await opts.log(`failed: ${opts.error}`);
  }
}
