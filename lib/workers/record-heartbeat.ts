import type { Db } from "@/lib/db/client";

/** What one worker process says about itself with every beat. */
export interface WorkerBeat {
  id: string;
  queuePrefix: string;
  host: string;
  version: string;
  queues: string[];
  concurrency: number;
  runningJobIds: string[];
  heartbeatMs: number;
}

// Rows of workers gone this long are removed by the next beat of any worker: the page shows the
// recently gone, not every process that ever ran.
const FORGET_AFTER = "1 day";

/**
 * Records a worker's heartbeat on the catalog's clock (the one readers compare with, whatever
 * the hosts' clocks say): the first beat inserts its row, later ones update what it runs.
 */
export async function recordHeartbeat(db: Db, beat: WorkerBeat): Promise<void> {
  await db.$executeRaw`
    INSERT INTO workers (id, queue_prefix, host, version, queues, concurrency, running_job_ids, heartbeat_ms)
    VALUES (${beat.id}, ${beat.queuePrefix}, ${beat.host}, ${beat.version}, ${beat.queues}::text[], ${beat.concurrency},
            ${beat.runningJobIds}::uuid[], ${beat.heartbeatMs})
    ON CONFLICT (id) DO UPDATE SET running_job_ids = EXCLUDED.running_job_ids, last_heartbeat_at = now(), stopped_at = NULL`;
  await db.$executeRaw`DELETE FROM workers WHERE last_heartbeat_at < now() - ${FORGET_AFTER}::interval`;
}

/** A worker that closed cleanly says so: it shows as stopped at once, not gone after missed beats. */
export async function markWorkerStopped(db: Db, id: string): Promise<void> {
  await db.$executeRaw`UPDATE workers SET stopped_at = now(), running_job_ids = '{}' WHERE id = ${id}`;
}
