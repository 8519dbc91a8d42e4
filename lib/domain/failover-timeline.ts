import { z } from "zod";
import type { RecoverableWindow } from "./recoverable-window";
import type { RestorePlanError } from "./restore-plan-types";

/** The timeline field of restores and drills: recovery_target_timeline, when not the latest. */
export const timelineChoice = z.int("Enter the timeline as a whole number.").min(1, "Timelines start at 1.");

/**
 * A restore may ask for one timeline (recovery_target_timeline = N) instead of the one 'latest'
 * follows: after a failover, to recover what the old timeline had past the switch, say. The
 * recovery picture keeps only that timeline's windows; when it has none, the refusal names the
 * timelines that have one.
 */
export function pictureOnTimeline<P extends { windows: readonly RecoverableWindow[] }>(
  picture: P,
  timeline: number,
): { ok: true; picture: P } | { ok: false; error: RestorePlanError } {
  const windows = picture.windows.filter((w) => w.timeline === timeline);
  if (windows.length > 0) return { ok: true, picture: { ...picture, windows } };
  const have = [...new Set(picture.windows.map((w) => w.timeline))].sort((a, b) => a - b);
  return {
    ok: false,
    error: {
      code: "no_window",
      message: `Nothing is recoverable on timeline ${timeline}: ${have.length > 0 ? `choose timeline ${have.join(", ")}, or leave the timeline out to follow the latest` : "there is no recoverable window yet"}.`,
      nearest: { before: null, after: null },
    },
  };
}
