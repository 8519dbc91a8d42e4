import { listDumps } from "@/lib/dumps/find-dumps";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/dumps", async ({ app, query }) => ({ dumps: await listDumps(app.db, query) }));
