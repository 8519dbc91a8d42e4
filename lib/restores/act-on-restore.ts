import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/http/app-error";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

const ALLOWED = {
  "restore.promote": ["paused"],
  "restore.discard": ["paused", "complete"],
} as const;

/**
 * "Promote" a restore paused at its target, or "discard" a restored copy (stop it, remove its
 * files). The work runs on the worker that holds the copy.
 */
export async function actOnRestore(db: Db, queue: Queue, opts: { restoreId: string; action: keyof typeof ALLOWED }): Promise<Job> {
  const r = await db.restore.findUnique({ where: { id: opts.restoreId } });
  if (!r) throw notFound("The restore");
  const allowed: readonly string[] = ALLOWED[opts.action];
  if (!allowed.includes(r.status)) {
    const verb = opts.action === "restore.promote" ? "promoted" : "discarded";
    throw new AppError("conflict", `A ${r.status} restore cannot be ${verb}.`);
  }
  const job = await recordJob(db, opts.action, { clusterId: r.clusterId });
  return dispatchJob(db, queue, job, { restoreId: r.id });
}
