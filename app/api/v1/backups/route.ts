import { listBackups } from "@/lib/backups/find-backups";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/backups", async ({ app, query }) => ({ backups: await listBackups(app.db, query) }));
