import { NextResponse } from "next/server";
import { hasRole } from "@/lib/domain/roles";
import { AppError } from "@/lib/errors/app-error";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getRestore, listRestores } from "@/lib/restores/find-restores";
import { requestRestore } from "@/lib/restores/request-restore";

export const GET = route("GET /api/v1/clusters/[id]/restores", async ({ app, params, query }) => ({
  restores: await listRestores(app.db, { clusterId: idParam(params, "The cluster"), limit: query.limit }),
}));

// Plan (dryRun) or start a point-in-time restore, into a new instance or (admins) in place.
export const POST = route("POST /api/v1/clusters/[id]/restores", async ({ app, params, body, user }) => {
  // Overwriting production is an admin's decision; the route's own rule lets operators restore into new instances.
  if (body.destination.kind === "in_place" && !hasRole(user.role, "admin"))
    throw new AppError("forbidden", "Restoring in place needs the admin role.");
  const { plan, restore } = await requestRestore(app.db, app.queue, {
    clusterId: idParam(params, "The cluster"),
    input: body,
    userId: user.id,
    restore: app.config.restore,
    workerHost: app.config.workerHost,
  });
  if (!restore) return { plan };
  return NextResponse.json({ plan, restore: await getRestore(app.db, restore.id) }, { status: 202 });
});
