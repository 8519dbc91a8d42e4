import { NextResponse } from "next/server";
import { route } from "@/app/api/api-route";
import { createChannel, getChannel, listChannels } from "@/lib/notify/channels";

export const GET = route("GET /api/v1/notification-channels", async ({ app }) => ({ channels: await listChannels(app.db) }));

export const POST = route("POST /api/v1/notification-channels", async ({ app, body, audit }) => {
  const { id } = await createChannel(app.db, { input: body, secretKey: app.config.secretKey });
  audit({ targetId: id });
  return NextResponse.json({ channel: await getChannel(app.db, id) }, { status: 201 });
});
