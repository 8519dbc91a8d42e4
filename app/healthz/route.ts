import { route } from "@/app/api/api-route";

// The process is up and serving requests; nothing else is asked (that is /readyz), so a catalog or
// Redis outage never gets healthy web processes restarted.
export const GET = route("GET /healthz", async () => ({ status: "ok" }));
