import { describe, expect, it } from "vitest";
import { periodKey, recentPeriods } from "./calendar-periods";

describe("periodKey", () => {
  it("puts a moment in the day, ISO week, month and year of the given time zone", () => {
    const lateEvening = new Date("2026-11-24T23:30:00Z");
    expect(periodKey("daily", lateEvening, "UTC")).toBe("2026-11-24");
    expect(periodKey("daily", lateEvening, "Europe/Berlin")).toBe("2026-11-25");
    expect(periodKey("daily", lateEvening, "America/New_York")).toBe("2026-11-24");
    expect(periodKey("weekly", lateEvening, "UTC")).toBe("2026-W48");
    expect(periodKey("monthly", new Date("2026-11-30T23:30:00Z"), "Europe/Berlin")).toBe("2026-12");
    expect(periodKey("yearly", new Date("2026-12-31T23:30:00Z"), "Asia/Tokyo")).toBe("2027");
  });

  it("numbers weeks as ISO 8601 does across year ends", () => {
    // 1 January 2027 is a Friday: it belongs to the last week of 2026 (W53).
    expect(periodKey("weekly", new Date("2027-01-01T12:00:00Z"), "UTC")).toBe("2026-W53");
    // 29 December 2025 is a Monday in week 1 of 2026.
    expect(periodKey("weekly", new Date("2025-12-29T12:00:00Z"), "UTC")).toBe("2026-W01");
    expect(periodKey("weekly", new Date("2025-12-28T12:00:00Z"), "UTC")).toBe("2025-W52");
  });
});

describe("recentPeriods", () => {
  it("counts today and the days before it on the local calendar", () => {
    expect(recentPeriods("daily", 3, new Date("2026-03-01T10:00:00Z"), "UTC")).toEqual(["2026-03-01", "2026-02-28", "2026-02-27"]);
    // 2028 is a leap year.
    expect(recentPeriods("daily", 3, new Date("2028-03-01T10:00:00Z"), "UTC")).toEqual(["2028-03-01", "2028-02-29", "2028-02-28"]);
  });

  it("is unaffected by DST changes (a 23-hour and a 25-hour day are one day each)", () => {
    // Europe/Berlin springs forward on 29 March 2026 and falls back on 25 October 2026.
    expect(recentPeriods("daily", 3, new Date("2026-03-30T00:30:00+02:00"), "Europe/Berlin")).toEqual([
      "2026-03-30",
      "2026-03-29",
      "2026-03-28",
    ]);
    expect(recentPeriods("daily", 3, new Date("2026-10-26T00:30:00+01:00"), "Europe/Berlin")).toEqual([
      "2026-10-26",
      "2026-10-25",
      "2026-10-24",
    ]);
  });

  it("steps months from the 1st, so the month before 31 March is February", () => {
    expect(recentPeriods("monthly", 3, new Date("2026-03-31T12:00:00Z"), "UTC")).toEqual(["2026-03", "2026-02", "2026-01"]);
    expect(recentPeriods("monthly", 2, new Date("2026-01-15T12:00:00Z"), "UTC")).toEqual(["2026-01", "2025-12"]);
  });

  it("counts weeks and years back from the current one", () => {
    expect(recentPeriods("weekly", 3, new Date("2026-01-07T12:00:00Z"), "UTC")).toEqual(["2026-W02", "2026-W01", "2025-W52"]);
    expect(recentPeriods("yearly", 2, new Date("2028-02-29T12:00:00Z"), "UTC")).toEqual(["2028", "2027"]);
  });

  it("returns nothing for a count of zero", () => {
    expect(recentPeriods("daily", 0, new Date(), "UTC")).toEqual([]);
  });
});
