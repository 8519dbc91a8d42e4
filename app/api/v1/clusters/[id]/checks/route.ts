import { NextResponse } from "next/server";
import { getCluster } from "@/lib/clusters/find-clusters";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { presentJob } from "@/lib/jobs/job-view";

export const POST = route("POST /api/v1/clusters/[id]/checks", async ({ app, params }) => {
  const id = idParam(params, "The cluster");
  const cluster = await getCluster(app.db, id);
  if (cluster.pendingCheck) return NextResponse.json({ job: cluster.pendingCheck }, { status: 202 });
  const job = await enqueueJob(app.db, app.queue, "cluster.check", { clusterId: id });
  return NextResponse.json({ job: presentJob(job) }, { status: 202 });
});
