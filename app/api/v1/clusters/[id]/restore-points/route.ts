import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { createRestorePoint } from "@/lib/restore-points/create-restore-point";
import { listRestorePoints, presentRestorePoint } from "@/lib/restore-points/list-restore-points";

export const GET = route("GET /api/v1/clusters/[id]/restore-points", async ({ app, params }) => ({
  restorePoints: await listRestorePoints(app.db, idParam(params, "The cluster")),
}));

export const POST = route("POST /api/v1/clusters/[id]/restore-points", async ({ app, params, body }) => {
  const rp = await createRestorePoint(app.db, {
    clusterId: idParam(params, "The cluster"),
    name: body.name,
    secretKey: app.config.secretKey,
  });
  return NextResponse.json({ restorePoint: presentRestorePoint(rp) }, { status: 201 });
});
