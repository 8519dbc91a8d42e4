import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getChannel } from "@/lib/notify/channels";
import { listChannelDeliveries } from "@/lib/notify/find-deliveries";

// What was sent on the channel, newest first, with every attempt.
export const GET = route("GET /api/v1/notification-channels/[id]/deliveries", async ({ app, params, query }) => {
  const channelId = idParam(params, "The notification channel");
  await getChannel(app.db, channelId);
  return { deliveries: await listChannelDeliveries(app.db, { channelId, limit: query.limit }) };
});
