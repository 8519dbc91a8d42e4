/** Heartbeats a worker may miss before it is shown as gone (a busy machine delays a beat or two). */
export const MISSED_BEATS_FOR_GONE = 3;

export type WorkerState = "live" | "stopped" | "gone";

/**
 * A worker that said it stopped is stopped; one whose last heartbeat is older than
 * MISSED_BEATS_FOR_GONE of its own intervals is gone (killed, lost its host or the catalog);
 * otherwise live. `now` is the catalog's clock, the one the heartbeats were written with.
 */
export function workerState(w: { lastHeartbeatAt: Date; heartbeatMs: number; stoppedAt: Date | null }, now: Date): WorkerState {
  if (w.stoppedAt) return "stopped";
  return now.getTime() - w.lastHeartbeatAt.getTime() > MISSED_BEATS_FOR_GONE * w.heartbeatMs ? "gone" : "live";
}
