import { listBackups } from "@/lib/backups/find-backups";
import { listBackupsQuery } from "@/lib/backups/schemas";
import { route } from "@/lib/http/route";

export const GET = route({ role: "viewer", query: listBackupsQuery }, async ({ app, query }) => ({ backups: await listBackups(app.db, query) }));
