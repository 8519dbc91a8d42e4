import { describe, expect, it } from "vitest";
import { recoverySegmentOrder, type ArchivedSegment } from "./wal-prefetch";
import { segmentName, segmentStartLsn } from "./wal-segment";
import { parseTimelineHistory } from "./timeline-history";

const seg = (timeline: number, segno: bigint): ArchivedSegment => ({
  name: segmentName(timeline, segno),
  timeline,
  segno,
  sha256: `${timeline}-${segno}`,
});
const names = (s: ArchivedSegment[]) => s.map((x) => `${x.timeline}/${x.segno}`);
const tl1 = parseTimelineHistory(1, "");

describe("recoverySegmentOrder", () => {
  it("runs from the backup's start segment to the target's segment", () => {
    const segments = [1n, 2n, 3n, 4n, 5n, 6n].map((n) => seg(1, n));
    const order = recoverySegmentOrder({ segments, history: tl1, fromLsn: segmentStartLsn(2n) + 40n, toLsn: segmentStartLsn(4n) + 10n });
    expect(names(order)).toEqual(["1/2", "1/3", "1/4"]);
  });

  it("runs to the end of the archive without a target LSN, and stops at the first gap", () => {
    const segments = [2n, 3n, 5n, 6n].map((n) => seg(1, n));
    expect(names(recoverySegmentOrder({ segments, history: tl1, fromLsn: segmentStartLsn(2n), toLsn: null }))).toEqual(["1/2", "1/3"]);
  });

  it("takes the newest timeline on the path from its switch segment on, as PostgreSQL does", () => {
    // Timeline 2 branched from 1 in the middle of segment 4: both timelines hold a segment 4.
    const history = parseTimelineHistory(
      2,
      `1\t0/${(segmentStartLsn(4n) + 100n).toString(16).toUpperCase()}\tno recovery target specified\n`,
    );
    const segments = [seg(1, 3n), seg(1, 4n), seg(1, 5n), seg(2, 4n), seg(2, 5n), seg(2, 6n), seg(3, 6n)];
    const order = recoverySegmentOrder({ segments, history, fromLsn: segmentStartLsn(3n), toLsn: null });
    expect(names(order)).toEqual(["1/3", "2/4", "2/5", "2/6"]);
  });

  it("asks for nothing when the archive lacks the start segment", () => {
    expect(recoverySegmentOrder({ segments: [seg(1, 9n)], history: tl1, fromLsn: segmentStartLsn(2n), toLsn: null })).toEqual([]);
  });
});
