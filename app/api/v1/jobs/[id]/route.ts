import { getJob } from "@/lib/jobs/find-jobs";
import { withWaiting } from "@/lib/jobs/job-waiting";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/jobs/[id]", async ({ app, params }) => {
  const [job] = await withWaiting(app.db, app.config.queuePrefix, [await getJob(app.db, idParam(params, "The job"))]);
  return { job };
});
