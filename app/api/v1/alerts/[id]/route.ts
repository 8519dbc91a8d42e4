import { getAlert } from "@/lib/alerts/find-alerts";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

// One alert with every notification sent about it and each delivery attempt.
export const GET = route("GET /api/v1/alerts/[id]", async ({ app, params }) => getAlert(app.db, idParam(params, "The alert")));
