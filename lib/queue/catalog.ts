import { z } from "zod";

/**
 * Every job type the worker runs, declared once: payload schema (ids only: job data sits in
 * Redis in clear text), attempts, backoff and time limit. The web enqueues by name; the worker
 * re-validates the payload before running it.
 */
export const QUEUE_NAME = "wayback";

const ids = z.object({ jobId: z.uuid(), clusterId: z.uuid() });

export const JOB_TYPES = {
  "cluster.check": {
    payload: ids,
    attempts: 2,
    backoffMs: 2_000,
    timeoutMs: 60_000,
    description: "Check connection",
  },
} as const;

export type JobType = keyof typeof JOB_TYPES;
export type JobPayload<T extends JobType> = z.infer<(typeof JOB_TYPES)[T]["payload"]>;

export function isJobType(name: string): name is JobType {
  return Object.hasOwn(JOB_TYPES, name);
}
