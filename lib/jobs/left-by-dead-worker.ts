import type { JobStatus } from "@/lib/db/generated/client";

const ENDED: JobStatus[] = ["failed", "succeeded"];

/**
 * The where clause for rows a dead worker left behind, for any model with a nullable job link:
 * the row's job ended without finishing it, or is gone. Written out because SQL's NOT (job_id = x)
 * is not true for a NULL job_id: `NOT: { jobId }` silently kept rows whose job was deleted.
 */
export function leftByDeadWorker(exceptJobId: string) {
  return { OR: [{ jobId: null }, { jobId: { not: exceptJobId }, job: { status: { in: ENDED } } }] };
}
