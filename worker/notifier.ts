import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { dispatchAlertEvents } from "@/lib/notify/dispatch-events";

/**
 * Every worker looks for alert events to send on a short interval; the claim in
 * dispatchAlertEvents makes that safe with any number of workers.
 */
export function startNotifier(db: Db, queue: Queue, opts: { pollMs: number; retryMs: number }): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await dispatchAlertEvents(db, queue, { retryMs: opts.retryMs });
    } catch (err) {
      logger.error({ err }, "could not dispatch alert notifications");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.pollMs);
  return { stop: () => clearInterval(timer) };
}
