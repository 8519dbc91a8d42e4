import { describe, expect, it } from "vitest";
import { contiguousRanges, MAX_LISTED_MISSING, rangeContains, walRanges } from "@/lib/domain/wal-ranges";
import { segmentName } from "@/lib/domain/wal-segment";

const MiB = 1024 * 1024;
const segs = (timeline: number, ...segnos: number[]) => segnos.map((s) => ({ timeline, segno: BigInt(s) }));

describe("walRanges", () => {
  it("is empty for no segments", () => {
    expect(walRanges([])).toEqual([]);
  });

  it("gives one range and no gap for contiguous WAL, whatever the input order", () => {
    expect(walRanges(segs(1, 5, 3, 4, 2))).toEqual([{ timeline: 1, ranges: [{ first: 2n, last: 5n }], gaps: [] }]);
  });

  it("ignores duplicates", () => {
    expect(walRanges(segs(1, 2, 3, 3, 2, 4, 4))[0]?.ranges).toEqual([{ first: 2n, last: 4n }]);
  });

  it("reports gaps between ranges with the missing segment names", () => {
    const [tl] = walRanges(segs(1, 1, 2, 6, 7, 9));
    expect(tl?.ranges).toEqual([
      { first: 1n, last: 2n },
      { first: 6n, last: 7n },
      { first: 9n, last: 9n },
    ]);
    expect(tl?.gaps).toEqual([
      {
        first: 3n,
        last: 5n,
        missing: ["000000010000000000000003", "000000010000000000000004", "000000010000000000000005"],
        missingCount: 3n,
      },
      { first: 8n, last: 8n, missing: ["000000010000000000000008"], missingCount: 1n },
    ]);
  });

  it("keeps timelines apart and sorted", () => {
    const result = walRanges([...segs(3, 10), ...segs(1, 1, 3), ...segs(2, 2)]);
    expect(result.map((t) => t.timeline)).toEqual([1, 2, 3]);
    expect(result[0]?.gaps.map((g) => g.missing)).toEqual([["000000010000000000000002"]]);
    expect(result[1]).toEqual({ timeline: 2, ranges: [{ first: 2n, last: 2n }], gaps: [] });
  });

  it("lists at most 20 missing names but counts them all", () => {
    const [tl] = walRanges(segs(1, 0, 1000));
    const gap = tl?.gaps[0];
    expect(gap?.missingCount).toBe(999n);
    expect(gap?.missing).toHaveLength(MAX_LISTED_MISSING);
    expect(MAX_LISTED_MISSING).toBe(20);
    expect(gap?.missing[0]).toBe("000000010000000000000001");
    expect(gap?.missing[19]).toBe("000000010000000000000014");
  });

  it("names missing segments across a log id boundary with the segment size given", () => {
    const [big] = walRanges(segs(1, 254, 257));
    expect(big?.gaps[0]?.missing).toEqual(["0000000100000000000000FF", "000000010000000100000000"]);
    const [small] = walRanges(segs(1, 4094, 4097), MiB);
    expect(small?.gaps[0]?.missing).toEqual(["000000010000000000000FFF", "000000010000000100000000"]);
  });

  it("handles the last segments of the LSN space exactly", () => {
    const high = (1n << 44n) - 3n; // 1 MiB segments: 2^44 of them
    const [tl] = walRanges(
      [
        { timeline: 1, segno: high },
        { timeline: 1, segno: high + 2n },
      ],
      MiB,
    );
    expect(tl?.gaps[0]).toMatchObject({ first: high + 1n, last: high + 1n, missingCount: 1n });
    expect(tl?.gaps[0]?.missing).toEqual([segmentName(1, high + 1n, MiB)]);
    expect(tl?.gaps[0]?.missing).toEqual(["00000001FFFFFFFF00000FFE"]);
  });
});

describe("contiguousRanges", () => {
  it("sorts, de-duplicates and splits", () => {
    expect(contiguousRanges([7n, 1n, 2n, 2n, 5n, 6n])).toEqual([
      { first: 1n, last: 2n },
      { first: 5n, last: 7n },
    ]);
    expect(contiguousRanges([])).toEqual([]);
  });
});

describe("rangeContains", () => {
  const range = { first: 3n, last: 5n };
  it("includes both ends", () => {
    expect(rangeContains(range, 3n)).toBe(true);
    expect(rangeContains(range, 4n)).toBe(true);
    expect(rangeContains(range, 5n)).toBe(true);
  });
  it("excludes what is outside", () => {
    expect(rangeContains(range, 2n)).toBe(false);
    expect(rangeContains(range, 6n)).toBe(false);
  });
});
