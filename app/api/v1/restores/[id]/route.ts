import { idParam } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { getRestore } from "@/lib/restores/find-restores";

export const GET = route({ role: "viewer" }, async ({ app, params }) => ({ restore: await getRestore(app.db, idParam(params, "The restore")) }));
