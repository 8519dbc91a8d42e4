import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job, Restore } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/http/app-error";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

const ALLOWED = {
  "restore.promote": ["paused"],
  "restore.discard": ["paused", "complete"],
} as const;

/**
 * "Promote" a restore paused at its target, or "discard" a restored copy (stop it, remove its
 * files) — also what a failed restore left (its worker died before it could remove its copy).
 * The work runs on the worker that holds the copy.
 */
export async function actOnRestore(db: Db, queue: Queue, opts: { restoreId: string; action: keyof typeof ALLOWED }): Promise<Job> {
  const r = await db.restore.findUnique({ where: { id: opts.restoreId } });
  if (!r) throw notFound("The restore");
  if (opts.action === "restore.discard") assertSomethingToDiscard(r);
  const allowed: readonly string[] = ALLOWED[opts.action];
  if (!allowed.includes(r.status) && !(opts.action === "restore.discard" && r.status === "failed")) {
    const verb = opts.action === "restore.promote" ? "promoted" : "discarded";
    throw new AppError("conflict", `A ${r.status} restore cannot be ${verb}.`);
  }
  const job = await recordJob(db, opts.action, { clusterId: r.clusterId });
  return dispatchJob(db, queue, job, { restoreId: r.id });
}

/** Only a new instance is a copy to discard, and a failed restore only while it left one. */
function assertSomethingToDiscard(r: Restore): void {
  if (r.destination === "in_place") throw new AppError("conflict", "An in-place restore is the cluster itself: there is no copy to discard.");
  if (r.status === "failed" && !r.instanceMadeAt) {
    throw new AppError("conflict", `This failed restore left nothing to discard: its copy in ${r.dataDir} was already removed when it failed.`);
  }
}
