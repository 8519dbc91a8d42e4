import { listAlerts } from "@/lib/alerts/find-alerts";
import { listAlertsQuery } from "@/lib/alerts/schemas";
import { route } from "@/lib/http/route";

// Alerts across clusters: unresolved first, most severe first; filters by cluster, rule and state.
export const GET = route({ role: "viewer", query: listAlertsQuery }, async ({ app, query }) => ({ alerts: await listAlerts(app.db, query) }));
