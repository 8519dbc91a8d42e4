import { NextResponse } from "next/server";
import { listBackups } from "@/lib/backups/find-backups";
import { requestBackup } from "@/lib/backups/request-backup";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { presentJob } from "@/lib/jobs/job-view";

export const GET = route("GET /api/v1/clusters/[id]/backups", async ({ app, params, query }) => ({
  backups: await listBackups(app.db, { ...query, clusterId: idParam(params, "The cluster") }),
}));

// "Back up now", ?kind=full|diff|incr (full unless said; differential and incremental for
// pgBackRest clusters). A query, as for verifications: a bodyless POST stays a full backup.
export const POST = route("POST /api/v1/clusters/[id]/backups", async ({ app, params, query }) => {
  const job = await requestBackup(app.db, app.queue, idParam(params, "The cluster"), query.kind);
  return NextResponse.json({ job: presentJob(job) }, { status: 202 });
});
