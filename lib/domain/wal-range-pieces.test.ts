import { describe, expect, it } from "vitest";
import { recoveryPicture, type BackupPoint, type PartialSegmentInfo, type SegmentInfo } from "./recoverable-window";
import { parseTimelineHistory, type TimelineHistory } from "./timeline-history";
import { rangePieces, rangeRecoveryPicture, type StoredRange } from "./wal-range-pieces";
import { DEFAULT_WAL_SEGMENT_SIZE } from "./wal-segment";

const SEG = BigInt(DEFAULT_WAL_SEGMENT_SIZE);
const T0 = Date.parse("2026-12-01T00:00:00Z");
const minute = (m: number) => new Date(T0 + m * 60_000);

/** What wal_ranges holds for these segments: maximal runs, latest commit, highest segment holding it. */
function stored(segments: SegmentInfo[]): StoredRange[] {
  const sorted = [...segments].sort((a, b) => a.timeline - b.timeline || (a.segno < b.segno ? -1 : 1));
  const out: StoredRange[] = [];
  for (const s of sorted) {
    let r = out.at(-1);
    if (!r || r.timeline !== s.timeline || r.last + 1n !== s.segno) {
      r = { timeline: s.timeline, first: s.segno, last: s.segno, lastCommitAt: null, lastCommitSegno: null };
      out.push(r);
    }
    r.last = s.segno;
    if (s.lastCommitAt && (!r.lastCommitAt || s.lastCommitAt >= r.lastCommitAt)) {
      r.lastCommitAt = s.lastCommitAt;
      r.lastCommitSegno = s.segno;
    }
  }
  return out;
}

/** The range way, with each requested read answered from the segments as the catalog would; and how many reads it took. */
function fromRanges(backups: BackupPoint[], segments: SegmentInfo[], histories: TimelineHistory[], partial?: PartialSegmentInfo) {
  const ranges = stored(segments);
  const { pieces, reads } = rangePieces({ ranges, backups, histories, segmentSize: DEFAULT_WAL_SEGMENT_SIZE });
  for (const { piece, read } of reads) {
    const times = segments
      .filter((s) => s.timeline === read.timeline && read.first <= s.segno && s.segno <= read.last && s.lastCommitAt)
      .map((s) => s.lastCommitAt!.getTime());
    pieces[piece]!.lastCommitAt = times.length ? new Date(Math.max(...times)) : null;
  }
  const picture = rangeRecoveryPicture({ backups, ranges, pieces, histories, segmentSize: DEFAULT_WAL_SEGMENT_SIZE, partial });
  return { picture, reads: reads.length };
}

function fromRows(backups: BackupPoint[], segments: SegmentInfo[], histories: TimelineHistory[], partial?: PartialSegmentInfo) {
  const { unusableBackups, ...picture } = recoveryPicture({
    backups,
    segments,
    histories,
    segmentSize: DEFAULT_WAL_SEGMENT_SIZE,
    partial,
  });
  return { ...picture, unusableBackupIds: unusableBackups.map((u) => u.id) };
}

const backup = (id: string, timeline: number, startSeg: number, stopMinute: number, carriesWal = true): BackupPoint => ({
  id,
  status: "complete",
  timeline,
  startLsn: BigInt(startSeg) * SEG + 40n,
  stopLsn: BigInt(startSeg) * SEG + 9000n,
  stopTime: minute(stopMinute),
  carriesWal,
});

function wal(timeline: number, from: number, to: number, commit: (n: number) => number | null, missing: number[] = []): SegmentInfo[] {
  const out: SegmentInfo[] = [];
  for (let n = from; n <= to; n++) {
    if (missing.includes(n)) continue;
    const m = commit(n);
    out.push({ timeline, segno: BigInt(n), firstCommitAt: null, lastCommitAt: m === null ? null : minute(m) });
  }
  return out;
}

describe("the recovery picture from wal_ranges", () => {
  it("equals the one from every row, with real LSNs and gaps, and reads no segment while commit times grow", () => {
    const segments = wal(1, 1, 400, (n) => n * 5, [250, 251]);
    const backups = [backup("a", 1, 2, 10), backup("b", 1, 100, 500, false), backup("c", 1, 300, 1500)];
    const { picture, reads } = fromRanges(backups, segments, []);
    expect(picture).toEqual(fromRows(backups, segments, []));
    expect(picture.gaps).toHaveLength(1);
    expect(reads).toBe(0);
  });

  it("equals it through the receiver's partial segment after the newest range", () => {
    const segments = wal(1, 1, 50, (n) => n * 5);
    const backups = [backup("a", 1, 2, 10)];
    const partial: PartialSegmentInfo = { timeline: 1, segno: 51n, endLsn: 51n * SEG + 5000n, lastCommitAt: minute(300) };
    const { picture } = fromRanges(backups, segments, [], partial);
    expect(picture).toEqual(fromRows(backups, segments, [], partial));
    expect(picture.windows[0]!.to).toEqual({ lsn: 51n * SEG + 5000n, time: minute(300), partial: true });
  });

  it("equals it when the commit clock steps back inside a range, reading only the segments after the latest commit", () => {
    // Segment 12 holds the range's latest commit: a backup starting at 13 must not see it.
    const segments = wal(1, 3, 20, (n) => (n === 12 ? 500 : n === 16 ? null : n * 10));
    const backups = [backup("a", 1, 5, 50), backup("b", 1, 13, 130), backup("c", 1, 8, 80, false)];
    const { picture, reads } = fromRanges(backups, segments, []);
    expect(picture).toEqual(fromRows(backups, segments, []));
    expect(reads).toBe(1);
  });

  it("equals it across a timeline switch whose parent kept archiving past it", () => {
    const history = parseTimelineHistory(2, "1\t0/A000100\tno recovery target specified\n");
    const segments = [...wal(1, 2, 14, (n) => (n >= 10 ? 900 + n : n * 10)), ...wal(2, 10, 18, (n) => 200 + n)];
    const backups = [backup("a", 1, 3, 30), backup("b", 2, 15, 215)];
    expect(fromRanges(backups, segments, [history]).picture).toEqual(fromRows(backups, segments, [history]));
  });

  it("equals it on random archives: gaps, switches, clock steps, backups with and without their WAL", () => {
    let seed = 20261202;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const switchSeg = 20 + rand(30);
      const history = parseTimelineHistory(2, `1\t0/${(switchSeg * 16 + 1).toString(16).toUpperCase()}00000\tx\n`);
      const histories = rand(3) === 0 ? [] : [history];
      const step = rand(60);
      const missing = Array.from({ length: rand(4) }, () => rand(80));
      const segments = [
        ...wal(1, 1 + rand(3), switchSeg + rand(15), (n) => (rand(10) === 0 ? null : n === step ? 2000 : n * 10), missing),
        ...wal(2, switchSeg, 60 + rand(20), (n) => (rand(12) === 0 ? null : 1000 + n * 10 - (n > step ? 700 : 0)), missing),
      ];
      const backups = Array.from({ length: 1 + rand(5) }, (_, i) => {
        const timeline = 1 + rand(2);
        const start = timeline === 1 ? 1 + rand(switchSeg) : switchSeg + rand(40);
        return backup(`b${i}`, timeline, start, start * 10 + rand(5), rand(2) === 0);
      });
      const expected = fromRows(backups, segments, histories);
      expect(fromRanges(backups, segments, histories).picture, `round ${round}`).toEqual(expected);
    }
  });
});
