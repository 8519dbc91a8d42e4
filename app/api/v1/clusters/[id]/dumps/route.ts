import { NextResponse } from "next/server";
import { getDump, listDumps } from "@/lib/dumps/find-dumps";
import { requestDump } from "@/lib/dumps/request-dump";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/clusters/[id]/dumps", async ({ app, params, query }) => ({
  dumps: await listDumps(app.db, { ...query, clusterId: idParam(params, "The cluster") }),
}));

// "Dump now".
export const POST = route("POST /api/v1/clusters/[id]/dumps", async ({ app, params, body, audit }) => {
  const dump = await requestDump(app.db, app.queue, { clusterId: idParam(params, "The cluster"), input: body });
  audit({ targetId: dump.id });
  return NextResponse.json({ dump: await getDump(app.db, dump.id) }, { status: 202 });
});
