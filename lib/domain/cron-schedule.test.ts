import { describe, expect, it } from "vitest";
import { checkCron, isTimeZone, longestGapHours, nextRuns, runsBetween } from "./cron-schedule";

describe("checkCron", () => {
  it("accepts five-field expressions", () => {
    for (const e of ["0 3 * * *", "*/15 * * * *", "30 2 * * mon-fri", "0 4 1 * *", "0 0 * jan,jul sun"]) {
      expect(checkCron(e), e).toEqual({ ok: true });
    }
  });

  it("says why an expression is refused", () => {
    expect(checkCron("0 3 * *")).toEqual({ ok: false, reason: expect.stringContaining("5 fields") });
    expect(checkCron("0 0 3 * * *")).toEqual({ ok: false, reason: expect.stringContaining("this has 6") });
    expect(checkCron("")).toEqual({ ok: false, reason: expect.stringContaining("this has 0") });
    expect(checkCron("61 3 * * *")).toEqual({ ok: false, reason: "61 is out of range: that field takes 0 to 59." });
    expect(checkCron("0 25 * * *")).toEqual({ ok: false, reason: "25 is out of range: that field takes 0 to 23." });
    expect(checkCron("0 3 * * funday")).toEqual({ ok: false, reason: expect.stringContaining("not a number or a month/day name") });
    expect(checkCron("0 0 31 2 *")).toEqual({ ok: false, reason: "That day never occurs in the chosen month(s)." });
  });
});

describe("isTimeZone", () => {
  it("knows IANA zones and refuses the rest", () => {
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Nowhere/City")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});

describe("nextRuns", () => {
  it("evaluates the expression in the policy's time zone", () => {
    const runs = nextRuns("0 3 * * *", "Europe/Berlin", new Date("2026-11-24T12:00:00Z"), 2);
    expect(runs.map((d) => d.toISOString())).toEqual(["2026-11-25T02:00:00.000Z", "2026-11-26T02:00:00.000Z"]);
  });

  it("follows DST: 03:00 local is 01:00 UTC in summer", () => {
    const runs = nextRuns("0 3 * * *", "Europe/Berlin", new Date("2026-03-28T12:00:00Z"), 2);
    expect(runs.map((d) => d.toISOString())).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-30T01:00:00.000Z"]);
  });
});

describe("runsBetween", () => {
  it("counts the ticks that fell due in a window", () => {
    expect(runsBetween("0 * * * *", "UTC", new Date("2026-11-24T00:00:00Z"), new Date("2026-11-24T05:30:00Z"))).toBe(5);
    expect(runsBetween("0 3 * * *", "UTC", new Date("2026-11-24T03:00:00Z"), new Date("2026-11-24T04:00:00Z"))).toBe(0);
  });

  it("stops counting at the cap", () => {
    expect(runsBetween("* * * * *", "UTC", new Date("2026-01-01T00:00:00Z"), new Date("2026-12-01T00:00:00Z"), 50)).toBe(50);
  });
});

describe("longestGapHours", () => {
  it("is the widest spacing of the upcoming runs", () => {
    const monday = new Date("2026-11-23T12:00:00Z");
    expect(longestGapHours("0 3 * * *", "UTC", monday)).toBe(24);
    expect(longestGapHours("0 3 * * 1-5", "UTC", monday)).toBe(72);
    expect(longestGapHours("0 */6 * * *", "UTC", monday)).toBe(6);
  });
});
