import { describe, expect, it } from "vitest";
import { parseLsn } from "@/lib/domain/lsn";
import {
  assertSegmentSize,
  DEFAULT_WAL_SEGMENT_SIZE,
  historyFileName,
  isBackupHistoryName,
  isHistoryFileName,
  isPartialName,
  isSegmentName,
  parseHistoryFileName,
  parseSegmentName,
  segmentEndLsn,
  segmentName,
  segmentOfLsn,
  segmentsPerXLogId,
  segmentStartLsn,
} from "@/lib/domain/wal-segment";

const MiB = 1024 * 1024;

describe("segment sizes", () => {
  it("defaults to 16 MiB with 256 segments per log id", () => {
    expect(DEFAULT_WAL_SEGMENT_SIZE).toBe(16 * MiB);
    expect(segmentsPerXLogId()).toBe(256n);
  });

  it.each([
    [1 * MiB, 4096n],
    [2 * MiB, 2048n],
    [64 * MiB, 64n],
    [1024 * MiB, 4n],
  ])("%i bytes → %i segments per log id", (size, perId) => {
    expect(segmentsPerXLogId(size)).toBe(perId);
  });

  it.each([0, -16 * MiB, 512 * 1024, 3 * MiB, 2048 * MiB, 16 * MiB + 1, 1.5 * MiB, Number.NaN])("refuses %s", (size) => {
    expect(() => assertSegmentSize(size)).toThrow(/power of two between 1 MiB and 1 GiB/);
  });
});

describe("parseSegmentName", () => {
  it("splits timeline, log id and segment (16 MiB)", () => {
    expect(parseSegmentName("000000010000000000000001")).toEqual({ timeline: 1, segno: 1n });
    expect(parseSegmentName("0000000200000016000000B3")).toEqual({ timeline: 2, segno: 0x16n * 256n + 0xb3n });
    expect(parseSegmentName("FFFFFFFF00000001000000FF")).toEqual({ timeline: 0xffffffff, segno: 511n });
  });

  it("uses the segment size for the log id arithmetic (1 MiB → 4096 per log id)", () => {
    expect(parseSegmentName("000000010000000100000000", MiB)).toEqual({ timeline: 1, segno: 4096n });
    expect(parseSegmentName("000000010000000200000FFF", MiB)).toEqual({ timeline: 1, segno: 2n * 4096n + 4095n });
    // The same name means a different segment with 16 MiB segments.
    expect(parseSegmentName("000000010000000100000000").segno).toBe(256n);
  });

  it("refuses a segment part past the end of a log id", () => {
    expect(() => parseSegmentName("000000010000000000000100")).toThrow(/segment part must be below 100/);
    expect(() => parseSegmentName("000000010000000000001000", MiB)).toThrow(/below 1000/);
    expect(() => parseSegmentName("000000010000000000000004", 1024 * MiB)).toThrow(/below 4/);
    expect(parseSegmentName("000000010000000000000003", 1024 * MiB).segno).toBe(3n);
  });

  it.each([
    "00000001000000000000001",
    "0000000100000000000000010",
    "00000001000000000000000a",
    "000000010000000000000001.partial",
    "00000001.history",
    "",
    "G00000010000000000000001",
  ])("refuses %j", (name) => {
    expect(() => parseSegmentName(name)).toThrow(/Not a WAL segment name/);
  });

  it("refuses timeline 0", () => {
    expect(() => parseSegmentName("000000000000000000000001")).toThrow(/timeline 0/);
  });

  it("refuses a bad segment size", () => {
    expect(() => parseSegmentName("000000010000000000000001", 3 * MiB)).toThrow(/power of two/);
  });
});

describe("segmentName", () => {
  it("is the inverse of parseSegmentName", () => {
    for (const [timeline, segno, size] of [
      [1, 0n, DEFAULT_WAL_SEGMENT_SIZE],
      [1, 255n, DEFAULT_WAL_SEGMENT_SIZE],
      [1, 256n, DEFAULT_WAL_SEGMENT_SIZE],
      [3, 0x16b3n, DEFAULT_WAL_SEGMENT_SIZE],
      [0x1a, 4095n, MiB],
      [0x1a, 4096n, MiB],
      [7, 12345678n, 1024 * MiB],
    ] as const) {
      const name = segmentName(timeline, segno, size);
      expect(parseSegmentName(name, size)).toEqual({ timeline, segno });
    }
  });

  it("pads each part to 8 upper-case hex digits", () => {
    expect(segmentName(1, 0xa3n)).toBe("0000000100000000000000A3");
    expect(segmentName(0x2b, 0x100n)).toBe("0000002B0000000100000000");
    expect(segmentName(1, 4096n, MiB)).toBe("000000010000000100000000");
    expect(segmentName(1, 4095n, MiB)).toBe("000000010000000000000FFF");
  });

  it("refuses bad timelines and segment numbers", () => {
    expect(() => segmentName(0, 1n)).toThrow(/Timeline must be/);
    expect(() => segmentName(1.5, 1n)).toThrow(/Timeline must be/);
    expect(() => segmentName(0x1_0000_0000, 1n)).toThrow(/Timeline must be/);
    expect(() => segmentName(1, -1n)).toThrow(RangeError);
    expect(() => segmentName(1, 1n << 40n)).toThrow(RangeError);
    expect(segmentName(1, (1n << 40n) - 1n)).toBe("00000001FFFFFFFF000000FF");
  });
});

describe("LSN ↔ segment", () => {
  it("finds the segment holding an LSN", () => {
    expect(segmentOfLsn(0n)).toBe(0n);
    expect(segmentOfLsn(parseLsn("0/FFFFFF"))).toBe(0n);
    expect(segmentOfLsn(parseLsn("0/1000000"))).toBe(1n);
    expect(segmentOfLsn(parseLsn("16/B374D848"))).toBe(0x16b3n);
    expect(segmentName(1, segmentOfLsn(parseLsn("16/B374D848")))).toBe("0000000100000016000000B3");
  });

  it("honours the segment size", () => {
    expect(segmentOfLsn(parseLsn("0/1000000"), MiB)).toBe(16n);
    expect(segmentName(1, segmentOfLsn(parseLsn("16/B374D848"), MiB), MiB)).toBe("000000010000001600000B37");
    expect(segmentOfLsn(parseLsn("0/FFFFF"), MiB)).toBe(0n);
  });

  it("gives start and end LSNs of a segment", () => {
    expect(segmentStartLsn(0x16b3n)).toBe(parseLsn("16/B3000000"));
    expect(segmentEndLsn(0x16b3n)).toBe(parseLsn("16/B4000000"));
    expect(segmentEndLsn(0xffn)).toBe(parseLsn("1/0"));
    expect(segmentStartLsn(17n, MiB)).toBe(parseLsn("0/1100000"));
    expect(segmentOfLsn(segmentEndLsn(5n) - 1n)).toBe(5n);
  });

  it("refuses out-of-range input", () => {
    expect(() => segmentOfLsn(-1n)).toThrow(RangeError);
    expect(() => segmentStartLsn(-1n)).toThrow(RangeError);
    expect(() => segmentOfLsn(0n, 1000)).toThrow(/power of two/);
  });
});

describe("file-name predicates", () => {
  it("recognises segments", () => {
    expect(isSegmentName("0000000100000000000000A3")).toBe(true);
    expect(isSegmentName("0000000100000000000000a3")).toBe(false);
    expect(isSegmentName("0000000100000000000000A3.partial")).toBe(false);
    expect(isSegmentName("0000000100000000000000A3.gz")).toBe(false);
    expect(isSegmentName("00000002.history")).toBe(false);
  });

  it("recognises partial segments", () => {
    expect(isPartialName("0000000100000000000000A3.partial")).toBe(true);
    expect(isPartialName("0000000100000000000000A3")).toBe(false);
    expect(isPartialName("000000010000000000000A3.partial")).toBe(false);
    expect(isPartialName("0000000100000000000000A3.partial.gz")).toBe(false);
  });

  it("recognises timeline history files", () => {
    expect(isHistoryFileName("00000002.history")).toBe(true);
    expect(isHistoryFileName("0000001A.history")).toBe(true);
    expect(isHistoryFileName("0000001a.history")).toBe(false);
    expect(isHistoryFileName("2.history")).toBe(false);
    expect(isHistoryFileName("00000002.history.tmp")).toBe(false);
  });

  it("recognises backup history files", () => {
    expect(isBackupHistoryName("000000010000000000000002.00000028.backup")).toBe(true);
    expect(isBackupHistoryName("000000010000000000000002.backup")).toBe(false);
    expect(isBackupHistoryName("000000010000000000000002.0000028.backup")).toBe(false);
    expect(isBackupHistoryName("000000010000000000000002")).toBe(false);
  });

  it("names and parses history files", () => {
    expect(historyFileName(2)).toBe("00000002.history");
    expect(historyFileName(0x1a)).toBe("0000001A.history");
    expect(parseHistoryFileName("0000001A.history")).toBe(26);
    expect(() => parseHistoryFileName("00000000.history")).toThrow(/Timeline must be/);
    expect(() => parseHistoryFileName("000000010000000000000002")).toThrow(/Not a timeline history file name/);
  });
});
