import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Dump } from "@/lib/db/generated/client";
import type { RequestDumpBody } from "@/lib/domain/dump-input";
import { AppError, notFound } from "@/lib/errors/app-error";
import { dispatchJob } from "@/lib/queue/enqueue-job";
import { recordExclusiveJob } from "@/lib/queue/record-exclusive-job";

export const DUMP_JOB = "dump";

/**
 * "Dump now": records the dump (what to dump and how) with its job, so the worker reads every
 * choice from the catalog and the job payload carries ids only. One dump per cluster at a time.
 */
export async function requestDump(db: Db, queue: Queue, opts: { clusterId: string; input: RequestDumpBody }): Promise<Dump> {
  const cluster = await db.cluster.findUnique({ where: { id: opts.clusterId } });
  if (!cluster) throw notFound("The cluster");
  const repositoryId = cluster.repositoryId;
  if (!repositoryId) {
    throw new AppError("not_ready", "This cluster has no repository to store dumps in: assign one on the cluster's edit page.");
  }
  const { database, format, jobs, compressLevel, globals, ...options } = opts.input;
  const { job, record } = await recordExclusiveJob(db, {
    clusterId: cluster.id,
    type: DUMP_JOB,
    busy: "A dump of this cluster",
    alsoRecord: (tx, job) =>
      tx.dump.create({
        data: { clusterId: cluster.id, jobId: job.id, repositoryId, database, format, jobs, compressLevel, globals, options },
      }),
  });
  await dispatchJob(db, queue, job);
  return record;
}
