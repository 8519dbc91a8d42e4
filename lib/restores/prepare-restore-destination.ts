import type { Db } from "@/lib/db/client";
import type { RestoreRun } from "@/lib/restores/begin-restore";
import { markInstanceMade, recordRestoreFacts } from "@/lib/restores/restore-record";

/**
 * Makes room for the copy: a new instance gets its empty directory, marked on the row before it is
 * made (so a retry after a dead worker knows to remove it); in place stops the cluster and moves
 * its data directory aside, recorded on the row.
 */
export async function prepareRestoreDestination(db: Db, run: RestoreRun): Promise<void> {
  const { restore: r } = run;
  const { oldDataDir } = await run.destination.prepare();
  if (oldDataDir) {
    await recordRestoreFacts(db, r.id, { oldDataDir });
    await run.log(`stopped the cluster and moved its data directory aside to ${oldDataDir}`);
  }
  if (r.destination === "new_instance") await markInstanceMade(db, r.id);
}
