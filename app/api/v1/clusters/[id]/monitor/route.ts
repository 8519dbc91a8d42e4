import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getMonitoring } from "@/lib/monitor/get-monitoring";

// The monitor's recent samples and the production checklist of one cluster.
export const GET = route("GET /api/v1/clusters/[id]/monitor", async ({ app, params }) =>
  getMonitoring(app.db, { clusterId: idParam(params, "The cluster"), config: app.config }),
);
