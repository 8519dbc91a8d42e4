import type { Queue } from "bullmq";

/** The BullMQ states a queue's depth is made of (finished jobs are the catalog's to count). */
export const QUEUE_STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children"] as const;

export interface QueueFigures {
  queue: string;
  jobs: Record<(typeof QUEUE_STATES)[number], number>;
  /** Live worker processes consuming it, by their heartbeats (the workers table). */
  workers: number;
}

/**
 * Depth of each queue, from Redis (throws when Redis does not answer), and its live consumers:
 * `workers` lists each live worker's queues (lib/workers/read-workers.ts).
 */
export async function readQueueMetrics(queues: Queue[], workers: { queues: string[] }[]): Promise<QueueFigures[]> {
  return Promise.all(
    queues.map(async (q) => {
      const counts = await q.getJobCounts(...QUEUE_STATES);
      const jobs = Object.fromEntries(QUEUE_STATES.map((s) => [s, counts[s] ?? 0])) as QueueFigures["jobs"];
      return { queue: q.name, jobs, workers: workers.filter((w) => w.queues.includes(q.name)).length };
    }),
  );
}
