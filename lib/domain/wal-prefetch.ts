/**
 * Which archived segments a recovery will ask restore_command for, in the order it asks: from the
 * backup's start segment up, each segment on the newest timeline of the path that has it (as
 * PostgreSQL's XLogFileReadAnyTLI tries the newest timeline first), until the target's segment or
 * the first segment the archive does not hold (where recovery ends).
 */
import { segmentOfLsn } from "./wal-segment";
import { timelinePath, type TimelineHistory } from "./timeline-history";

export interface ArchivedSegment {
  name: string;
  timeline: number;
  segno: bigint;
  sha256: string;
}

export function recoverySegmentOrder(input: {
  segments: readonly ArchivedSegment[];
  /** The history of the timeline recovery follows (no parents for timeline 1). */
  history: TimelineHistory;
  /** Where replay starts: the backup's start LSN. */
  fromLsn: bigint;
  /** The target's LSN when known; null replays to the end of the archive. */
  toLsn: bigint | null;
  segSize?: number;
}): ArchivedSegment[] {
  const { segSize } = input;
  const spans = timelinePath(input.history)
    .map((s) => ({ timeline: s.timeline, firstSegno: segmentOfLsn(s.begin, segSize) }))
    .reverse();
  const byKey = new Map(input.segments.map((s) => [`${s.timeline}/${s.segno}`, s]));
  const last = input.toLsn === null ? null : segmentOfLsn(input.toLsn, segSize);
  const order: ArchivedSegment[] = [];
  for (let segno = segmentOfLsn(input.fromLsn, segSize); last === null || segno <= last; segno++) {
    const found = spans
      .filter((s) => s.firstSegno <= segno)
      .map((s) => byKey.get(`${s.timeline}/${segno}`))
      .find((s) => s !== undefined);
    if (!found) break;
    order.push(found);
  }
  return order;
}
