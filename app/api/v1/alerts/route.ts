import { listAlerts } from "@/lib/alerts/find-alerts";
import { route } from "@/app/api/api-route";

// Alerts across clusters: unresolved first, most severe first; filters by cluster, rule and state.
export const GET = route("GET /api/v1/alerts", async ({ app, query }) => ({ alerts: await listAlerts(app.db, query) }));
