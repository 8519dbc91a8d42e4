import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getRestore } from "@/lib/restores/find-restores";

export const GET = route("GET /api/v1/restores/[id]", async ({ app, params }) => ({
  restore: await getRestore(app.db, idParam(params, "The restore")),
}));
