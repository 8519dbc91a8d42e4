import type { Queue } from "bullmq";
import type { DbClient } from "@/lib/db/client";
import { SCHEDULE_FIELD, SCHEDULE_KINDS, type ScheduleKind } from "@/lib/domain/policy-input";
import { SCHEDULE_JOB } from "@/lib/queue/job-types";

const PREFIX = "schedule:";
export const schedulerId = (clusterId: string, kind: ScheduleKind) => `${PREFIX}${clusterId}:${kind}`;

/**
 * Makes the queue's job schedulers match the cluster's policy: one BullMQ job scheduler per
 * schedule the policy sets, none for the others. A scheduler that already matches is left
 * untouched, so a tick that fell due while no worker ran is still waiting and runs once when
 * one comes back (upserting would replace it with the next future tick).
 */
export async function syncClusterSchedules(db: DbClient, queue: Queue, clusterId: string): Promise<void> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, include: { policy: true } });
  for (const kind of SCHEDULE_KINDS) {
    const id = schedulerId(clusterId, kind);
    const pattern = cluster?.policy?.[SCHEDULE_FIELD[kind]] ?? null;
    const tz = cluster?.policy?.timeZone;
    if (pattern === null || !tz) {
      await queue.removeJobScheduler(id);
      continue;
    }
    const existing = await queue.getJobScheduler(id);
    if (existing?.pattern === pattern && existing.tz === tz) continue;
    await queue.upsertJobScheduler(
      id,
      { pattern, tz },
      {
        name: SCHEDULE_JOB,
        data: { clusterId, kind },
        opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      },
    );
  }
}

/** Every cluster's schedulers made to match, and schedulers of removed clusters dropped (a worker's start). */
export async function syncAllSchedules(db: DbClient, queue: Queue): Promise<void> {
  const clusters = await db.cluster.findMany({ select: { id: true } });
  const known = new Set(clusters.map((c) => c.id));
  for (const s of await queue.getJobSchedulers(0, -1)) {
    const clusterId = s.key.startsWith(PREFIX) ? s.key.slice(PREFIX.length).split(":")[0]! : null;
    if (clusterId !== null && !known.has(clusterId)) await queue.removeJobScheduler(s.key);
  }
  for (const c of clusters) await syncClusterSchedules(db, queue, c.id);
}

/** The clusters using a policy, re-synced after it changed. */
export async function syncPolicySchedules(db: DbClient, queue: Queue, policyId: string): Promise<void> {
  const clusters = await db.cluster.findMany({ where: { policyId }, select: { id: true } });
  for (const c of clusters) await syncClusterSchedules(db, queue, c.id);
}
