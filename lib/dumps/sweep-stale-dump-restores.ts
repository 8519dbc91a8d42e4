import type { Db } from "@/lib/db/client";

/**
 * Restores of dumps left `running` by a worker that died (their job is no longer queued or
 * running) are failed. What they restored stays in the target database, as after any failure.
 */
export async function sweepStaleDumpRestores(db: Db, opts: { exceptJobId: string }): Promise<number> {
  const { count } = await db.dumpRestore.updateMany({
    where: { status: "running", NOT: { jobId: opts.exceptJobId }, OR: [{ jobId: null }, { job: { status: { in: ["failed", "succeeded"] } } }] },
    data: { status: "failed", finishedAt: new Date(), error: "The restore was interrupted (its worker stopped); the target database may hold part of the dump." },
  });
  return count;
}
