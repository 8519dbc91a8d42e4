import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors/app-error";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

/** Queues a "Test" of the repository for a worker: its network and credentials are what matter. */
export async function requestRepositoryTest(db: Db, queue: Queue, repositoryId: string): Promise<Job> {
  if (!(await db.repository.findUnique({ where: { id: repositoryId }, select: { id: true } }))) throw notFound("The repository");
  const job = await recordJob(db, "repository.test", { clusterId: null, route: { repositoryIds: [repositoryId] } });
  return dispatchJob(db, queue, job, { repositoryId });
}
