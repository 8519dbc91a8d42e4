import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job, Restore } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

type Action = "restore.promote" | "restore.discard";

/**
 * "Promote" a restore paused at its target, or "discard" a restored copy (stop it, remove its
 * files) — also what a restore whose job failed left behind (its worker died before it could
 * remove its copy). The work runs on the worker that holds the copy.
 */
export async function actOnRestore(db: Db, queue: Queue, opts: { restoreId: string; action: Action }): Promise<Job> {
  const r = await db.restore.findUnique({ where: { id: opts.restoreId }, include: { job: true } });
  if (!r) throw notFound("The restore");
  if (opts.action === "restore.promote" && r.status !== "paused")
    throw new AppError("conflict", `A ${r.status} restore cannot be promoted.`);
  if (opts.action === "restore.discard") assertSomethingToDiscard(r);
  // Where the copy is: restores made before worker hosts were recorded go to any worker, as then.
  const route = { localHost: r.workerHost, repositoryIds: r.repositoryId ? [r.repositoryId] : [] };
  const job = await recordJob(db, opts.action, { clusterId: r.clusterId, route });
  return dispatchJob(db, queue, job, { restoreId: r.id });
}

/**
 * A paused or complete copy can be discarded; so can what a failed restore left, which is also
 * the case of a restore still marked running or queued whose job failed (its worker died more
 * often than the job may be retried, so nothing marked the restore failed).
 */
function assertSomethingToDiscard(r: Restore & { job: Job | null }): void {
  if (r.destination === "in_place")
    throw new AppError("conflict", "An in-place restore is the cluster itself: there is no copy to discard.");
  if (r.status === "paused" || r.status === "complete") return;
  const failed = r.status === "failed" || ((r.status === "running" || r.status === "queued") && r.job?.status === "failed");
  if (!failed)
    throw new AppError(
      "conflict",
      `A ${r.status} restore cannot be discarded${r.status === "running" ? ": wait for it to finish or fail" : ""}.`,
    );
  if (!r.instanceMadeAt)
    throw new AppError("conflict", `This failed restore left nothing to discard: its copy in ${r.dataDir} was already removed.`);
}
