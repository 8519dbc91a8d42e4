import { NextResponse } from "next/server";
import { deleteCluster } from "@/lib/clusters/delete-cluster";
import { getCluster } from "@/lib/clusters/find-clusters";
import { updateCluster } from "@/lib/clusters/update-cluster";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { rescheduleLater } from "@/lib/schedules/reschedule-later";
import { syncClusterSchedules } from "@/lib/schedules/sync-schedules";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { presentJob } from "@/lib/jobs/job-view";

export const GET = route("GET /api/v1/clusters/[id]", async ({ app, params }) => ({
  cluster: await getCluster(app.db, clusterId(params)),
}));

export const PATCH = route("PATCH /api/v1/clusters/[id]", async ({ app, params, body }) => {
  const id = clusterId(params);
  const { connectionChanged } = await updateCluster(app.db, { id, input: body, secretKey: app.config.secretKey });
  const job = connectionChanged ? presentJob(await enqueueJob(app.db, app.queue, "cluster.check", { clusterId: id })) : null;
  return { cluster: await getCluster(app.db, id), job };
});

/** DELETE /api/v1/clusters/:id?confirm=<the cluster's name> */
export const DELETE = route("DELETE /api/v1/clusters/[id]", async ({ app, params, query }) => {
  const id = clusterId(params);
  await deleteCluster(app.db, { id, confirm: query.confirm });
  // Its schedules stop at once (the supervisor would drop them on its next pass).
  await rescheduleLater(syncClusterSchedules(app.db, app.queue, id), id);
  return new NextResponse(null, { status: 204 });
});

const clusterId = (params: Record<string, string>) => idParam(params, "The cluster");
