"use client";

import type { TimelineView } from "@/lib/timeline/timeline-view";
import type { TimelinePick } from "@/components/restores/restore-links";
import { TimelineChart } from "@/components/timeline/timeline-chart";
import { RecoverableFigure, TimelineLists } from "@/components/timeline/timeline-summary";

/**
 * The cluster's recovery picture: one lane per PostgreSQL timeline, the recoverable windows in
 * green, missing WAL in red, backups, restore points and timeline switches, up to now. Below it,
 * the latest recoverable time and the same facts as lists for screen readers and tests.
 * It zooms and pans (buttons, and a brush on the overview strip under it), so a short window
 * stays readable however long the history is.
 * With `onPick`, a click inside a window picks that moment (to the precision a pixel is worth at
 * the current zoom, down to the microsecond) and a click on a restore point flag picks the
 * restore point; `marked` (ISO) draws the moment already chosen; `restorePointHref` makes the
 * listed restore points links. `compact` leaves the lists out (a copy of the picture for context).
 */
export function RecoveryTimeline({
  timeline,
  onPick,
  marked = null,
  restorePointHref,
  compact = false,
}: {
  timeline: TimelineView;
  onPick?: (pick: TimelinePick) => void;
  marked?: string | null;
  restorePointHref?: (name: string) => string;
  compact?: boolean;
}) {
  return (
    <div className="space-y-2">
      <TimelineChart t={timeline} onPick={onPick} marked={marked} />
      {onPick ? (
        <p className="text-xs text-neutral-500">
          Click a moment in a green window, or a restore point flag, to restore to it. Zoom in to pick to the millisecond.
        </p>
      ) : null}
      <RecoverableFigure timeline={timeline} />
      {compact ? null : <TimelineLists timeline={timeline} restorePointHref={restorePointHref} />}
    </div>
  );
}
