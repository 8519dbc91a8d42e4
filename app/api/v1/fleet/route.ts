import { route } from "@/app/api/api-route";
import { getFleet } from "@/lib/monitor/get-fleet";

// The fleet overview: every cluster's latest recoverable time, RPO, archive state, last drill, alerts and checklist.
export const GET = route("GET /api/v1/fleet", async ({ app }) => ({ fleet: await getFleet(app.db, { config: app.config }) }));
