import { route } from "@/app/api/api-route";
import { listWorkers } from "@/lib/workers/list-workers";

export const GET = route("GET /api/v1/workers", async ({ app }) => ({ workers: await listWorkers(app.db, app.config.queuePrefix) }));
