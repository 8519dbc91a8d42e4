import { listBackups } from "@/lib/backups/find-backups";
import { route } from "@/lib/http/route";

export const GET = route("GET /api/v1/backups", async ({ app, query }) => ({ backups: await listBackups(app.db, query) }));
