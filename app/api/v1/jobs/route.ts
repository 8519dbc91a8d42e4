import { listJobs } from "@/lib/jobs/find-jobs";
import { listJobsQuery } from "@/lib/jobs/schemas";
import { route } from "@/lib/http/route";

export const GET = route({ role: "viewer", query: listJobsQuery }, async ({ app, query }) => ({ jobs: await listJobs(app.db, query) }));
