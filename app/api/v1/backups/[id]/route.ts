import { getBackup } from "@/lib/backups/find-backups";
import { idParam } from "@/lib/http/params";
import { route } from "@/lib/http/route";

export const GET = route("GET /api/v1/backups/[id]", async ({ app, params }) => ({ backup: await getBackup(app.db, idParam(params, "The backup")) }));
