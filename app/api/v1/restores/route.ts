import { route } from "@/app/api/api-route";
import { listRestores } from "@/lib/restores/find-restores";

export const GET = route("GET /api/v1/restores", async ({ app, query }) => ({ restores: await listRestores(app.db, query) }));
