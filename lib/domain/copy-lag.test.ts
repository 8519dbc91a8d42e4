import { describe, expect, it } from "vitest";
import { copyLag } from "./copy-lag";

const now = new Date("2026-12-02T08:00:00Z");

describe("copyLag", () => {
  it("is nothing when every archived segment is copied", () => {
    expect(copyLag({ now, missingSegments: 0, oldestMissingArchivedAt: null })).toEqual({ segments: 0, seconds: 0 });
  });

  it("counts the segments waiting and how long the oldest has waited", () => {
    expect(copyLag({ now, missingSegments: 3, oldestMissingArchivedAt: new Date("2026-12-02T07:58:30.900Z") })).toEqual({
      segments: 3,
      seconds: 89,
    });
  });

  it("never goes negative when the archive's clock is ahead of the reader's", () => {
    expect(copyLag({ now, missingSegments: 1, oldestMissingArchivedAt: new Date("2026-12-02T08:00:05Z") })).toEqual({
      segments: 1,
      seconds: 0,
    });
  });
});
