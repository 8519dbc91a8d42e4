import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `probe` until it says done; after `timeoutMs` fails with what `probe` last said was
 * missing, so a stuck service stops the bench with a reason instead of hanging it.
 */
export async function until(
  probe: () => Promise<{ done: true } | { done: false; missing: string }>,
  timeoutMs = 15 * 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await probe();
    if (state.done) return;
    if (Date.now() > deadline) throw new Error(`gave up after ${Math.round(timeoutMs / 1000)} s waiting: ${state.missing}`);
    await sleep(200);
  }
}
