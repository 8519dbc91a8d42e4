import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import type { DbClient, Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { recordJob } from "@/lib/queue/enqueue-job";
import type { JobRoute } from "@/lib/queue/job-host";
import type { JobType } from "@/lib/queue/job-types";

/**
 * Records a job of a type that runs once per cluster at a time: a second request gets a 409 with
 * the running job's id. The advisory lock makes "is one running?" and "record mine" one step per
 * cluster; `alsoRecord` writes the job's own row (a drill, a retention run) in the same
 * transaction. The caller dispatches the job after the commit.
 */
export async function recordExclusiveJob<T = undefined>(
  db: Db,
  opts: { clusterId: string; type: JobType; busy: string; route?: JobRoute; alsoRecord?: (tx: DbClient, job: Job) => Promise<T> },
): Promise<{ job: Job; record: T }> {
  const { clusterId, type } = opts;
  return db.$transaction(async (tx) => {
    await lockForTransaction(tx, advisoryLocks.clusterJob(type, clusterId));
    const running = await tx.job.findFirst({ where: { clusterId, type, status: { in: ["queued", "running"] } } });
    if (running) {
      throw new AppError("conflict", `${opts.busy} is already running (job ${running.id}).`, undefined, { jobId: running.id });
    }
    const job = await recordJob(tx, type, { clusterId, route: opts.route });
    const record = opts.alsoRecord ? await opts.alsoRecord(tx, job) : (undefined as T);
    return { job, record };
  });
}
