import type { Db } from "@/lib/db/client";
import { jobWaitingFor } from "@/lib/domain/job-waiting";
import type { JobView } from "@/lib/jobs/job-view";
import { liveHosts } from "@/lib/workers/read-workers";

/** A job as the jobs API shows it: with what it waits for when no live worker can take it. */
export type WaitingJobView<T extends JobView = JobView> = T & { waitingFor: string | null };

/**
 * Adds to each job whether it waits for a worker (lib/domain/job-waiting.ts), judged against this
 * installation's live workers (`queuePrefix`) on the catalog's clock. The workers are read only
 * when some job is still queued or running.
 */
export async function withWaiting<T extends JobView>(db: Db, queuePrefix: string, jobs: T[]): Promise<WaitingJobView<T>[]> {
  const open = jobs.some((j) => j.status === "queued" || j.status === "running");
  const live = new Set(open ? (await liveHosts(db, queuePrefix)).map((h) => h.host) : []);
  return jobs.map((j) => ({ ...j, waitingFor: jobWaitingFor(j, live) }));
}
