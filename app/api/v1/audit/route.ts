import { listAuditEvents } from "@/lib/audit/find-audit-events";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/audit", async ({ app, query }) => ({ events: await listAuditEvents(app.db, query) }));
