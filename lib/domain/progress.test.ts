import { describe, expect, it } from "vitest";
import { progressFigures, progressMoved } from "@/lib/domain/progress";

const t0 = new Date("2026-01-01T00:00:00Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe("progress figures", () => {
  it("computes fraction, rate and time left", () => {
    expect(progressFigures({ bytesDone: 250, bytesTotal: 1000, startedAt: t0, now: at(5) })).toEqual({
      fraction: 0.25,
      bytesPerSecond: 50,
      secondsLeft: 15,
    });
  });

  it("says nothing of the rate in the first second or without a start", () => {
    expect(progressFigures({ bytesDone: 10, bytesTotal: 100, startedAt: t0, now: at(0.5) })).toEqual({
      fraction: 0.1,
      bytesPerSecond: null,
      secondsLeft: null,
    });
    expect(progressFigures({ bytesDone: 10, bytesTotal: 100, startedAt: null, now: at(9) }).bytesPerSecond).toBeNull();
  });

  it("caps the fraction at 1 when the estimate was low, and has no fraction without a total", () => {
    expect(progressFigures({ bytesDone: 120, bytesTotal: 100, startedAt: t0, now: at(2) })).toMatchObject({ fraction: 1, secondsLeft: 0 });
    expect(progressFigures({ bytesDone: 120, bytesTotal: null, startedAt: t0, now: at(2) })).toMatchObject({
      fraction: null,
      secondsLeft: null,
      bytesPerSecond: 60,
    });
  });
});

describe("progress worth writing", () => {
  it("writes the first report and the last", () => {
    expect(progressMoved(null, { bytes: 0, total: 100, at: 0 })).toBe(true);
    expect(progressMoved({ bytes: 99, at: 0 }, { bytes: 100, total: 100, at: 10 })).toBe(true);
  });
  it("skips small moves within a second, writes after a second or 5%", () => {
    expect(progressMoved({ bytes: 10, at: 0 }, { bytes: 11, total: 1000, at: 500 })).toBe(false);
    expect(progressMoved({ bytes: 10, at: 0 }, { bytes: 11, total: 1000, at: 1000 })).toBe(true);
    expect(progressMoved({ bytes: 10, at: 0 }, { bytes: 60, total: 1000, at: 100 })).toBe(true);
  });
});
