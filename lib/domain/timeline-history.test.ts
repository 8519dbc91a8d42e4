import { describe, expect, it } from "vitest";
import { parseLsn } from "@/lib/domain/lsn";
import { isAncestor, parseTimelineHistory, switchPointOf, timelineOfLsnOnPath, timelinePath } from "@/lib/domain/timeline-history";

// What PostgreSQL writes for timeline 3 after two promotions.
const TLI3 = ["1\t0/3000000\tno recovery target specified", "", '2\t0/5000028\tat restore point "before_migration"', ""].join("\n");

describe("parseTimelineHistory", () => {
  it("parses PostgreSQL's format", () => {
    expect(parseTimelineHistory(3, TLI3)).toEqual({
      timeline: 3,
      parents: [
        { timeline: 1, switchLsn: 0x3000000n, reason: "no recovery target specified" },
        { timeline: 2, switchLsn: 0x5000028n, reason: 'at restore point "before_migration"' },
      ],
    });
  });

  it("skips comments and blank lines, and accepts CRLF and any whitespace between fields", () => {
    const text = "# written by hand\r\n   # indented comment\r\n\r\n1 0/3000000   reason with  spaces \r\n  \t\r\n";
    expect(parseTimelineHistory(2, text)).toEqual({
      timeline: 2,
      parents: [{ timeline: 1, switchLsn: 0x3000000n, reason: "reason with  spaces" }],
    });
  });

  it("allows an entry without a reason", () => {
    expect(parseTimelineHistory(2, "1\t16/B374D848").parents).toEqual([{ timeline: 1, switchLsn: 0x16b374d848n, reason: "" }]);
  });

  it("allows ancestry that skips timelines (a dead branch in between)", () => {
    const history = parseTimelineHistory(4, "1\t0/3000000\tx\n3\t0/7000000\ty\n");
    expect(history.parents.map((p) => p.timeline)).toEqual([1, 3]);
  });

  it("gives an empty ancestry for an empty file (timeline 1 has none)", () => {
    expect(parseTimelineHistory(1, "")).toEqual({ timeline: 1, parents: [] });
  });

  it.each([
    ["garbage", 1],
    ["1\t0/3000000\tok\nnot a line", 2],
    ["1", 1],
    ["1\t3000000\treason", 1],
    ["x1\t0/3000000", 1],
    ["# c\n\n1\t0/3000000\n-1\t0/4000000", 4],
    ["1\t0/300000000\tlow half too long", 1],
  ])("reports a malformed line with its number: %j", (text, line) => {
    expect(() => parseTimelineHistory(3, text)).toThrow(new RegExp(`line ${line}:`));
  });

  it("names what was expected", () => {
    expect(() => parseTimelineHistory(3, "oops")).toThrow(/expected "<parent timeline>\\t<switch LSN>\\t<reason>", got "oops"/);
  });

  it("refuses timelines that do not increase", () => {
    expect(() => parseTimelineHistory(5, "2\t0/3000000\n2\t0/4000000\n")).toThrow(/line 2: timeline 2 does not follow/);
    expect(() => parseTimelineHistory(5, "3\t0/3000000\n2\t0/4000000\n")).toThrow(/line 2/);
  });

  it("refuses parents that are not older than the file's timeline, and timeline 0", () => {
    expect(() => parseTimelineHistory(2, "2\t0/3000000\n")).toThrow(/line 1: parent timeline 2 must be from 1 to 1/);
    expect(() => parseTimelineHistory(2, "1\t0/3000000\n3\t0/4000000\n")).toThrow(/line 2/);
    expect(() => parseTimelineHistory(3, "0\t0/3000000\n")).toThrow(/line 1: parent timeline 0/);
  });

  it("refuses switch points that go backwards", () => {
    expect(() => parseTimelineHistory(3, "1\t0/5000000\n2\t0/4000000\n")).toThrow(
      /line 2: switch point 0\/4000000 is before the previous one, 0\/5000000/,
    );
    expect(parseTimelineHistory(3, "1\t0/5000000\n2\t0/5000000\n").parents).toHaveLength(2);
  });

  it("refuses an impossible file timeline", () => {
    expect(() => parseTimelineHistory(0, "")).toThrow(/Timeline must be/);
  });
});

describe("queries on a history", () => {
  const history = parseTimelineHistory(3, TLI3);

  it("lists the path with each timeline's [begin, end)", () => {
    expect(timelinePath(history)).toEqual([
      { timeline: 1, begin: 0n, end: 0x3000000n },
      { timeline: 2, begin: 0x3000000n, end: 0x5000028n },
      { timeline: 3, begin: 0x5000028n, end: null },
    ]);
    expect(timelinePath({ timeline: 1, parents: [] })).toEqual([{ timeline: 1, begin: 0n, end: null }]);
  });

  it("places an LSN on the timeline that wrote it; a switch point belongs to the child", () => {
    expect(timelineOfLsnOnPath(history, 0n)).toBe(1);
    expect(timelineOfLsnOnPath(history, parseLsn("0/2FFFFFF"))).toBe(1);
    expect(timelineOfLsnOnPath(history, parseLsn("0/3000000"))).toBe(2);
    expect(timelineOfLsnOnPath(history, parseLsn("0/5000027"))).toBe(2);
    expect(timelineOfLsnOnPath(history, parseLsn("0/5000028"))).toBe(3);
    expect(timelineOfLsnOnPath(history, parseLsn("FF/0"))).toBe(3);
    expect(timelineOfLsnOnPath({ timeline: 1, parents: [] }, parseLsn("FF/0"))).toBe(1);
  });

  it("knows its ancestors, itself included, and nothing else", () => {
    expect(isAncestor(history, 1)).toBe(true);
    expect(isAncestor(history, 2)).toBe(true);
    expect(isAncestor(history, 3)).toBe(true);
    expect(isAncestor(history, 4)).toBe(false);
    const skipping = parseTimelineHistory(4, "1\t0/3000000\n3\t0/7000000\n");
    expect(isAncestor(skipping, 2)).toBe(false);
  });

  it("gives the LSN where an ancestor ended", () => {
    expect(switchPointOf(history, 1)).toBe(0x3000000n);
    expect(switchPointOf(history, 2)).toBe(0x5000028n);
    expect(switchPointOf(history, 3)).toBeNull();
    expect(() => switchPointOf(history, 4)).toThrow(/Timeline 4 is not an ancestor of timeline 3/);
  });
});
