import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getActivity } from "@/lib/wal-activity/get-activity";

export const GET = route("GET /api/v1/clusters/[id]/activity", async ({ app, params, query }) => ({
  activity: await getActivity(app.db, { clusterId: idParam(params, "The cluster"), query }),
}));
