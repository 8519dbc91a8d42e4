import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { recordDumpRestoreDiscarded } from "@/lib/dumps/dump-restore-record";
import { leftByDeadWorker } from "@/lib/jobs/left-by-dead-worker";
import { destroyInstance, type InstanceSpec } from "@/lib/pg/instance";

/**
 * Restores of dumps left `running` by a worker that died (their job is no longer queued or
 * running) are failed. What they restored into a cluster stays in the target database, as after
 * any failure; a new instance one made is stopped and removed, as a failed job's would be.
 */
export async function sweepStaleDumpRestores(
  db: Db,
  opts: { exceptJobId: string; instance: Omit<InstanceSpec, "dataDir" | "port"> },
): Promise<number> {
  const stale: Prisma.DumpRestoreWhereInput = {
    status: "running",
    ...leftByDeadWorker(opts.exceptJobId),
  };
  const instances = await db.dumpRestore.findMany({
    where: { ...stale, instanceDataDir: { not: null }, instancePort: { not: null }, discardedAt: null },
  });
  for (const r of instances) {
    await destroyInstance({ ...opts.instance, dataDir: r.instanceDataDir!, port: r.instancePort! });
    await recordDumpRestoreDiscarded(db, r.id);
  }
  const { count } = await db.dumpRestore.updateMany({
    where: stale,
    data: {
      status: "failed",
      finishedAt: new Date(),
      error:
        "The restore was interrupted (its worker stopped); the target database may hold part of the dump, and a new instance it made was removed.",
    },
  });
  return count;
}
