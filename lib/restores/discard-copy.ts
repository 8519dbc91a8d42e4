import type { Db } from "@/lib/db/client";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import { destroyInstance } from "@/lib/pg/instance";
import { actOnCopy } from "@/lib/restores/act-on-copy";
import { copySpec } from "@/lib/restores/copy-spec";
import { markInstanceRemoved } from "@/lib/restores/restore-record";

/**
 * Stops a restored copy and removes its data directory: a paused or complete copy, or what a
 * failed restore left behind (a worker that died mid-restore), whose error stays on the row.
 */
export async function discardCopy(db: Db, opts: { restoreId: string; log: JobLog; bins: PgBinaries; osUserName: string }): Promise<void> {
  await actOnCopy(db, { restoreId: opts.restoreId, action: "Discard" }, async (r) => {
    await destroyInstance(await copySpec(r, { bins: opts.bins, osUserName: opts.osUserName }));
    await markInstanceRemoved(db, r.id, {
      status: "discarded",
      error: r.status === "failed" ? r.error : null,
      connectionString: null,
      finishedAt: new Date(),
    });
    await opts.log(`discarded ${r.dataDir}`);
  });
}
