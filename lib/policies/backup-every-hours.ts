import type { Cluster, Policy } from "@/lib/db/generated/client";
import { longestGapHours } from "@/lib/domain/cron-schedule";

/**
 * How often a complete backup is due: from the policy's backup schedule when there is one (its
 * widest gap), else the cluster's own setting. Monitoring's "backup overdue" and the checklist use it.
 */
export function backupEveryHours(
  cluster: Pick<Cluster, "backupEveryHours"> & { policy: Pick<Policy, "backupCron" | "timeZone"> | null },
  now: Date,
): number {
  const cron = cluster.policy?.backupCron;
  return cron ? longestGapHours(cron, cluster.policy!.timeZone, now) : cluster.backupEveryHours;
}
