import type { TimelineView } from "@/lib/timeline/timeline-view";
import { when } from "@/components/timeline/timeline-marks";

/**
 * The end of a window that runs into the receiver's partial segment: a hatched tip labelled
 * "partial", so the last stretch reads as WAL still being received, not a complete segment.
 */
export function PartialSegmentMark({
  w,
  partial,
  x,
  y,
}: {
  w: TimelineView["windows"][number];
  partial: NonNullable<TimelineView["partial"]>;
  x: (t: number) => number;
  y: number;
}) {
  const end = x(Date.parse(w.to.time));
  return (
    <g className="text-green-800" data-kind="partial-segment">
      <rect x={end - 4} y={y - 7} width={4} height={14} fill="currentColor" />
      <text x={end + 3} y={y - 9} fill="currentColor">
        partial segment
      </text>
      <title>{`Partial segment ${partial.name}, uploaded ${when(partial.uploadedAt)}: WAL received up to ${partial.endLsn}, last commit ${partial.lastCommitAt ? when(partial.lastCommitAt) : "none in it"}`}</title>
    </g>
  );
}
