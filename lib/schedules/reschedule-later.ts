import { logger } from "@/lib/log";

/**
 * Waits for a scheduler sync; when Redis refuses, the saved policy stands and the worker's
 * supervisor brings the schedulers in line on its next pass, so the user's save is not failed.
 */
export async function rescheduleLater(sync: Promise<void>, policyOrClusterId: string): Promise<void> {
  try {
    await sync;
  } catch (err) {
    logger.warn({ err, id: policyOrClusterId }, "could not update job schedulers now: the worker's supervisor will");
  }
}
