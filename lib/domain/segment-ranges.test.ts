import { describe, expect, it } from "vitest";
import { recoveryPicture, type BackupPoint, type SegmentInfo } from "./recoverable-window";
import { compactRecoveryInputs, recoveryCutPoints, type SegmentRange } from "./segment-ranges";
import { parseTimelineHistory, type TimelineHistory } from "./timeline-history";
import { DEFAULT_WAL_SEGMENT_SIZE } from "./wal-segment";

const SEG = BigInt(DEFAULT_WAL_SEGMENT_SIZE);
const T0 = Date.parse("2026-12-01T00:00:00Z");

/** What the catalog's range query returns: islands per timeline, cut at every cut point. */
function toRanges(segments: SegmentInfo[], cuts: bigint[]): SegmentRange[] {
  const sorted = [...segments].sort((a, b) => a.timeline - b.timeline || (a.segno < b.segno ? -1 : 1));
  const ranges: SegmentRange[] = [];
  for (const s of sorted) {
    const r = ranges.at(-1);
    if (r && r.timeline === s.timeline && r.last + 1n === s.segno && !cuts.includes(s.segno)) {
      r.last = s.segno;
      if (s.lastCommitAt && (!r.lastCommitAt || s.lastCommitAt > r.lastCommitAt)) r.lastCommitAt = s.lastCommitAt;
    } else {
      ranges.push({ timeline: s.timeline, first: s.segno, last: s.segno, lastCommitAt: s.lastCommitAt });
    }
  }
  return ranges;
}

/** What the fleet reads from a picture: each window's backup, timeline and times, and the latest recoverable time. */
function times(p: ReturnType<typeof recoveryPicture>) {
  return {
    latest: p.latestRecoverableTime,
    windows: p.windows.map((w) => ({ timeline: w.timeline, fromBackupId: w.fromBackupId, from: w.from.time, to: w.to.time })),
  };
}

function picture(backups: BackupPoint[], segments: SegmentInfo[], histories: TimelineHistory[]) {
  return times(recoveryPicture({ backups, segments, histories, segmentSize: DEFAULT_WAL_SEGMENT_SIZE }));
}

function compacted(backups: BackupPoint[], segments: SegmentInfo[], histories: TimelineHistory[]) {
  const cuts = recoveryCutPoints(backups, histories, DEFAULT_WAL_SEGMENT_SIZE);
  const inputs = compactRecoveryInputs({ backups, ranges: toRanges(segments, cuts), histories, segmentSize: DEFAULT_WAL_SEGMENT_SIZE });
  return { ...times(recoveryPicture(inputs)), segments: inputs.segments.length };
}

const backup = (id: string, timeline: number, startSeg: number, stopTimeMin: number, carriesWal = true): BackupPoint => ({
  id,
  status: "complete",
  timeline,
  startLsn: BigInt(startSeg) * SEG + 40n,
  stopLsn: BigInt(startSeg) * SEG + 9000n,
  stopTime: new Date(T0 + stopTimeMin * 60_000),
  carriesWal,
});

/** Segments from..to on a timeline, with commit times from `commitMin` (minutes), skipping `missing`. */
function wal(
  timeline: number,
  from: number,
  to: number,
  commitMin: (segno: number) => number | null,
  missing: number[] = [],
): SegmentInfo[] {
  const out: SegmentInfo[] = [];
  for (let n = from; n <= to; n++) {
    if (missing.includes(n)) continue;
    const m = commitMin(n);
    out.push({ timeline, segno: BigInt(n), firstCommitAt: null, lastCommitAt: m === null ? null : new Date(T0 + m * 60_000) });
  }
  return out;
}

describe("the recovery picture from segment ranges", () => {
  it("equals the one from every segment when commit times go backwards inside a run", () => {
    // Segment 12 holds a commit later than anything after it (a clock step back): a window from
    // a backup stopping at 13 must not see it, one from 5 must.
    const segments = wal(1, 3, 20, (n) => (n === 12 ? 500 : n === 16 ? null : n * 10));
    const backups = [backup("a", 1, 5, 50), backup("b", 1, 13, 130), backup("c", 1, 8, 80, false)];
    const full = picture(backups, segments, []);
    const small = compacted(backups, segments, []);
    expect(small).toEqual({ ...full, segments: expect.any(Number) });
    expect(small.segments).toBeLessThan(segments.length);
    expect(full.latest).toEqual(new Date(T0 + 500 * 60_000));
  });

  it("equals it with gaps, a backup without its WAL and no commit times", () => {
    const segments = wal(1, 1, 30, (n) => (n > 25 ? null : n * 7), [10, 11, 22]);
    const backups = [backup("a", 1, 2, 14), backup("b", 1, 12, 84), backup("lost", 1, 22, 154, false), backup("late", 1, 27, 200)];
    expect(compacted(backups, segments, [])).toEqual({ ...picture(backups, segments, []), segments: expect.any(Number) });
  });

  it("equals it across a timeline switch, where the parent's copy after the switch is not read", () => {
    // Timeline 2 branches at segment 10; timeline 1's segments 10..14 hold late commits that
    // recovery into timeline 2 never replays.
    const history = parseTimelineHistory(2, "1\t0/A000100\tno recovery target specified\n");
    const segments = [...wal(1, 2, 14, (n) => (n >= 10 ? 900 + n : n * 10)), ...wal(2, 10, 18, (n) => 200 + n)];
    const backups = [backup("a", 1, 3, 30), backup("b", 2, 15, 215)];
    const full = picture(backups, segments, [history]);
    expect(compacted(backups, segments, [history])).toEqual({ ...full, segments: expect.any(Number) });
    expect(full.windows.length).toBeGreaterThan(0);
  });

  it("equals it for a stop on a segment boundary and for windows that touch and merge", () => {
    const onBoundary: BackupPoint = { ...backup("edge", 1, 6, 60), stopLsn: 9n * SEG };
    const segments = wal(1, 4, 40, (n) => n * 3, [20]);
    const backups = [onBoundary, backup("a", 1, 9, 90, false), backup("b", 1, 21, 210), backup("c", 1, 30, 300, false)];
    expect(compacted(backups, segments, [])).toEqual({ ...picture(backups, segments, []), segments: expect.any(Number) });
  });

  it("cuts at backup starts and stops and at history switches", () => {
    const history = parseTimelineHistory(2, "1\t0/A000100\tx\n");
    const cuts = recoveryCutPoints([backup("a", 1, 5, 0)], [history], DEFAULT_WAL_SEGMENT_SIZE);
    expect(cuts.sort((a, b) => (a < b ? -1 : 1))).toEqual([5n, 10n]);
  });
});
