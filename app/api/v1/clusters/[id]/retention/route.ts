import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getClusterSchedule } from "@/lib/policies/get-cluster-schedule";
import { requestRetention } from "@/lib/retention/request-retention";
import { presentJob } from "@/lib/jobs/job-view";

export const GET = route("GET /api/v1/clusters/[id]/retention", async ({ app, params }) => ({
  schedule: await getClusterSchedule(app.db, { clusterId: clusterId(params) }),
}));

/** "Enforce now": applies the cluster's policy at once. */
export const POST = route("POST /api/v1/clusters/[id]/retention", async ({ app, params }) => {
  const job = await requestRetention(app.db, app.queue, clusterId(params));
  return NextResponse.json({ job: presentJob(job) }, { status: 202 });
});

const clusterId = (params: Record<string, string>) => idParam(params, "The cluster");
