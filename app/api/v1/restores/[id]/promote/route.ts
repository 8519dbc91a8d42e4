import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { actOnRestore } from "@/lib/restores/act-on-restore";
import { presentJob } from "@/lib/jobs/job-view";

export const POST = route("POST /api/v1/restores/[id]/promote", async ({ app, params }) => {
  const job = await actOnRestore(app.db, app.queue, { restoreId: idParam(params, "The restore"), action: "restore.promote" });
  return NextResponse.json({ job: presentJob(job) }, { status: 202 });
});
