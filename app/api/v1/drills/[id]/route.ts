import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getDrill } from "@/lib/drills/find-drills";

export const GET = route("GET /api/v1/drills/[id]", async ({ app, params }) => ({
  drill: await getDrill(app.db, idParam(params, "The drill")),
}));
