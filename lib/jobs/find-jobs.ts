import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";
import { presentJobAttempt, type JobAttemptView } from "@/lib/jobs/job-attempt-view";
import { presentJob, type JobView } from "@/lib/jobs/job-view";

export async function listJobs(db: Db, opts: { clusterId?: string; limit: number }): Promise<JobView[]> {
  const rows = await db.job.findMany({ where: { clusterId: opts.clusterId }, orderBy: { queuedAt: "desc" }, take: opts.limit });
  return rows.map(presentJob);
}

/** One job with its `history`: every attempt, how it ended and why (the row itself is the current attempt). */
export async function getJob(db: Db, id: string): Promise<JobView & { history: JobAttemptView[] }> {
  const row = await db.job.findUnique({ where: { id }, include: { attemptHistory: { orderBy: { attempt: "asc" } } } });
  if (!row) throw notFound("The job");
  return { ...presentJob(row), history: row.attemptHistory.map(presentJobAttempt) };
}
