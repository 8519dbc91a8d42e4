import type { WorkerState } from "@/lib/domain/worker-liveness";
import type { WorkerRow } from "@/lib/workers/read-workers";

/** A worker process as the Workers page and GET /api/v1/workers show it. */
export interface WorkerView {
  id: string;
  host: string;
  version: string;
  queues: string[];
  concurrency: number;
  /** Catalog ids of the jobs it ran at its last beat (GET /api/v1/jobs/:id). */
  runningJobIds: string[];
  state: WorkerState;
  startedAt: string;
  lastHeartbeatAt: string;
  stoppedAt: string | null;
}

export function presentWorker(w: WorkerRow): WorkerView {
  return {
    id: w.id,
    host: w.host,
    version: w.version,
    queues: w.queues,
    concurrency: w.concurrency,
    runningJobIds: w.state === "live" ? w.runningJobIds : [],
    state: w.state,
    startedAt: w.startedAt.toISOString(),
    lastHeartbeatAt: w.lastHeartbeatAt.toISOString(),
    stoppedAt: w.stoppedAt?.toISOString() ?? null,
  };
}
