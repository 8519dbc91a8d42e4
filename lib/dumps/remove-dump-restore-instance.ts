import { UnrecoverableError } from "bullmq";
import type { Db } from "@/lib/db/client";
import { recordDumpRestoreDiscarded } from "@/lib/dumps/dump-restore-record";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import { destroyInstance } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";

/** Stops a dump restore's new instance and removes its data directory, socket directory and log (discardDumpRestore asked for it). */
export async function removeDumpRestoreInstance(
  db: Db,
  opts: { dumpRestoreId: string; bins: PgBinaries; osUserName: string; log: JobLog },
): Promise<void> {
  const r = await db.dumpRestore.findUniqueOrThrow({ where: { id: opts.dumpRestoreId } });
  if (!r.instanceDataDir || r.instancePort === null) throw new UnrecoverableError("This dump restore has no instance.");
  await destroyInstance({
    dataDir: r.instanceDataDir,
    port: r.instancePort,
    bins: opts.bins,
    osUser: await resolveServerUser(opts.osUserName),
  });
  await recordDumpRestoreDiscarded(db, r.id);
  await opts.log(`discarded ${r.instanceDataDir}`);
}
