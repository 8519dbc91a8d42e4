import { getDump } from "@/lib/dumps/find-dumps";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/dumps/[id]", async ({ app, params }) => ({
  dump: await getDump(app.db, idParam(params, "The dump")),
}));
