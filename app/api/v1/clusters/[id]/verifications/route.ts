import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { listVerifications } from "@/lib/verification/find-verifications";
import { requestVerification } from "@/lib/verification/request-verification";
import { presentJob } from "@/lib/jobs/job-view";

export const GET = route("GET /api/v1/clusters/[id]/verifications", async ({ app, params, query }) => ({
  verifications: await listVerifications(app.db, { clusterId: idParam(params, "The cluster"), ...query }),
}));

// "Verify": re-read the cluster's backups and WAL archive from its primary repository, or ?repositoryId= a copy repository.
export const POST = route("POST /api/v1/clusters/[id]/verifications", async ({ app, params, query }) => {
  const job = await requestVerification(app.db, app.queue, idParam(params, "The cluster"), { repositoryId: query.repositoryId });
  return NextResponse.json({ job: presentJob(job) }, { status: 202 });
});
