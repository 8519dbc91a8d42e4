import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { deleteChannel, getChannel, updateChannel } from "@/lib/notify/channels";

export const GET = route("GET /api/v1/notification-channels/[id]", async ({ app, params }) => ({
  channel: await getChannel(app.db, idParam(params, "The notification channel")),
}));

export const PATCH = route("PATCH /api/v1/notification-channels/[id]", async ({ app, params, body }) => {
  const id = idParam(params, "The notification channel");
  await updateChannel(app.db, { id, input: body, secretKey: app.config.secretKey });
  return { channel: await getChannel(app.db, id) };
});

export const DELETE = route("DELETE /api/v1/notification-channels/[id]", async ({ app, params }) => {
  await deleteChannel(app.db, idParam(params, "The notification channel"));
  return new NextResponse(null, { status: 204 });
});
