import type { Queue } from "bullmq";
import { claimBackup } from "@/lib/backups/backup-claim";
import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Db } from "@/lib/db/client";
import type { TableRestore } from "@/lib/db/generated/client";
import { formatLsn } from "@/lib/domain/lsn";
import { restoredName } from "@/lib/domain/table-restore";
import type { TableRestoreRequestInput } from "@/lib/domain/table-restore-input";
import { notFound } from "@/lib/errors/app-error";
import { withClient } from "@/lib/pg/with-connection";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";
import { routeJob } from "@/lib/queue/job-host";
import { planForCluster } from "@/lib/restores/plan-for-cluster";
import { planRefusal } from "@/lib/restores/request-restore";
import { restoreRepository } from "@/lib/restores/restore-repository";
import { checkProduction } from "@/lib/table-restores/check-production";
import { pickWorkerHost } from "@/lib/workers/pick-worker-host";

export interface TableRestorePlanView {
  backupId: string;
  repositoryId: string;
  reason: string;
  timeline: number;
  targetLsn: string | null;
  walBytesToReplay: number;
  estimatedSeconds: number | null;
  database: string;
  destination: "schema" | "database";
  destinationName: string;
}

/**
 * Plans a table restore exactly as a restore is planned (a target outside the recoverable window
 * is refused with the nearest moments), checks on production that the new schema or database can
 * be made there (naming the GRANT when not) and that compared tables have a primary key — all
 * before anything is recorded or recovered — then records the restore and its job.
 */
export async function requestTableRestore(
  db: Db,
  queue: Queue,
  opts: { clusterId: string; input: TableRestoreRequestInput; userId: string | null; secretKey: Buffer; now?: Date },
): Promise<{ plan: TableRestorePlanView; tableRestore: TableRestore | null }> {
  const { clusterId, input } = opts;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true } });
  if (!cluster) throw notFound("The cluster");
  const { result, estimate } = await planForCluster(db, { clusterId, target: input.target, backupId: input.backupId });
  if (!result.ok) throw planRefusal(result.error);
  const { plan } = result;
  const { repositoryId } = await restoreRepository(db, {
    clusterId,
    backupId: plan.backupId,
    timeline: plan.timeline,
    targetLsn: plan.targetLsn,
  });
  const production = await connectionTarget(db, clusterId, opts.secretKey);
  const database = input.database ?? production.database;
  const destinationName = input.destination.name ?? restoredName(opts.now ?? new Date());
  await withClient({ ...production, database }, (c) =>
    checkProduction(c, { destination: input.destination.kind, destinationName, tables: input.tables, diff: input.diff }),
  );
  const view: TableRestorePlanView = {
    backupId: plan.backupId,
    repositoryId,
    reason: plan.reason,
    timeline: plan.timeline,
    targetLsn: plan.targetLsn === null ? null : formatLsn(plan.targetLsn),
    walBytesToReplay: Number(plan.walBytesToReplay),
    estimatedSeconds: estimate ? Math.round(estimate.seconds) : null,
    database,
    destination: input.destination.kind,
    destinationName,
  };
  if (input.dryRun) return { plan: view, tableRestore: null };

  // The throwaway copy lives on one worker host, picked as for a restore into a new instance.
  const route = { repositoryIds: [repositoryId] };
  const localHost = await pickWorkerHost(db, {
    queuePrefix: queue.opts.prefix ?? "",
    bound: await routeJob(db, "table.restore", clusterId, route),
  });
  const { job, tableRestore } = await db.$transaction(async (tx) => {
    await claimBackup(tx, clusterId, plan.backupId);
    const job = await recordJob(tx, "table.restore", { clusterId, route: { ...route, localHost } });
    const tableRestore = await tx.tableRestore.create({
      data: {
        clusterId,
        jobId: job.id,
        requestedById: opts.userId,
        targetKind: plan.recovery.target,
        targetValue: plan.recovery.value,
        inclusive: plan.recovery.inclusive,
        timeline: plan.timeline,
        backupId: plan.backupId,
        repositoryId,
        planReason: plan.reason,
        targetLsn: view.targetLsn,
        database,
        tables: input.tables.map((t) => `${t.schema}.${t.name}`),
        destination: input.destination.kind,
        destinationName,
        diff: input.diff,
      },
    });
    return { job, tableRestore };
  });
  await dispatchJob(db, queue, job);
  return { plan: view, tableRestore };
}
