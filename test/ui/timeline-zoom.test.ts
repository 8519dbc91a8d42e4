import { describe, expect, it } from "vitest";
import type { TimelineView } from "@/lib/timeline/timeline-view";
import {
  brushSpan,
  clampSpan,
  isoWithMicros,
  MIN_VIEW_MS,
  panSpan,
  pickStepMs,
  presetSpan,
  showsAll,
  zoomSpan,
} from "@/components/timeline/timeline-zoom";

const HOUR = 3_600_000;
const bounds = { start: 0, end: 10 * HOUR };

describe("timeline zoom and pan", () => {
  it("zooms around the anchor, which stays under the same pixel", () => {
    const view = { start: 2 * HOUR, end: 6 * HOUR };
    const anchor = 3 * HOUR; // a quarter of the way across
    const z = zoomSpan(view, 0.5, anchor, bounds);
    expect(z.end - z.start).toBe(2 * HOUR);
    expect((anchor - z.start) / (z.end - z.start)).toBeCloseTo(0.25, 9);
  });

  it("never zooms out past everything, nor in past one second", () => {
    expect(zoomSpan(bounds, 4, 5 * HOUR, bounds)).toEqual(bounds);
    const tight = zoomSpan({ start: HOUR, end: HOUR + 2_000 }, 0.01, HOUR + 1_000, bounds);
    expect(tight.end - tight.start).toBe(MIN_VIEW_MS);
  });

  it("pans, stopping at either end", () => {
    const view = { start: HOUR, end: 2 * HOUR };
    expect(panSpan(view, HOUR / 2, bounds)).toEqual({ start: 1.5 * HOUR, end: 2.5 * HOUR });
    expect(panSpan(view, -5 * HOUR, bounds)).toEqual({ start: 0, end: HOUR });
    expect(panSpan(view, 50 * HOUR, bounds)).toEqual({ start: 9 * HOUR, end: 10 * HOUR });
  });

  it("a brush selects its range in either direction; a tiny one widens to the minimum", () => {
    expect(brushSpan(4 * HOUR, 3 * HOUR, bounds)).toEqual({ start: 3 * HOUR, end: 4 * HOUR });
    const tiny = brushSpan(HOUR, HOUR + 10, bounds);
    expect(tiny.end - tiny.start).toBe(MIN_VIEW_MS);
    expect(clampSpan({ start: -5, end: 20 * HOUR }, bounds)).toEqual(bounds);
  });

  it("'fit window' frames the newest recoverable window, however old the first backup is", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    const t = {
      now: new Date(now).toISOString(),
      windows: [
        {
          timeline: 1,
          fromBackupId: "a",
          from: { lsn: "0/1", time: "2026-01-01T02:00:00Z" },
          to: { lsn: "0/2", time: "2026-01-01T03:00:00Z" },
        },
        // 90 seconds, nine hours later: a sliver when the whole span is shown.
        {
          timeline: 1,
          fromBackupId: "b",
          from: { lsn: "0/3", time: "2026-01-01T11:40:00Z" },
          to: { lsn: "0/4", time: "2026-01-01T11:41:30Z" },
        },
      ],
    } as unknown as TimelineView;
    const all = { start: now - 10 * HOUR, end: now + 60_000 };
    const v = presetSpan("window", t, all);
    expect(v.start).toBeLessThan(Date.parse("2026-01-01T11:40:00Z"));
    expect(v.end).toBeGreaterThan(Date.parse("2026-01-01T11:41:30Z"));
    expect(v.end - v.start).toBeLessThan(2 * 90_000);
    expect(presetSpan("hour", t, all)).toMatchObject({ start: now - HOUR });
    expect(showsAll(presetSpan("all", t, all), all)).toBe(true);
  });
});

describe("picking precision", () => {
  it("picks to what a pixel is worth: seconds zoomed out, milliseconds and microseconds zoomed in", () => {
    expect(pickStepMs({ start: 0, end: 10 * HOUR }, 900)).toBe(1000);
    expect(pickStepMs({ start: 0, end: 900 }, 900)).toBe(1);
    expect(pickStepMs({ start: 0, end: 9 }, 900)).toBe(0.01);
    expect(pickStepMs({ start: 0, end: 0.0001 }, 900)).toBe(0.001);
  });

  it("writes microseconds into ISO, which Date would drop", () => {
    const base = Date.parse("2026-01-01T10:00:00.123Z");
    expect(isoWithMicros(base + 0.456)).toBe("2026-01-01T10:00:00.123456Z");
    expect(isoWithMicros(base + 0.45)).toBe("2026-01-01T10:00:00.12345Z");
    expect(isoWithMicros(base)).toBe("2026-01-01T10:00:00.123Z");
    expect(isoWithMicros(Date.parse("2026-01-01T10:00:00Z"))).toBe("2026-01-01T10:00:00Z");
    expect(isoWithMicros(base + 0.9999)).toBe("2026-01-01T10:00:00.124Z");
  });
});
