import { NextResponse } from "next/server";
import { discardDumpRestore } from "@/lib/dumps/discard-dump-restore";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { presentJob } from "@/lib/jobs/job-view";

export const POST = route("POST /api/v1/dump-restores/[id]/discard", async ({ app, params }) => {
  const job = await discardDumpRestore(app.db, app.queue, { dumpRestoreId: idParam(params, "The dump restore") });
  return NextResponse.json({ job: presentJob(job) }, { status: 202 });
});
