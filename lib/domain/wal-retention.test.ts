import { describe, expect, it } from "vitest";
import { parseLsn } from "./lsn";
import { cutoffServingCopies, isBelowCutoff, summariseRanges, walCutoff } from "./wal-retention";
import { DEFAULT_WAL_SEGMENT_SIZE as SEG } from "./wal-segment";

describe("walCutoff", () => {
  it("keeps WAL from the oldest retained backup's start segment on", () => {
    const cutoff = walCutoff({
      retained: [{ startLsn: parseLsn("0/5000028") }, { startLsn: parseLsn("0/3000060") }],
      segmentSize: SEG,
      hold: null,
    });
    expect(cutoff).toEqual({ keepFromSegno: 3n, keptBecause: null });
  });

  it("takes the lowest start across timelines: a backup on a later timeline keeps the older timeline's WAL from its own start", () => {
    // Timeline 2 branched at segment 8; a backup on it starts in segment 0x0A, one on timeline 1 in 0x06.
    const cutoff = walCutoff({
      retained: [{ startLsn: parseLsn("0/A000028") }, { startLsn: parseLsn("0/6000028") }],
      segmentSize: SEG,
      hold: null,
    });
    expect(cutoff.keepFromSegno).toBe(6n);
    expect(isBelowCutoff("000000010000000000000005", cutoff, SEG)).toBe(true);
    expect(isBelowCutoff("000000010000000000000007", cutoff, SEG)).toBe(false);
    expect(isBelowCutoff("000000020000000000000008", cutoff, SEG)).toBe(false);
    expect(isBelowCutoff("00000002.history", cutoff, SEG)).toBe(false);
  });

  it("keeps all WAL while something holds it, or when no backup is retained", () => {
    expect(walCutoff({ retained: [{ startLsn: 1n }], segmentSize: SEG, hold: "restore 12 is running" })).toEqual({
      keepFromSegno: null,
      keptBecause: "restore 12 is running",
    });
    expect(walCutoff({ retained: [], segmentSize: SEG, hold: null }).keepFromSegno).toBeNull();
  });
});

describe("isBelowCutoff", () => {
  const cutoff = { keepFromSegno: 0x103n, keptBecause: null };
  it("compares segment numbers whatever the timeline", () => {
    expect(isBelowCutoff("000000010000000100000002", cutoff, SEG)).toBe(true);
    expect(isBelowCutoff("000000020000000100000002", cutoff, SEG)).toBe(true);
    expect(isBelowCutoff("000000010000000100000003", cutoff, SEG)).toBe(false);
    expect(isBelowCutoff("000000010000000200000000", cutoff, SEG)).toBe(false);
  });

  it("treats .partial segments and backup history files by their segment", () => {
    expect(isBelowCutoff("000000010000000100000002.partial", cutoff, SEG)).toBe(true);
    expect(isBelowCutoff("000000010000000100000002.00000028.backup", cutoff, SEG)).toBe(true);
    expect(isBelowCutoff("000000010000000100000003.00000028.backup", cutoff, SEG)).toBe(false);
  });

  it("never removes timeline history files or unknown names", () => {
    expect(isBelowCutoff("00000002.history", cutoff, SEG)).toBe(false);
    expect(isBelowCutoff("README", cutoff, SEG)).toBe(false);
    expect(isBelowCutoff("000000010000000100000002", { keepFromSegno: null, keptBecause: "x" }, SEG)).toBe(false);
  });
});

describe("summariseRanges", () => {
  it("folds names into contiguous runs per timeline", () => {
    const names = [
      "000000010000000000000003",
      "000000010000000000000001",
      "000000010000000000000002",
      "000000010000000000000005",
      "000000020000000000000004",
    ];
    expect(summariseRanges(names, SEG)).toEqual([
      { timeline: 1, first: "000000010000000000000001", last: "000000010000000000000003", count: 3 },
      { timeline: 1, first: "000000010000000000000005", last: "000000010000000000000005", count: 1 },
      { timeline: 2, first: "000000020000000000000004", last: "000000020000000000000004", count: 1 },
    ]);
  });

  it("crosses log boundaries (…FF to the next log's 00)", () => {
    expect(summariseRanges(["0000000100000000000000FF", "000000010000000100000000"], SEG)).toEqual([
      { timeline: 1, first: "0000000100000000000000FF", last: "000000010000000100000000", count: 2 },
    ]);
  });
});

describe("cutoffServingCopies", () => {
  const own = { keepFromSegno: 10n, keptBecause: null };

  it("is the primary's own cutoff when no copy repository lacks a segment below it", () => {
    expect(cutoffServingCopies(own, [null, null])).toEqual(own);
    expect(cutoffServingCopies(own, [])).toEqual(own);
  });

  it("keeps in the primary, from the lowest one, the segments a copy repository still needs and has not received", () => {
    expect(cutoffServingCopies(own, [7n, null, 4n])).toEqual({ keepFromSegno: 4n, keptBecause: null });
  });

  it("never moves the cutoff up, and keeps all WAL when the primary's own plan keeps all", () => {
    expect(cutoffServingCopies(own, [12n])).toEqual(own);
    const all = { keepFromSegno: null, keptBecause: "Retention is stopped: WAL is kept." };
    expect(cutoffServingCopies(all, [3n])).toEqual(all);
  });
});
