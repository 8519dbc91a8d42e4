import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { policyKindRefusal } from "@/lib/domain/backup-kind";
import { AppError, notFound } from "@/lib/errors/app-error";
import { rescheduleLater } from "@/lib/schedules/reschedule-later";
import { syncClusterSchedules } from "@/lib/schedules/sync-schedules";

/** Gives a cluster a policy (or none) and reschedules it at once. */
export async function assignPolicy(db: Db, queue: Queue, opts: { clusterId: string; policyId: string | null }): Promise<void> {
  if (opts.policyId) {
    const policy = await db.policy.findUnique({ where: { id: opts.policyId }, select: { backupDiffCron: true, backupIncrCron: true } });
    if (!policy) throw notFound("The policy");
    const cluster = await db.cluster.findUnique({ where: { id: opts.clusterId }, select: { name: true, engine: true } });
    const refusal = cluster ? policyKindRefusal(policy, [cluster]) : null;
    if (refusal) throw new AppError("validation_failed", refusal, { policyId: [refusal] });
  }
  const { count } = await db.cluster.updateMany({ where: { id: opts.clusterId }, data: { policyId: opts.policyId } });
  if (count === 0) throw notFound("The cluster");
  await rescheduleLater(syncClusterSchedules(db, queue, opts.clusterId), opts.clusterId);
}
