import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

/** Re-reads a stored dump (checksums, the archive read whole); the result lands on the dump. */
export async function requestDumpVerification(db: Db, queue: Queue, dumpId: string): Promise<Job> {
  const dump = await db.dump.findUnique({ where: { id: dumpId } });
  if (!dump || dump.removingAt) throw notFound("The dump");
  if (dump.status !== "complete") throw new AppError("not_ready", "Only a complete dump can be verified.");
  const job = await recordJob(db, "dump.verify", { clusterId: dump.clusterId, route: { repositoryIds: [dump.repositoryId] } });
  return dispatchJob(db, queue, job, { dumpId: dump.id });
}
