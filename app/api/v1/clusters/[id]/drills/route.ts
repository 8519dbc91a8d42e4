import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getDrill, listDrills } from "@/lib/drills/find-drills";
import { requestDrill } from "@/lib/drills/request-drill";

export const GET = route("GET /api/v1/clusters/[id]/drills", async ({ app, params, query }) => ({
  drills: await listDrills(app.db, { clusterId: idParam(params, "The cluster"), limit: query.limit }),
}));

// Start a restore drill: restore into a throwaway instance, check it, time it, remove it.
export const POST = route("POST /api/v1/clusters/[id]/drills", async ({ app, params, body, user }) => {
  const drill = await requestDrill(app.db, app.queue, { clusterId: idParam(params, "The cluster"), input: body, userId: user.id });
  return NextResponse.json({ drill: await getDrill(app.db, drill.id) }, { status: 202 });
});
