import { acknowledgeAlert } from "@/lib/alerts/acknowledge-alert";
import { getAlert } from "@/lib/alerts/find-alerts";
import { acknowledgeAlertInput } from "@/lib/alerts/schemas";
import { idParam } from "@/lib/http/params";
import { route } from "@/lib/http/route";

export const POST = route({ role: "operator", body: acknowledgeAlertInput }, async ({ app, params, body, user }) => {
  const id = idParam(params, "The alert");
  await acknowledgeAlert(app.db, { id, userId: user.id, comment: body.comment });
  return getAlert(app.db, id);
});
