import { z } from "zod";
import { idParam } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { getChannel } from "@/lib/notify/channels";
import { listChannelDeliveries } from "@/lib/notify/find-deliveries";

const query = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

// What was sent on the channel, newest first, with every attempt.
export const GET = route({ role: "viewer", query }, async ({ app, params, query }) => {
  const channelId = idParam(params, "The notification channel");
  await getChannel(app.db, channelId);
  return { deliveries: await listChannelDeliveries(app.db, { channelId, limit: query.limit }) };
});
