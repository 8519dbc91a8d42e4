import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getTimeline } from "@/lib/timeline/get-timeline";

export const GET = route("GET /api/v1/clusters/[id]/timeline", async ({ app, params }) => ({
  timeline: await getTimeline(app.db, { clusterId: idParam(params, "The cluster"), cli: app.config.cli }),
}));
