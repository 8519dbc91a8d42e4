import type { JobType } from "@/lib/queue/catalog";
import type { Processor } from "@/worker/processor";
import { clusterCheck } from "@/worker/processors/cluster-check";

/** One processor per job type in lib/queue/catalog.ts; the type checker keeps the two in step. */
export const PROCESSORS: { [T in JobType]: Processor<T> } = {
  "cluster.check": clusterCheck,
};
