import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { rescheduleLater } from "@/lib/schedules/reschedule-later";
import { syncClusterSchedules } from "@/lib/schedules/sync-schedules";

/** Gives a cluster a policy (or none) and reschedules it at once. */
export async function assignPolicy(db: Db, queue: Queue, opts: { clusterId: string; policyId: string | null }): Promise<void> {
  if (opts.policyId && !(await db.policy.findUnique({ where: { id: opts.policyId }, select: { id: true } }))) throw notFound("The policy");
  const { count } = await db.cluster.updateMany({ where: { id: opts.clusterId }, data: { policyId: opts.policyId } });
  if (count === 0) throw notFound("The cluster");
  await rescheduleLater(syncClusterSchedules(db, queue, opts.clusterId), opts.clusterId);
}
