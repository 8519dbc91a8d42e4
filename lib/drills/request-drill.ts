import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Drill } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { dispatchJob } from "@/lib/queue/enqueue-job";
import { routeJob } from "@/lib/queue/job-host";
import { pickWorkerHost } from "@/lib/workers/pick-worker-host";
import { recordExclusiveJob } from "@/lib/queue/record-exclusive-job";
import type { DrillRequestInput } from "@/lib/domain/drill-input";
import { drillRepository } from "@/lib/drills/drill-repository";
import { planForCluster } from "@/lib/restores/plan-for-cluster";

export const DRILL_JOB = "drill";

/**
 * "Run drill": one drill per cluster at a time (a second request gets the running job's id), and
 * none for a cluster without a complete backup to drill. The repository it restores from is
 * recorded on the row (lib/drills/drill-repository.ts), and so is a timeline asked for, once it has
 * a recoverable window (a timeline without one is refused at once, naming those with one).
 */
export async function requestDrill(
  db: Db,
  queue: Queue,
  opts: { clusterId: string; input: DrillRequestInput; userId: string | null },
): Promise<Drill> {
  const { clusterId, input } = opts;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId } });
  if (!cluster) throw notFound("The cluster");
  if (!(await db.backup.findFirst({ where: { clusterId, status: "complete" }, select: { id: true } }))) {
    throw new AppError("not_ready", "This cluster has no complete backup to drill: take a backup first (Back up now).");
  }
  if (input.timeline !== undefined) {
    const { result } = await planForCluster(db, { clusterId, target: { kind: "latest" }, timeline: input.timeline });
    if (!result.ok) throw new AppError("not_ready", result.error.message, { timeline: [result.error.message] });
  }
  const repositoryId = await drillRepository(db, { clusterId, requested: input.repositoryId });
  // The drill's copy lives on one worker host, so a retry after its worker died runs where it is.
  const repositoryIds = repositoryId ? [repositoryId] : [];
  const bound = await routeJob(db, DRILL_JOB, clusterId, { repositoryIds });
  const localHost = await pickWorkerHost(db, { queuePrefix: queue.opts.prefix ?? "", bound });
  const { job, record: drill } = await recordExclusiveJob(db, {
    clusterId,
    type: DRILL_JOB,
    route: { repositoryIds, localHost },
    busy: "A drill of this cluster",
    alsoRecord: (tx, job) =>
      tx.drill.create({
        data: {
          clusterId,
          jobId: job.id,
          requestedById: opts.userId,
          targetKind: input.target,
          tolerancePct: input.tolerancePct,
          repositoryId,
          timeline: input.timeline ?? null,
        },
      }),
  });
  await dispatchJob(db, queue, job);
  return drill;
}
