import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/http/app-error";
import { presentJob, type JobView } from "@/lib/views/job-view";

export async function listJobs(db: Db, opts: { clusterId?: string; limit: number }): Promise<JobView[]> {
  const rows = await db.job.findMany({ where: { clusterId: opts.clusterId }, orderBy: { queuedAt: "desc" }, take: opts.limit });
  return rows.map(presentJob);
}

export async function getJob(db: Db, id: string): Promise<JobView> {
  const row = await db.job.findUnique({ where: { id } });
  if (!row) throw notFound("The job");
  return presentJob(row);
}
