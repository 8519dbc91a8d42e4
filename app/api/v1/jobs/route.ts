import { listJobs } from "@/lib/jobs/find-jobs";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/jobs", async ({ app, query }) => ({ jobs: await listJobs(app.db, query) }));
