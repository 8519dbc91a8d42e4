import { NextResponse } from "next/server";
import { route } from "@/app/api/api-route";
import { idParam } from "@/lib/http/params";
import { presentJob } from "@/lib/jobs/job-view";
import { requestRepositoryTest } from "@/lib/repositories/request-repository-test";

export const POST = route("POST /api/v1/repositories/[id]/test", async ({ app, params }) => {
  const job = await requestRepositoryTest(app.db, app.queue, idParam(params, "The repository"));
  return NextResponse.json({ job: presentJob(job) }, { status: 202 });
});
