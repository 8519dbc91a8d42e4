import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { listLiveTables } from "@/lib/table-restores/list-live-tables";

export const GET = route("GET /api/v1/clusters/[id]/tables", async ({ app, params, query }) =>
  listLiveTables(app.db, { clusterId: idParam(params, "The cluster"), database: query.database, secretKey: app.config.secretKey }),
);
