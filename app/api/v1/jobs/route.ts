import { listJobs } from "@/lib/jobs/find-jobs";
import { withWaiting } from "@/lib/jobs/job-waiting";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/jobs", async ({ app, query }) => ({
  jobs: await withWaiting(app.db, app.config.queuePrefix, await listJobs(app.db, query)),
}));
