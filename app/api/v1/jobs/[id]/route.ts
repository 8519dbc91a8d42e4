import { getJob } from "@/lib/jobs/find-jobs";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/jobs/[id]", async ({ app, params }) => ({ job: await getJob(app.db, idParam(params, "The job")) }));
