import type { Db } from "@/lib/db/client";
import { SCHEDULE_KINDS } from "@/lib/domain/policy-input";
import { notFound } from "@/lib/errors/app-error";
import { schedulesOf, type ScheduleView } from "@/lib/policies/policy-view";
import { presentRetentionRun, presentScheduledRun, type RetentionRunView, type ScheduledRunView } from "@/lib/retention/retention-view";

/** What the cluster page shows of its policy: next runs, the last run of each schedule, the last enforcement. */
export interface ClusterScheduleView {
  policy: { id: string; name: string; timeZone: string } | null;
  schedules: ScheduleView[];
  lastRuns: ScheduledRunView[];
  lastEnforcement: RetentionRunView | null;
}

/** The cluster page's policy panel: next runs, each schedule's last run (misses included), the last enforcement. */
export async function getClusterSchedule(db: Db, opts: { clusterId: string; now?: Date }): Promise<ClusterScheduleView> {
  const { clusterId } = opts;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, include: { policy: true } });
  if (!cluster) throw notFound("The cluster");
  const [lastRuns, lastEnforcement] = await Promise.all([
    Promise.all(SCHEDULE_KINDS.map((kind) => db.scheduledRun.findFirst({ where: { clusterId, kind }, orderBy: { ranAt: "desc" } }))),
    db.retentionRun.findFirst({
      where: { clusterId },
      orderBy: { startedAt: "desc" },
      include: { expiries: { orderBy: { startedAt: "asc" } } },
    }),
  ]);
  const p = cluster.policy;
  return {
    policy: p ? { id: p.id, name: p.name, timeZone: p.timeZone } : null,
    schedules: p ? schedulesOf(p, opts.now ?? new Date()) : [],
    lastRuns: lastRuns.flatMap((r) => (r ? [presentScheduledRun(r)] : [])),
    lastEnforcement: lastEnforcement ? presentRetentionRun(lastEnforcement) : null,
  };
}
