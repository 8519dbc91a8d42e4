import { NextResponse } from "next/server";
import { requestDumpVerification } from "@/lib/dumps/request-dump-verification";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { presentJob } from "@/lib/jobs/job-view";

export const POST = route("POST /api/v1/dumps/[id]/verifications", async ({ app, params }) => {
  const job = await requestDumpVerification(app.db, app.queue, idParam(params, "The dump"));
  return NextResponse.json({ job: presentJob(job) }, { status: 202 });
});
