import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { assignPolicy } from "@/lib/policies/assign-policy";
import { getClusterSchedule } from "@/lib/policies/get-cluster-schedule";

/** PUT { policyId } (null: none): the cluster's schedules and retention follow that policy from now on. */
export const PUT = route("PUT /api/v1/clusters/[id]/policy", async ({ app, params, body }) => {
  const clusterId = idParam(params, "The cluster");
  await assignPolicy(app.db, app.queue, { clusterId, policyId: body.policyId });
  return { schedule: await getClusterSchedule(app.db, { clusterId }) };
});
