import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getTableRestore, listTableRestores } from "@/lib/table-restores/find-table-restores";
import { requestTableRestore } from "@/lib/table-restores/request-table-restore";

export const GET = route("GET /api/v1/clusters/[id]/table-restores", async ({ app, params, query }) => ({
  tableRestores: await listTableRestores(app.db, { clusterId: idParam(params, "The cluster"), limit: query.limit }),
}));

// Plan (dryRun) or start bringing tables back as they were at a target, beside the live ones.
export const POST = route("POST /api/v1/clusters/[id]/table-restores", async ({ app, params, body, user }) => {
  const clusterId = idParam(params, "The cluster");
  const { plan, tableRestore } = await requestTableRestore(app.db, app.queue, {
    clusterId,
    input: body,
    userId: user.id,
    secretKey: app.config.secretKey,
  });
  if (!tableRestore) return { plan };
  return NextResponse.json({ plan, tableRestore: await getTableRestore(app.db, { clusterId, id: tableRestore.id }) }, { status: 202 });
});
