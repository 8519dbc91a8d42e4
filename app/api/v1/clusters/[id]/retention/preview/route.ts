import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { retentionPlanForCluster } from "@/lib/retention/plan-for-cluster";
import { presentPreview } from "@/lib/retention/retention-view";

/** The policy form's dry run: the retention planner over this cluster's real backups; changes nothing. */
export const GET = route("GET /api/v1/clusters/[id]/retention/preview", async ({ app, params, query }) => {
  const plan = await retentionPlanForCluster(app.db, { clusterId: idParam(params, "The cluster"), rules: query, now: new Date() });
  return { preview: presentPreview(plan) };
});
