import { route } from "@/app/api/api-route";
import { clientIp } from "@/lib/http/client-ip";
import { checkScrapeAccess } from "@/lib/metrics/check-scrape-access";
import { collectMetrics } from "@/lib/metrics/collect-metrics";
import { METRICS_CONTENT_TYPE } from "@/lib/metrics/render-metrics";

export const GET = route("GET /metrics", async ({ req, app }) => {
  checkScrapeAccess(req.headers.get("authorization"), app.config.metrics, clientIp(req));
  const text = await collectMetrics({ db: app.db, queue: app.queue, config: app.config });
  return new Response(text, { headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" } });
});
