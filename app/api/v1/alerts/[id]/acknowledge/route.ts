import { acknowledgeAlert } from "@/lib/alerts/acknowledge-alert";
import { getAlert } from "@/lib/alerts/find-alerts";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

export const POST = route("POST /api/v1/alerts/[id]/acknowledge", async ({ app, params, body, user }) => {
  const id = idParam(params, "The alert");
  await acknowledgeAlert(app.db, { id, userId: user.id, comment: body.comment });
  return getAlert(app.db, id);
});
