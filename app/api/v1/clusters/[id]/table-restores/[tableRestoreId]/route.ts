import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getTableRestore } from "@/lib/table-restores/find-table-restores";

export const GET = route("GET /api/v1/clusters/[id]/table-restores/[tableRestoreId]", async ({ app, params }) => ({
  tableRestore: await getTableRestore(app.db, {
    clusterId: idParam(params, "The cluster"),
    id: idParam(params, "The table restore", "tableRestoreId"),
  }),
}));
