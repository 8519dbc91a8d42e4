import { NextResponse } from "next/server";
import { deleteBackup } from "@/lib/backups/delete-backup";
import { getBackup } from "@/lib/backups/find-backups";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { presentJob } from "@/lib/jobs/job-view";

export const GET = route("GET /api/v1/backups/[id]", async ({ app, params }) => ({
  backup: await getBackup(app.db, idParam(params, "The backup")),
}));

/** DELETE /api/v1/backups/:id?confirm=<the backup's label>: marks it at once; a worker job removes its files. */
export const DELETE = route("DELETE /api/v1/backups/[id]", async ({ app, params, query, user }) => {
  const job = await deleteBackup(app.db, app.queue, { id: idParam(params, "The backup"), confirm: query.confirm, user });
  return NextResponse.json({ job: presentJob(job) }, { status: 202 });
});
