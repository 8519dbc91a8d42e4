import type { Queue } from "bullmq";
import { requestBackup } from "@/lib/backups/request-backup";
import type { Db } from "@/lib/db/client";
import { runsBetween } from "@/lib/domain/cron-schedule";
import { SCHEDULE_FIELD, type ScheduleKind } from "@/lib/domain/policy-input";
import { drillRequestInput } from "@/lib/domain/drill-input";
import { requestDrill } from "@/lib/drills/request-drill";
import { requestDump } from "@/lib/dumps/request-dump";
import { requestDumpBody } from "@/lib/domain/dump-input";
import { AppError } from "@/lib/errors/app-error";
import { requestRetention } from "@/lib/retention/request-retention";
import { requestVerification } from "@/lib/verification/request-verification";

// BullMQ fires a tick within moments of its time; later than this, the worker was not running.
const LATE_MS = 60_000;

const START: Record<ScheduleKind, (db: Db, queue: Queue, clusterId: string) => Promise<{ id: string }>> = {
  // A Wayback-engine cluster cannot follow a policy with differential or incremental schedules
  // (assignPolicy, savePolicy); were one to tick anyway, requestBackup's refusal records it skipped.
  backup: (db, queue, clusterId) => requestBackup(db, queue, clusterId, "full"),
  backup_diff: (db, queue, clusterId) => requestBackup(db, queue, clusterId, "diff"),
  backup_incr: (db, queue, clusterId) => requestBackup(db, queue, clusterId, "incr"),
  verify: requestVerification,
  drill: async (db, queue, clusterId) => {
    const drill = await requestDrill(db, queue, { clusterId, input: drillRequestInput.parse({}), userId: null });
    return { id: drill.jobId! };
  },
  retention: requestRetention,
  // The cluster's own database, in the default format, with roles and tablespaces alongside.
  dump: async (db, queue, clusterId) => {
    const cluster = await db.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { database: true } });
    const dump = await requestDump(db, queue, { clusterId, input: requestDumpBody.parse({ database: cluster.database }) });
    return { id: dump.jobId! };
  },
};

/**
 * One tick of a cluster's schedule: starts the job the way its button does, and records the run
 * with the ticks that fell due while no worker was running. Those are not run one by one: BullMQ
 * keeps one pending tick per scheduler, so a worker that comes back runs the overdue one once,
 * and this record makes the miss visible. A job that cannot start (one is already running, the
 * cluster has no repository) is recorded as skipped with the reason.
 */
export async function fireSchedule(
  db: Db,
  queue: Queue,
  opts: { clusterId: string; kind: ScheduleKind; dueAt: Date; now: Date },
): Promise<void> {
  const { clusterId, kind, dueAt, now } = opts;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, include: { policy: true } });
  if (!cluster) return; // removed since: its schedulers go at the next sync
  const pattern = cluster.policy?.[SCHEDULE_FIELD[kind]] ?? null;
  const missed = pattern && now.getTime() - dueAt.getTime() > LATE_MS ? runsBetween(pattern, cluster.policy!.timeZone, dueAt, now) : 0;
  let jobId: string | null = null;
  let outcome: string;
  if (pattern === null) {
    outcome = "skipped: the policy no longer schedules this";
  } else {
    try {
      jobId = (await START[kind](db, queue, clusterId)).id;
      outcome = "started";
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      outcome = `skipped: ${err.message}`;
    }
  }
  await db.scheduledRun.create({ data: { clusterId, kind, dueAt, ranAt: now, missed, jobId, outcome } });
}
