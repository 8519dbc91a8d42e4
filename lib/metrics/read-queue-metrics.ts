import type { Queue } from "bullmq";

/** The BullMQ states a queue's depth is made of (finished jobs are the catalog's to count). */
export const QUEUE_STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children"] as const;

export interface QueueFigures {
  queue: string;
  jobs: Record<(typeof QUEUE_STATES)[number], number>;
  /** Worker processes consuming it now: BullMQ workers name their Redis connection, and Redis lists it while they are connected. */
  workers: number;
}

/** Depth and live consumers of each queue, from Redis. Throws when Redis does not answer. */
export async function readQueueMetrics(queues: Queue[]): Promise<QueueFigures[]> {
  return Promise.all(
    queues.map(async (q) => {
      const [counts, workers] = await Promise.all([q.getJobCounts(...QUEUE_STATES), q.getWorkersCount()]);
      const jobs = Object.fromEntries(QUEUE_STATES.map((s) => [s, counts[s] ?? 0])) as QueueFigures["jobs"];
      return { queue: q.name, jobs, workers };
    }),
  );
}
