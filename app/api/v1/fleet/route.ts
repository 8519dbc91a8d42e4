import { route } from "@/app/api/api-route";
import { selectFleet } from "@/lib/domain/fleet-ranking";
import { getFleet } from "@/lib/monitor/get-fleet";

// The fleet overview, one page of it: each cluster's latest recoverable time, RPO, archive state,
// last drill, alerts and checklist, filtered and sorted (most at risk first by default).
export const GET = route("GET /api/v1/fleet", async ({ app, query }) => {
  const { rows, ...page } = selectFleet(await getFleet(app.db, { config: app.config }), query);
  return { fleet: rows, ...page };
});
