import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getDelivery } from "@/lib/notify/find-deliveries";
import { sendTestNotification } from "@/lib/notify/send-test";

// "Send test": queued like any notification; the answer is the delivery to follow.
export const POST = route("POST /api/v1/notification-channels/[id]/test", async ({ app, params }) => {
  const { deliveryId } = await sendTestNotification(app.db, app.queue, {
    channelId: idParam(params, "The notification channel"),
    retryMs: app.config.notify.retryMs,
  });
  return NextResponse.json({ delivery: await getDelivery(app.db, deliveryId) }, { status: 202 });
});
