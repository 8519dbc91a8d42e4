import { describe, expect, it } from "vitest";
import { chainGaps, type ChainBackup } from "@/lib/domain/archive-verification-chain";
import { parseTimelineHistory } from "@/lib/domain/timeline-history";

const SEG = 16 * 1024 * 1024;
const lsnIn = (segno: number, offset = 0x28) => BigInt(segno) * BigInt(SEG) + BigInt(offset);
const segs = (timeline: number, ...segnos: number[]) => segnos.map((s) => ({ timeline, segno: BigInt(s) }));
const range = (timeline: number, from: number, to: number) => segs(timeline, ...Array.from({ length: to - from + 1 }, (_, i) => from + i));
const backup = (id: string, timeline: number, startSeg: number, stopSeg: number, carriesWal = true): ChainBackup => ({
  id,
  label: `label-${id}`,
  timeline,
  startLsn: lsnIn(startSeg),
  stopLsn: lsnIn(stopSeg, 0x100),
  carriesWal,
});
// Timeline 2 branched off timeline 1 in segment 5; timeline 3 off timeline 2 in segment 8.
const tl2 = parseTimelineHistory(2, `1\t0/${(5 * SEG + 0x2000).toString(16).toUpperCase()}\tno recovery target specified\n`);
const tl3 = parseTimelineHistory(
  3,
  `1\t0/${(5 * SEG + 0x2000).toString(16).toUpperCase()}\tx\n2\t0/${(8 * SEG).toString(16).toUpperCase()}\ty\n`,
);

const gaps = (opts: {
  backups: ChainBackup[];
  segments: { timeline: number; segno: bigint }[];
  histories?: ReturnType<typeof parseTimelineHistory>[];
}) => chainGaps({ histories: [], segmentSize: SEG, ...opts });

describe("chainGaps on one timeline", () => {
  it("finds nothing in an unbroken chain, whatever the order of the listing", () => {
    expect(gaps({ backups: [backup("a", 1, 2, 3)], segments: [...range(1, 1, 9)].reverse() })).toEqual([]);
  });

  it("finds a missing segment between the two around it", () => {
    expect(gaps({ backups: [backup("a", 1, 2, 3)], segments: [...range(1, 3, 6), ...range(1, 8, 9)] })).toEqual([
      {
        stretches: [{ timeline: 1, first: 7n, last: 7n }],
        count: 1n,
        before: { timeline: 1, segno: 6n },
        after: { timeline: 1, segno: 8n },
        neededBy: null,
      },
    ]);
  });

  it("needs a backup that carries its WAL only from its stop segment, and any other from its start", () => {
    const segments = [...range(1, 3, 3), ...range(1, 5, 9)]; // 4 is missing, inside the backup
    expect(gaps({ backups: [backup("a", 1, 2, 5)], segments })).toEqual([]);
    expect(gaps({ backups: [backup("a", 1, 2, 5, false)], segments }).map((g) => g.stretches)).toEqual([
      [{ timeline: 1, first: 2n, last: 2n }],
      [{ timeline: 1, first: 4n, last: 4n }],
    ]);
  });

  it("names the backup whose chain starts with missing segments", () => {
    const [gap] = gaps({ backups: [backup("a", 1, 2, 4)], segments: range(1, 7, 9) });
    expect(gap).toMatchObject({
      stretches: [{ timeline: 1, first: 4n, last: 6n }],
      count: 3n,
      before: null,
      after: { timeline: 1, segno: 7n },
    });
    expect(gap?.neededBy?.id).toBe("a");
  });

  it("ignores holes before the oldest backup needs WAL, and WAL the archive has not reached yet", () => {
    expect(gaps({ backups: [backup("a", 1, 6, 7)], segments: [...range(1, 1, 2), ...range(1, 5, 9)] })).toEqual([]);
    expect(gaps({ backups: [backup("a", 1, 6, 12)], segments: range(1, 1, 9) })).toEqual([]);
    expect(gaps({ backups: [], segments: segs(1, 1, 5, 9) })).toEqual([]);
  });

  it("reports a gap once however many backups need it", () => {
    const found = gaps({
      backups: [backup("a", 1, 1, 2), backup("b", 1, 3, 4), backup("c", 1, 9, 10)],
      segments: [...range(1, 2, 5), ...range(1, 7, 11)],
    });
    expect(found.map((g) => g.stretches[0])).toEqual([{ timeline: 1, first: 6n, last: 6n }]);
  });

  it("counts a huge gap without walking it", () => {
    const [gap] = gaps({ backups: [backup("a", 1, 1, 1)], segments: segs(1, 1, 10_000_001) });
    expect(gap?.count).toBe(9_999_999n);
    expect(gap?.stretches).toEqual([{ timeline: 1, first: 2n, last: 10_000_000n }]);
  });
});

describe("chainGaps across timelines (history files followed)", () => {
  // Timeline 1 up to segment 4 (5 survives only as .partial, not listed as a segment), timeline 2 from 5.
  const switched = [...range(1, 1, 4), ...range(2, 5, 9)];

  it("follows a history file from the parent timeline into the child without a gap", () => {
    expect(gaps({ backups: [backup("a", 1, 2, 3)], segments: switched, histories: [tl2] })).toEqual([]);
  });

  it("reads the switch segment from the child: the parent's copy of it does not fill the hole", () => {
    const segments = [...range(1, 1, 6), ...range(2, 6, 9)];
    expect(gaps({ backups: [backup("a", 1, 2, 3)], segments, histories: [tl2] })).toEqual([
      {
        stretches: [{ timeline: 2, first: 5n, last: 5n }],
        count: 1n,
        before: { timeline: 1, segno: 4n },
        after: { timeline: 2, segno: 6n },
        neededBy: null,
      },
    ]);
  });

  it("splits a gap that spans a switch into one stretch per timeline", () => {
    const segments = [...range(1, 1, 3), ...range(2, 6, 9)];
    expect(gaps({ backups: [backup("a", 1, 1, 2)], segments, histories: [tl2] })).toEqual([
      {
        stretches: [
          { timeline: 1, first: 4n, last: 4n },
          { timeline: 2, first: 5n, last: 5n },
        ],
        count: 2n,
        before: { timeline: 1, segno: 3n },
        after: { timeline: 2, segno: 6n },
        neededBy: null,
      },
    ]);
  });

  it("finds a gap on a grandchild timeline through two history files", () => {
    const segments = [...range(1, 1, 4), ...range(2, 5, 7), ...range(3, 8, 8), ...range(3, 10, 11)];
    expect(gaps({ backups: [backup("a", 1, 1, 2)], segments, histories: [tl2, tl3] }).map((g) => g.stretches)).toEqual([
      [{ timeline: 3, first: 9n, last: 9n }],
    ]);
    // Without timeline 3's history file, recovery can only follow timeline 2: its chain is whole.
    expect(gaps({ backups: [backup("a", 1, 1, 2)], segments, histories: [tl2] })).toEqual([]);
  });

  it("keeps a backup taken on the parent after the switch on the parent's own chain", () => {
    // Timeline 1 went on after timeline 2 branched off (the old primary kept running).
    const segments = [...range(1, 1, 8), ...range(1, 10, 11), ...range(2, 5, 12)];
    const found = gaps({ backups: [backup("late", 1, 7, 7)], segments, histories: [tl2] });
    expect(found.map((g) => g.stretches)).toEqual([[{ timeline: 1, first: 9n, last: 9n }]]);
  });

  it("checks each backup on the chain it recovers along", () => {
    // The early backup recovers into timeline 2; the late one ended after the switch, on timeline 1.
    const segments = [...range(1, 1, 4), ...range(1, 6, 9), ...range(2, 5, 6), ...range(2, 8, 9)];
    const found = gaps({ backups: [backup("early", 1, 1, 2), backup("late", 1, 6, 6)], segments, histories: [tl2] });
    expect(found.map((g) => g.stretches)).toEqual([[{ timeline: 2, first: 7n, last: 7n }]]);
    const late = gaps({ backups: [backup("late", 1, 6, 6)], segments: [...range(1, 1, 4), ...range(1, 7, 9)], histories: [tl2] });
    expect(late).toMatchObject([{ stretches: [{ timeline: 1, first: 6n, last: 6n }], before: null }]);
  });
});
