import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

/**
 * "Discard" a dump restore's new instance: the worker stops it and removes its files. Only once
 * its job has finished (a running restore removes its own instance when it fails).
 */
export async function discardDumpRestore(db: Db, queue: Queue, opts: { dumpRestoreId: string }): Promise<Job> {
  const r = await db.dumpRestore.findUnique({
    where: { id: opts.dumpRestoreId },
    include: { dump: { select: { clusterId: true } }, job: { select: { workerHost: true } } },
  });
  if (!r) throw notFound("The dump restore");
  if (r.target !== "new_instance" || !r.instanceDataDir)
    throw new AppError("conflict", "Only a dump restore into a new instance has an instance to discard.");
  if (r.discardedAt) throw new AppError("conflict", "This dump restore's instance was already removed.");
  if (r.status === "running") throw new AppError("conflict", "A running dump restore cannot be discarded; wait for it to finish.");
  // On the host its restore made the instance on.
  const job = await recordJob(db, "dump.restore.discard", { clusterId: r.dump.clusterId, route: { localHost: r.job?.workerHost } });
  return dispatchJob(db, queue, job, { dumpRestoreId: r.id });
}
