import { countOpenAlerts } from "@/lib/alerts/find-alerts";
import { route } from "@/lib/http/route";

// The navigation badge.
export const GET = route({ role: "viewer" }, async ({ app }) => countOpenAlerts(app.db));
