import { NextResponse } from "next/server";
import { channelCreateInput } from "@/lib/domain/notification-input";
import { route } from "@/lib/http/route";
import { createChannel, getChannel, listChannels } from "@/lib/notify/channels";

export const GET = route({ role: "viewer" }, async ({ app }) => ({ channels: await listChannels(app.db) }));

export const POST = route({ role: "admin", body: channelCreateInput }, async ({ app, body }) => {
  const { id } = await createChannel(app.db, { input: body, secretKey: app.config.secretKey });
  return NextResponse.json({ channel: await getChannel(app.db, id) }, { status: 201 });
});
