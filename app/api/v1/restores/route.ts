import { route } from "@/lib/http/route";
import { listRestores } from "@/lib/restores/find-restores";
import { listRestoresQuery } from "@/lib/restores/schemas";

export const GET = route({ role: "viewer", query: listRestoresQuery }, async ({ app, query }) => ({ restores: await listRestores(app.db, query) }));
