import { describe, expect, it } from "vitest";
import { parseTargetTime } from "@/lib/domain/restore-target-time";

describe("parseTargetTime", () => {
  it("parseTargetTime gives the instant and a UTC value with every digit", () => {
    const t = parseTargetTime("2026-11-24T16:31:00.123456+02:00");
    expect(t.date.toISOString()).toBe("2026-11-24T14:31:00.123Z");
    expect(t.canonical).toBe("2026-11-24T14:31:00.123456Z");
    expect(parseTargetTime("2026-01-01T01:30-02:30").canonical).toBe("2026-01-01T04:00:00Z");
    expect(() => parseTargetTime("2026-11-24T14:31:00")).toThrow(/UTC offset/);
  });
});
