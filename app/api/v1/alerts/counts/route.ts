import { countOpenAlerts } from "@/lib/alerts/find-alerts";
import { route } from "@/app/api/api-route";

// The navigation badge.
export const GET = route("GET /api/v1/alerts/counts", async ({ app }) => countOpenAlerts(app.db));
